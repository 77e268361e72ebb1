"""Import: reading cells (numbers, choices, purpose areas, yes or no, dates) and their errors."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import translation

from mapping.models import Organisation
from mapping.services.spreadsheet_steps import import_batch_plans
from tests.conftest import make_organisation
from tests.mapping.import_steps import (
    CVR_A,
    actions,
    column_data,
    commit,
    counts,
    csv_file,
    errors_of,
    jobs_run,
    start_import,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


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
    batch, preview = start_import(client, data)
    # What the rows would create, as the import plans it (the preview keeps no organisation).
    with translation.override("en"):
        _sheet, (plan, _good) = import_batch_plans(batch=batch)
    rows = {row.number: row for row in plan.rows}
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
    with jobs_run():  # the preview's job
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
    assert "No row can be imported" in html
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


def purpose_codes(organisation):
    return sorted(organisation.purpose_areas.values_list("code", flat=True))


def test_purpose_areas_are_read_as_codes_or_labels_in_either_language(client, leader, purposes):
    with translation.override("da"):
        danish = ", ".join(str(purposes[code]) for code in ("social", "employment"))
    data = csv_file(
        [
            ["Navn", "Sektor", "Type", "Formålsområder"],
            ["Koder", "privat", "firma", "social,culture"],
            ["Dansk", "privat", "firma", danish],
            ["Engelsk", "privat", "firma", "Health; Environment"],
            ["Ord", "privat", "firma", "beskæftigelse, Miljø, BESKÆFTIGELSE"],
        ]
    )
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "create"), (3, "create"), (4, "create"), (5, "create")]
    commit(client, batch, preview)
    by_name = {o.name: purpose_codes(o) for o in Organisation.objects.all()}
    assert by_name == {
        "Koder": ["culture", "social"],
        "Dansk": ["employment", "social"],
        "Engelsk": ["environment", "health"],
        "Ord": ["employment", "environment"],
    }


def test_an_unknown_purpose_area_is_an_error_at_its_cell(client, leader, purposes):
    data = csv_file(
        [["Navn", "Sektor", "Type", "Formål"], ["Ukendt", "privat", "firma", "Social, Sport"]]
    )
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, data)
    [(column, message)] = errors_of(preview, 2)
    assert column == "Formål"
    assert message.startswith("Unknown purpose area “Sport”. Use one or more of: Social, ")
    commit(client, batch, preview)
    assert counts() == before


def test_a_reimport_changes_the_purpose_areas_and_says_so(client, leader, purposes):
    cafe = make_organisation("Café Kvisten", cvr=CVR_A)
    cafe.purpose_areas.set([purposes["social"]])
    data = csv_file([["Navn", "CVR", "Formål"], ["Café Kvisten", CVR_A, "social, employment"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "update")]
    [change] = preview.context["plan"].rows[0].changes
    assert (change.key, change.old, change.new) == ("purpose_areas", "Social", "Social, Employment")
    commit(client, batch, preview)
    assert purpose_codes(cafe) == ["employment", "social"]
    # The same file again: nothing changes; an empty cell leaves them.
    _batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "unchanged")]
    _batch, preview = start_import(
        client, csv_file([["Navn", "CVR", "Formål"], ["Café Kvisten", CVR_A, ""]])
    )
    assert actions(preview) == [(2, "unchanged")]


def test_yes_no_columns_and_dates_are_read(client, leader):
    headings = ["Navn", "Sektor", "Type", "Registreret som RSV", "RSV kontrolleret", "Innovativ"]
    headings += ["Socialt formål", "Lokalt forankret"]
    data = xlsx_file(
        [
            headings,
            ["Ja-virksomhed", "privat", "firma", "Ja", "27.11.2025", "yes", True, None],
            ["Nej-virksomhed", "privat", "firma", "nej", date(2025, 3, 1), "No", False, "x"],
            ["Iso", "privat", "firma", "", datetime(2024, 1, 2), "", "", ""],  # noqa: DTZ001
            ["Tekst", "privat", "firma", "", "2024-05-06", "Nej", "ja", "nej"],
        ]
    )
    client.force_login(leader)
    batch, preview = start_import(client, data, name="rsv.xlsx")
    assert actions(preview) == [(2, "create"), (3, "create"), (4, "create"), (5, "create")]
    commit(client, batch, preview)
    fields = [
        "rsv_registered",
        "rsv_checked_on",
        "innovative",
        "social_purpose",
        "locally_rooted",
    ]
    got = {o.name: [getattr(o, f) for f in fields] for o in Organisation.objects.all()}
    assert got == {
        "Ja-virksomhed": [True, date(2025, 11, 27), True, True, None],
        "Nej-virksomhed": [False, date(2025, 3, 1), False, False, True],
        "Iso": [False, date(2024, 1, 2), None, None, None],
        "Tekst": [False, date(2024, 5, 6), False, True, False],
    }


def test_a_bad_answer_or_date_is_an_error_at_its_cell(client, leader):
    data = csv_file(
        [
            ["Navn", "Sektor", "Type", "Innovativ", "RSV kontrolleret"],
            ["Måske", "privat", "firma", "måske", ""],
            ["Dato", "privat", "firma", "", "i går"],
            ["Umulig", "privat", "firma", "", "31.02.2025"],
        ]
    )
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, data)
    assert errors_of(preview, 2) == [("Innovativ", "Write yes or no, or leave the cell empty.")]
    not_a_date = "This is not a date. Write it as 27.11.2026 or 2026-11-27."
    assert errors_of(preview, 3) == [("RSV kontrolleret", not_a_date)]
    assert errors_of(preview, 4) == [("RSV kontrolleret", not_a_date)]
    commit(client, batch, preview)
    assert counts() == before
