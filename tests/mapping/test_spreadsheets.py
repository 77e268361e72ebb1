"""Import of organisations and contacts from CSV and XLSX: the good files and the matching."""

import csv
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from mapping import spreadsheets
from mapping.models import Contact, ImportBatch, Organisation
from mapping.services import spreadsheets as import_services
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

# Invented CVR numbers that pass the modulus-11 check.
CVR_A, CVR_B, CVR_C, CVR_D = "10000009", "11234569", "12469136", "13703701"
BAD_CVR = "12345678"


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The messages asserted here are the English source texts (the cookie the switch sets)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- Helpers, shared with the other test_spreadsheets_* files -----------------------------


def csv_file(rows, *, encoding="utf-8", delimiter=";"):
    """A CSV file as Excel writes it: CRLF line ends, quotes where needed."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_file(rows):
    """An XLSX file with the cells' Python types kept (numbers stay numbers)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def upload(client, data, name="organisationer.csv"):
    return client.post(reverse("mapping:import-upload"), {"file": SimpleUploadedFile(name, data)})


def column_data(response, **changes):
    """The column page's form as it was filled in (the guesses), with some choices changed."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def start_import(client, data, name="organisationer.csv", **column_changes):
    """Upload, accept the guessed columns (with changes), and return the batch and preview."""
    response = upload(client, data, name)
    assert response.status_code == 302, response.context["form"].errors
    batch = ImportBatch.objects.latest("pk")
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    response = client.post(columns_url, column_data(client.get(columns_url), **column_changes))
    assert response.status_code == 302, response.context["form"].errors
    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert preview.status_code == 200
    return batch, preview


def commit(client, batch, preview):
    return client.post(
        reverse("mapping:import-commit", args=[batch.pk]),
        {"digest": preview.context["plan"].digest},
    )


def actions(preview):
    return [(row.number, row.action) for row in preview.context["plan"].rows]


def errors_of(preview, number):
    row = next(row for row in preview.context["plan"].rows if row.number == number)
    return [(error.column, error.message) for error in row.errors]


def counts():
    return Organisation.objects.count(), Contact.objects.count()


GOOD_HEADINGS = [
    "Name",
    "CVR",
    "Sector",
    "Kind",
    "Status",
    "Address",
    "Postcode",
    "Town",
    "Area",
    "Website",
    "Employees",
    "Contact person",
    "Role",
    "E-mail",
    "Phone",
]


# --- Guessing the columns -----------------------------------------------------------------


def test_it_guesses_columns_from_danish_and_english_headings():
    headings = [
        "Navn",
        "CVR-nr.",
        "Postnr.",
        "By",
        "Adresse",
        "Kontaktperson",
        "E-mail",
        "Telefon",
        "Antal ansatte",
        "Sektor",
        "Type",
        "Status",
        "Noget andet",
    ]
    assert spreadsheets.guess_columns(headings) == [
        "name",
        "cvr",
        "postcode",
        "town",
        "street",
        "contact_name",
        "contact_email",
        "contact_phone",
        "employees",
        "sector",
        "kind",
        "se_status",
        "",
    ]
    assert spreadsheets.guess_columns(["Company name", "CVR number", "Zip code", "City"]) == [
        "name",
        "cvr",
        "postcode",
        "town",
    ]


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_export_headings_are_recognised_in_either_language(language):
    """A translation that gives two fields one heading would break export then import."""
    with translation.override(language):
        headings = [str(target.label) for target in spreadsheets.TARGETS]
    assert spreadsheets.guess_columns(headings) == [t.key for t in spreadsheets.TARGETS]


def test_it_guesses_a_field_for_one_column_only():
    assert spreadsheets.guess_columns(["Navn", "Name", "Tlf.", "Mobil"]) == [
        "name",
        "",
        "contact_phone",
        "",
    ]


# --- Good files ----------------------------------------------------------------------------


def test_it_imports_a_good_csv(client, leader, area, django_capture_on_commit_callbacks):
    data = csv_file(
        [
            GOOD_HEADINGS,
            [
                "Café Kvisten",
                CVR_A,
                "social_economy",
                "company",
                "existing",
                "Havnen 1",
                "6100",
                "Haderslev",
                "haderslev",
                "www.kvisten.dk",
                "12",
                "Mette Hansen",
                "Daglig leder",
                "mette@kvisten.dk",
                "74 34 12 34",
            ],
            [
                "Ældresagen Haderslev",
                "",
                "Civil society",
                "Association",
                "none",
                "",
                "6100",
                "Haderslev",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
        delimiter=",",
    )
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "create"), (3, "create")]
    with django_capture_on_commit_callbacks(execute=True):
        response = commit(client, batch, preview)
    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:import-result", args=[batch.pk])

    cafe = Organisation.objects.get(cvr=CVR_A)
    assert (cafe.name, cafe.sector, cafe.kind, cafe.se_status) == (
        "Café Kvisten",
        "social_economy",
        "company",
        "existing",
    )
    assert (cafe.street, cafe.postcode, cafe.town, cafe.area) == (
        "Havnen 1",
        "6100",
        "Haderslev",
        area,
    )
    assert cafe.website == "https://www.kvisten.dk"
    assert cafe.employees == 12
    assert cafe.moderation_state == Organisation.Moderation.APPROVED
    assert cafe.moderated_by == leader
    contact = cafe.contacts.get()
    assert (contact.name, contact.role, contact.email, contact.phone) == (
        "Mette Hansen",
        "Daglig leder",
        "mette@kvisten.dk",
        "74 34 12 34",
    )
    assert contact.legal_basis == Contact.LegalBasis.PUBLIC_TASK
    assert contact.purpose
    # The history says who imported it, and from where.
    record = cafe.history.latest()
    assert record.history_user == leader
    assert "organisationer.csv" in record.history_change_reason

    civil = Organisation.objects.get(name="Ældresagen Haderslev")
    assert (civil.sector, civil.kind, civil.se_status, civil.cvr) == (
        "civil",
        "association",
        "none",
        "",
    )
    assert not civil.contacts.exists()

    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert batch.summary["created"] == 2
    assert batch.summary["contacts_created"] == 1
    # The file held personal data: it is gone once its rows are in the portal.
    assert not default_storage.exists(batch.file.name)
    result = client.get(response["Location"])
    assert "Café Kvisten" in result.content.decode()


def test_it_imports_a_good_xlsx_with_numbers_as_numbers(client, consultant, area):
    data = xlsx_file(
        [
            ["Navn", "CVR-nr.", "Sektor", "Type", "Postnr.", "By", "Antal ansatte", "Stiftet"],
            [
                "Genbrugsværkstedet Vojens",
                int(CVR_B),
                "civil",
                "association",
                6500,
                "Vojens",
                7.0,
                2011,
            ],
            ["Årø Købmand", None, "private", "company", 6100, "Haderslev", 3, None],
            [None, None, None, None, None, None, None, None],
        ]
    )
    client.force_login(consultant)
    batch, preview = start_import(client, data, name="liste.xlsx")
    assert actions(preview) == [(2, "create"), (3, "create")]
    assert commit(client, batch, preview).status_code == 302
    workshop = Organisation.objects.get(cvr=CVR_B)
    assert (workshop.name, workshop.postcode, workshop.employees, workshop.founded_year) == (
        "Genbrugsværkstedet Vojens",
        "6500",
        7,
        2011,
    )
    assert Organisation.objects.get(name="Årø Købmand").employees == 3


def test_it_reads_a_danish_excel_csv_in_windows_1252(client, leader, area, other_area):
    data = csv_file(
        [
            [
                "Navn",
                "CVR-nr.",
                "Adresse",
                "Postnr.",
                "By",
                "Område",
                "Sektor",
                "Type",
                "Status",
                "Kontaktperson",
                "E-mail",
            ],
            [
                "Søstrene på Årø",
                CVR_C,
                "Ærøvej 5",
                "6100",
                "Haderslev",
                "Vojens",
                "Civilsamfund",
                "Forening",
                "Potentiel",
                "Åse Ørum",
                "aase@example.dk",
            ],
            [
                "Kaffe & Kage",
                "",
                "Østergade 2",
                "6500",
                "Vojens",
                "haderslev",
                "Socialøkonomi",
                "Virksomhed",
                "Eksisterende",
                "",
                "",
            ],
        ],
        encoding="cp1252",
    )
    assert b"\xe6" in data or b"\xf8" in data  # really Windows-1252, not UTF-8
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "create"), (3, "create")]
    assert commit(client, batch, preview).status_code == 302
    sisters = Organisation.objects.get(cvr=CVR_C)
    assert (sisters.name, sisters.street, sisters.area) == (
        "Søstrene på Årø",
        "Ærøvej 5",
        other_area,
    )
    assert (sisters.sector, sisters.kind, sisters.se_status) == (
        "civil",
        "association",
        "potential",
    )
    assert sisters.contacts.get().name == "Åse Ørum"
    cafe = Organisation.objects.get(name="Kaffe & Kage")
    assert (cafe.sector, cafe.kind, cafe.se_status, cafe.area) == (
        "social_economy",
        "company",
        "existing",
        area,
    )


def test_it_reads_utf8_with_bom_and_decimal_commas(client, leader):
    data = csv_file(
        [
            ["Navn", "Postnr.", "Sektor", "Type", "Antal ansatte", "Heraf i fleksjob"],
            ["Skovhuset", "6100", "privat", "firma", "12,0", "2"],
            ["Stor Fabrik", "6500", "privat", "firma", "1.250", "3,00"],
        ],
        encoding="utf-8-sig",
    )
    assert data.startswith(b"\xef\xbb\xbf")
    client.force_login(leader)
    batch, preview = start_import(client, data)
    # The BOM is not part of the first heading: "Navn" was recognised.
    assert preview.context["plan"].headers[0] == "Navn"
    assert actions(preview) == [(2, "create"), (3, "create")]
    commit(client, batch, preview)
    assert Organisation.objects.get(name="Skovhuset").employees == 12
    factory = Organisation.objects.get(name="Stor Fabrik")
    assert (factory.employees, factory.employees_flexjob) == (1250, 3)


def test_a_number_with_a_fraction_is_an_error_at_its_cell(client, leader):
    data = csv_file(
        [["Navn", "Sektor", "Type", "Antal ansatte"], ["Halv", "privat", "firma", "2,5"]]
    )
    client.force_login(leader)
    _batch, preview = start_import(client, data)
    assert errors_of(preview, 2) == [("Antal ansatte", "This must be a whole number.")]


def test_choices_accept_the_code_the_english_label_or_a_danish_word(client, leader):
    data = csv_file(
        [
            ["Navn", "Sektor", "Type", "Status"],
            ["A", "public", "PUBLIC_BODY", "none"],
            ["B", "Public sector", "Public body", "Potential social-economy enterprise"],
            ["C", "offentlig", "kommune", "potentiel"],
            ["D", "et andet sted", "firma", "none"],
        ]
    )
    client.force_login(leader)
    _batch, preview = start_import(client, data)
    rows = {row.number: row for row in preview.context["plan"].rows}
    for number in (2, 3, 4):
        assert rows[number].action == "create", rows[number].errors
        assert rows[number].organisation.sector == "public"
        assert rows[number].organisation.kind == "public_body"
    assert rows[3].organisation.se_status == rows[4].organisation.se_status == "potential"
    [(column, message)] = errors_of(preview, 5)
    assert column == "Sektor"
    assert message.startswith("Unknown sector.")


def test_defaults_fill_the_sector_and_kind_that_the_file_does_not_give(client, leader):
    data = csv_file([["Navn", "Postnr."], ["Frivilligcentret", "6100"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert [message for _column, message in errors_of(preview, 2)] == [
        "The sector is missing. Add a column for it, or choose one for new organisations on "
        "the column page.",
        "The kind is missing. Add a column for it, or choose one for new organisations on "
        "the column page.",
    ]
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    client.post(
        columns_url,
        column_data(
            client.get(columns_url),
            default_sector="civil",
            default_kind="association",
            default_se_status="potential",
        ),
    )
    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert actions(preview) == [(2, "create")]
    commit(client, batch, preview)
    created = Organisation.objects.get(name="Frivilligcentret")
    assert (created.sector, created.kind, created.se_status) == (
        "civil",
        "association",
        "potential",
    )


def test_row_errors_are_reported_at_their_cells(client, leader):
    data = csv_file(
        [
            ["Navn", "CVR", "Postnr.", "Sektor", "Type", "Kontaktperson", "E-mail", "Hjemmeside"],
            ["", "", "6100", "privat", "firma", "", "", ""],
            ["Postløs", "", "61000", "privat", "firma", "", "", ""],
            ["Mailløs", "", "6100", "privat", "firma", "Jens", "ikke-en-adresse", ""],
            ["Navnløs kontakt", "", "6100", "privat", "firma", "", "x@example.dk", ""],
            ["Webløs", "", "6100", "privat", "firma", "", "", "ikke en adresse"],
        ]
    )
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, data)
    assert errors_of(preview, 2) == [("Navn", "The name is missing.")]
    assert errors_of(preview, 3) == [("Postnr.", "A Danish postcode has 4 digits.")]
    assert errors_of(preview, 4) == [("E-mail", "Enter a valid email address.")]
    assert errors_of(preview, 5) == [("Kontaktperson", "A contact person needs a name.")]
    assert errors_of(preview, 6) == [("Hjemmeside", "Enter a valid URL.")]
    html = preview.content.decode()
    assert "Nothing can be imported while rows are in error" in html
    assert "ikke-en-adresse" in html
    assert commit(client, batch, preview).status_code == 302
    assert counts() == before


def test_more_in_flexible_jobs_than_employees_is_an_error(client, leader):
    data = csv_file(
        [
            ["Navn", "Sektor", "Type", "Antal ansatte", "Fleksjob"],
            ["Skæv", "privat", "firma", "2", "3"],
        ]
    )
    client.force_login(leader)
    _batch, preview = start_import(client, data)
    assert errors_of(preview, 2) == [
        ("Fleksjob", "There cannot be more employees in flexible jobs than employees.")
    ]


# --- Re-imports update ---------------------------------------------------------------------


def test_a_reimport_updates_by_cvr_number(client, leader, area):
    cafe = make_organisation("Café Kvisten", cvr=CVR_A, postcode="6100", town="Haderslev")
    data = csv_file(
        [
            ["Navn", "CVR-nr.", "Postnr.", "By", "Antal ansatte"],
            ["Café Kvisten ApS", CVR_A, "6100", "Haderslev", "14"],
        ]
    )
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "update")]
    [row] = preview.context["plan"].rows
    assert [(c.key, c.old, c.new) for c in row.changes] == [
        ("name", "Café Kvisten", "Café Kvisten ApS"),
        ("employees", "–", "14"),
    ]
    assert "from “Café Kvisten” to “Café Kvisten ApS”" in preview.content.decode()
    commit(client, batch, preview)
    assert counts() == before
    cafe.refresh_from_db()
    assert (cafe.name, cafe.employees) == ("Café Kvisten ApS", 14)
    assert batch.__class__.objects.get(pk=batch.pk).summary["updated"] == 1


def test_a_reimport_updates_by_name_and_postcode_ignoring_case(client, leader):
    shop = make_organisation("Genbrugsbutikken", postcode="6500", town="Vojens")
    other_town = make_organisation("Genbrugsbutikken", postcode="6100", town="Haderslev")
    data = csv_file(
        [
            ["Navn", "CVR", "Postnr.", "Adresse"],
            ["GENBRUGSBUTIKKEN", CVR_D, "6500", "Torvet 3"],
        ]
    )
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "update")]
    commit(client, batch, preview)
    assert counts() == before
    shop.refresh_from_db()
    other_town.refresh_from_db()
    # The CVR number was missing in the portal; the name in the portal stays as it was.
    assert (shop.cvr, shop.street, shop.name) == (CVR_D, "Torvet 3", "GENBRUGSBUTIKKEN")
    assert (other_town.cvr, other_town.street) == ("", "")


def test_a_reimport_updates_the_contact_instead_of_adding_one(client, leader):
    cafe = make_organisation("Café Kvisten", cvr=CVR_A)
    contact = cafe.contacts.create(
        name="Mette Hansen", email="mette@kvisten.dk", role="Leder", purpose="Kontakt"
    )
    data = csv_file(
        [
            ["Navn", "CVR", "Kontaktperson", "E-mail", "Telefon", "Rolle"],
            ["Café Kvisten", CVR_A, "Mette Hansen", "METTE@kvisten.dk", "20 30 40 50", "Leder"],
        ]
    )
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "update")]
    assert [c.key for c in preview.context["plan"].rows[0].changes] == [
        "contact_email",
        "contact_phone",
    ]
    commit(client, batch, preview)
    contact.refresh_from_db()
    assert cafe.contacts.count() == 1
    assert contact.phone == "20 30 40 50"
    # The legal basis and purpose of a contact the portal had stay as they were.
    assert (contact.legal_basis, contact.purpose) == ("consent", "Kontakt")


def test_a_new_contact_at_a_known_organisation_is_an_update(client, leader):
    cafe = make_organisation("Café Kvisten", cvr=CVR_A)
    data = csv_file([["Navn", "CVR", "Kontaktperson"], ["Café Kvisten", CVR_A, "Ny Person"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "update")]
    commit(client, batch, preview)
    assert cafe.contacts.get().legal_basis == Contact.LegalBasis.PUBLIC_TASK
    cafe.refresh_from_db()
    assert cafe.history.count() == 1  # the organisation itself did not change


def test_empty_cells_leave_what_the_portal_holds(client, leader):
    cafe = make_organisation("Café Kvisten", cvr=CVR_A, town="Haderslev", employees=5)
    data = csv_file([["Navn", "CVR", "By", "Antal ansatte"], ["Café Kvisten", CVR_A, "", ""]])
    client.force_login(leader)
    _batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "unchanged")]
    cafe.refresh_from_db()
    assert (cafe.town, cafe.employees) == ("Haderslev", 5)


def test_name_and_postcode_of_an_organisation_with_another_cvr_is_an_error(client, leader):
    make_organisation("Café Kvisten", cvr=CVR_A, postcode="6100")
    data = csv_file([["Navn", "CVR", "Postnr."], ["Café Kvisten", CVR_B, "6100"]])
    client.force_login(leader)
    _batch, preview = start_import(client, data)
    [(column, message)] = errors_of(preview, 2)
    assert column == "CVR"
    assert CVR_A in message


def test_an_ambiguous_name_and_postcode_is_an_error(client, leader):
    make_organisation("Tvilling", postcode="6100")
    make_organisation("Tvilling", postcode="6100")
    data = csv_file([["Navn", "Postnr."], ["Tvilling", "6100"]])
    client.force_login(leader)
    _batch, preview = start_import(client, data)
    [(column, message)] = errors_of(preview, 2)
    assert column == "Navn"
    assert message.startswith("2 organisations in the portal have this name and postcode")


# --- The commit ----------------------------------------------------------------------------


def test_the_commit_is_all_or_nothing(client, leader, monkeypatch):
    """A row that fails full_clean at commit time undoes the rows saved before it."""
    existing = make_organisation("Gammel", cvr=CVR_D, town="Gram")
    data = csv_file(
        [
            ["Navn", "CVR", "Sektor", "Type", "By", "Kontaktperson"],
            ["Første", CVR_A, "privat", "firma", "Gram", "Anna"],
            ["Gammel", CVR_D, "privat", "firma", "Vojens", ""],
            ["Tredje", CVR_C, "privat", "firma", "Gram", "Bo"],
        ]
    )
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "create"), (3, "update"), (4, "create")]
    before = counts()
    history_before = Organisation.history.count()

    # Someone else saves an organisation with row 4's CVR number between the checks and the
    # save of row 4: the commit's own full_clean must catch it and undo rows 2 and 3.
    real_plan = import_services.plan_import

    def plan_then_race(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        make_organisation("Kapløber", cvr=CVR_C)
        return plan

    monkeypatch.setattr(import_services, "plan_import", plan_then_race)
    response = commit(client, batch, preview)
    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:import-preview", args=[batch.pk])
    message = str(list(response.wsgi_request._messages)[0])
    assert "row 4" in message
    assert "This CVR number is already registered." in message

    assert counts() == before
    assert not Organisation.objects.filter(name__in=["Første", "Tredje", "Kapløber"]).exists()
    existing.refresh_from_db()
    assert existing.town == "Gram"
    assert Organisation.history.count() == history_before
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW
    assert default_storage.exists(batch.file.name)


def test_the_commit_refuses_when_the_portal_changed_since_the_preview(client, leader):
    data = csv_file([["Navn", "CVR", "Sektor", "Type"], ["Ny", CVR_A, "privat", "firma"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "create")]
    make_organisation("Ny i mellemtiden", cvr=CVR_A)
    before = counts()
    response = commit(client, batch, preview)
    assert response["Location"] == reverse("mapping:import-preview", args=[batch.pk])
    assert counts() == before
    assert Organisation.objects.get(cvr=CVR_A).name == "Ny i mellemtiden"
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW


def test_a_commit_without_the_preview_is_refused(client, leader):
    data = csv_file([["Navn", "Sektor", "Type"], ["Ny", "privat", "firma"]])
    client.force_login(leader)
    batch, _preview = start_import(client, data)
    before = counts()
    client.post(reverse("mapping:import-commit", args=[batch.pk]))
    assert counts() == before


def test_an_import_is_committed_once(client, leader):
    data = csv_file([["Navn", "Sektor", "Type"], ["Én gang", "privat", "firma"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    commit(client, batch, preview)
    response = commit(client, batch, preview)
    assert response["Location"] == reverse("mapping:import-result", args=[batch.pk])
    assert Organisation.objects.filter(name="Én gang").count() == 1
    # A finished import's other pages lead to its result.
    for name in ("mapping:import-columns", "mapping:import-preview"):
        response = client.get(reverse(name, args=[batch.pk]))
        assert response["Location"] == reverse("mapping:import-result", args=[batch.pk])


def test_cancelling_imports_nothing_and_forgets_the_file(
    client, leader, django_capture_on_commit_callbacks
):
    data = csv_file([["Navn", "Sektor", "Type"], ["Aflyst", "privat", "firma"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:import-cancel", args=[batch.pk]))
    assert response["Location"] == reverse("mapping:import-upload")
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.CANCELLED
    assert not default_storage.exists(batch.file.name)
    assert commit(client, batch, preview)["Location"] == reverse(
        "mapping:import-result", args=[batch.pk]
    )
    assert counts() == before


def test_the_column_page_needs_a_name_column_and_each_field_once(client, leader):
    data = csv_file([["Navn", "By", "Bynavn"], ["A", "Gram", "Gram"]])
    client.force_login(leader)
    upload(client, data)
    batch = ImportBatch.objects.latest("pk")
    url = reverse("mapping:import-columns", args=[batch.pk])
    page = client.get(url)
    response = client.post(url, column_data(page, column_0="", column_1="town", column_2="town"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [
        "Choose the column that holds the organisation's name: the import cannot do without it."
    ]
    assert form.errors["column_1"] == ["Only one column can fill “Town”."]
    assert form.errors["column_2"] == ["Only one column can fill “Town”."]
    batch.refresh_from_db()
    assert batch.column_map["columns"] == ["name", "town", ""]


def test_the_column_page_shows_examples_from_the_file(client, leader):
    data = csv_file([["Navn", "By"], ["Alfa", "Gram"], ["Beta", ""], ["Gamma", "Vojens"]])
    client.force_login(leader)
    upload(client, data)
    batch = ImportBatch.objects.latest("pk")
    html = client.get(reverse("mapping:import-columns", args=[batch.pk])).content.decode()
    assert "Alfa; Beta; Gamma" in html
    assert "Gram; Vojens" in html


@pytest.mark.parametrize("size", [3, 30])
def test_the_preview_costs_the_same_queries_whatever_the_rows(
    client, leader, area, size, django_assert_max_num_queries
):
    for index in range(size):
        make_organisation(f"Kendt {index}", postcode="6100")
    rows = [["Navn", "Postnr.", "Sektor", "Type", "Område", "Kontaktperson"]]
    rows += [[f"Kendt {i}", "6100", "privat", "firma", "Haderslev", f"P {i}"] for i in range(size)]
    rows += [[f"Ny {i}", "6100", "privat", "firma", "haderslev", f"Q {i}"] for i in range(size)]
    client.force_login(leader)
    batch, _preview = start_import(client, csv_file(rows))
    with django_assert_max_num_queries(7):
        response = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert response.context["plan"].counts == {
        "create": size,
        "update": size,
        "unchanged": 0,
        "error": 0,
    }
