"""Import: every problem of every row at once; importing only the good rows; the rows with
problems back as a file to correct, in the uploaded format, with their problems in Danish."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from mapping.models import Contact, ImportBatch, Organisation
from mapping.services.spreadsheets import import_batches_clean
from portal.storage import private_storage
from tests.mapping.import_steps import (
    BAD_CVR,
    CVR_A,
    CVR_B,
    commit,
    counts,
    csv_file,
    errors_of,
    jobs_run,
    start_import,
    xlsx_file,
)

pytestmark = pytest.mark.django_db

HEADINGS = ["Navn", "CVR", "Sektor", "Type", "Postnr.", "Hjemmeside", "Kontaktperson", "E-mail"]
GOOD_1 = ["Løvspring Købmandsgård I/S", CVR_A, "privat", "firma", "6100", "", "Mette", "m@x.dk"]
BAD_1 = ["Fejlfri ApS", BAD_CVR, "privat", "firma", "61000", "ikke en adresse", "Jens", "jens@"]
GOOD_2 = ["Gram Genbrug", CVR_B, "civilsamfund", "forening", "6510", "", "Ole", "ole@x.dk"]
BAD_2 = ["", "", "privat", "ukendt", "6100", "", "", "x@x.dk"]
ROWS = [HEADINGS, GOOD_1, BAD_1, GOOD_2, BAD_2]


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def commit_good(client, batch, preview):
    with jobs_run():
        return client.post(
            reverse("mapping:import-commit", args=[batch.pk]),
            {"digest": preview.context["good"].digest, "rows": "good"},
        )


def read_csv(content):
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_every_problem_of_a_row_is_listed_at_once(client, leader):
    """The e-mail error used to show only once the CVR error was fixed."""
    client.force_login(leader)
    _batch, preview = start_import(client, csv_file(ROWS))
    problems = errors_of(preview, 3)
    # The CVR message is the validators' (mapping/validators.py); here only where it is.
    assert [column for column, _message in problems] == ["CVR", "Postnr.", "Hjemmeside", "E-mail"]
    assert problems[1:] == [
        ("Postnr.", "A Danish postcode has 4 digits."),
        ("Hjemmeside", "Enter a valid URL."),
        ("E-mail", "Enter a valid email address."),
    ]
    problems = errors_of(preview, 5)
    assert ("Navn", "The name is missing.") in problems
    assert any(column == "Type" and "Unknown kind" in message for column, message in problems)
    assert errors_of(preview, 2) == errors_of(preview, 4) == []


def test_the_preview_offers_the_good_rows_and_no_full_import(client, leader):
    client.force_login(leader)
    batch, preview = start_import(client, csv_file(ROWS))
    html = preview.content.decode()
    assert "2 rows have problems" in html
    assert "Import the 2 good rows" in html
    assert reverse("mapping:import-rejects", args=[batch.pk]) in html
    assert not preview.context["plan"].can_commit
    assert [row.number for row in preview.context["good"].rows] == [2, 4]


def test_importing_the_good_rows_imports_exactly_those(client, leader):
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, csv_file(ROWS))
    response = commit_good(client, batch, preview)
    assert response.status_code == 302
    assert counts() == (before[0] + 2, before[1] + 2)
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Løvspring Købmandsgård I/S",
        "Gram Genbrug",
    }
    assert set(Contact.objects.values_list("name", flat=True)) == {"Mette", "Ole"}
    # Imported by staff: internal until published with consent.
    assert not Organisation.objects.filter(published=True).exists()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert batch.summary["skipped"] == [3, 5]
    assert [row["row"] for row in batch.summary["rows"]] == [2, 4]
    result = client.get(reverse("mapping:import-result", args=[batch.pk])).content.decode()
    assert "Rows 3, 5 were not imported" in result
    assert reverse("mapping:import-rejects", args=[batch.pk]) in result


def test_the_whole_file_cannot_be_imported_while_rows_have_problems(client, leader):
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, csv_file(ROWS))
    response = commit(client, batch, preview)
    assert response.status_code == 302
    assert counts() == before
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW


def test_the_good_rows_are_not_imported_when_the_organisations_changed_since(client, leader):
    client.force_login(leader)
    batch, preview = start_import(client, csv_file(ROWS))
    Organisation.objects.create(name="Gram Genbrug", cvr=CVR_B, sector="civil", kind="association")
    before = counts()
    commit_good(client, batch, preview)
    assert counts() == before
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW


def test_the_returned_csv_holds_exactly_the_bad_rows_with_their_problems_in_danish(client, leader):
    client.force_login(leader)
    batch, _preview = start_import(client, csv_file(ROWS))
    response = client.get(reverse("mapping:import-rejects", args=[batch.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "organisationer-problemer.csv" in response["Content-Disposition"]
    rows = read_csv(response.content)
    assert rows[0] == [*HEADINGS, "Problemer"]
    assert [row[:-1] for row in rows[1:]] == [BAD_1, BAD_2]
    problems = rows[1][-1].splitlines()
    assert problems[0].startswith("Kolonne “CVR”, værdi “12345678”: ")
    assert "CVR-nummer" in problems[0]
    assert problems[1:] == [
        "Kolonne “Postnr.”, værdi “61000”: Et dansk postnummer har 4 cifre.",
        "Kolonne “Hjemmeside”, værdi “ikke en adresse”: Indtast en gyldig URL.",
        "Kolonne “E-mail”, værdi “jens@”: Indtast en gyldig e-mail-adresse.",
    ]
    assert "Kolonne “Navn”: Navnet mangler." in rows[2][-1].splitlines()


def test_after_importing_the_good_rows_the_bad_ones_can_still_be_downloaded(client, leader):
    client.force_login(leader)
    batch, preview = start_import(client, csv_file(ROWS))
    commit_good(client, batch, preview)
    response = client.get(reverse("mapping:import-rejects", args=[batch.pk]))
    assert response.status_code == 200
    rows = read_csv(response.content)
    assert [row[0] for row in rows[1:]] == ["Fejlfri ApS", ""]
    assert rows[1][-1].startswith("Kolonne “CVR”")


def test_the_corrected_file_imports_as_it_is(client, leader):
    """The problems column is not taken for a field: the corrected file imports."""
    client.force_login(leader)
    batch, preview = start_import(client, csv_file(ROWS))
    commit_good(client, batch, preview)
    rows = read_csv(client.get(reverse("mapping:import-rejects", args=[batch.pk])).content)
    rows[1][1:6] = ["13703701", "privat", "firma", "6100", ""]
    rows[1][7] = "jens@example.dk"
    corrected = [rows[0], rows[1]]
    again, preview = start_import(client, csv_file(corrected), name="rettet.csv")
    assert preview.context["plan"].can_commit
    commit(client, again, preview)
    assert Organisation.objects.get(name="Fejlfri ApS").contacts.get().email == "jens@example.dk"


def test_an_xlsx_upload_gets_its_bad_rows_back_as_xlsx(client, leader):
    rows = [
        ["Navn", "Sektor", "Type", "Antal ansatte", "E-mail", "Kontaktperson"],
        ["God", "privat", "firma", 12, "a@x.dk", "Anne"],
        ["Skæv", "privat", "firma", 2.5, "ikke-mail", "Bo"],
    ]
    client.force_login(leader)
    batch, preview = start_import(client, xlsx_file(rows), name="liste.xlsx")
    assert [row.number for row in preview.context["good"].rows] == [2]
    response = client.get(reverse("mapping:import-rejects", args=[batch.pk]))
    assert "liste-problemer.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == [*rows[0], "Problemer"]
    assert values[1][:-1] == rows[2]  # the number stays a number
    assert len(values) == 2
    assert values[1][-1].splitlines() == [
        "Kolonne “Antal ansatte”, værdi “2.5”: Det skal være et helt tal.",
        "Kolonne “E-mail”, værdi “ikke-mail”: Indtast en gyldig e-mail-adresse.",
    ]


def test_a_row_that_needed_a_bad_row_is_left_out_and_says_why(client, leader):
    """Row 2 gets its sector only from row 3, which has a problem of its own: without row 3,
    row 2 cannot be imported either, and the preview says so before anyone tries."""
    rows = [
        ["Navn", "CVR", "Sektor", "Type", "By", "Kontaktperson"],
        ["Årø Færgecafé", CVR_A, "", "firma", "Årø", "Anna"],
        ["Årø Færgecafé", CVR_A, "privat", "firma", "Haderslev", "Bent"],
        ["Gram Genbrug", CVR_B, "civilsamfund", "forening", "Gram", "Ole"],
    ]
    client.force_login(leader)
    batch, preview = start_import(client, csv_file(rows))
    assert any("differs from row 2" in message.lower() for _c, message in errors_of(preview, 3))
    assert any("sector is missing" in message for _c, message in errors_of(preview, 2))
    assert [row.number for row in preview.context["good"].rows] == [4]
    commit_good(client, batch, preview)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Gram Genbrug"]


def test_a_new_organisation_with_problems_is_also_told_what_it_lacks(client, leader):
    """No sector and a bad CVR number: both at once, not the sector after the CVR number."""
    rows = [
        ["Navn", "CVR", "Type", "Antal ansatte", "Fleksjob", "E-mail", "Kontaktperson"],
        ["Uden Sektor ApS", BAD_CVR, "firma", "2", "3", "ikke-mail", "Jens"],
    ]
    client.force_login(leader)
    _batch, preview = start_import(client, csv_file(rows))
    columns = [column for column, _message in errors_of(preview, 2)]
    assert columns == ["CVR", "Fleksjob", "E-mail", ""]
    messages = [message for _column, message in errors_of(preview, 2)]
    assert "There cannot be more employees in flexible jobs than employees." in messages
    assert messages[-1].startswith("The sector is missing.")


def test_the_kept_rows_with_problems_are_forgotten_with_the_other_files(
    client, leader, django_capture_on_commit_callbacks
):
    """They hold personal data, as the uploaded file did."""
    client.force_login(leader)
    batch, preview = start_import(client, csv_file(ROWS))
    with django_capture_on_commit_callbacks(execute=True):
        commit_good(client, batch, preview)
    batch.refresh_from_db()
    kept = batch.file.name
    assert private_storage().exists(kept)
    with django_capture_on_commit_callbacks(execute=True):
        import_batches_clean(older_than=timezone.now() + timedelta(days=1))
    assert not private_storage().exists(kept)
    assert client.get(reverse("mapping:import-rejects", args=[batch.pk])).status_code == 302
