"""Import of organisations and contacts from CSV and XLSX: the guess of the columns, and the
good files. The steps and files the import's tests share are in import_steps.py."""

import pytest
from django.urls import reverse
from django.utils import translation

from mapping import spreadsheets
from mapping.models import Contact, ImportBatch, Organisation
from portal.storage import private_storage
from tests.mapping.import_steps import (
    CVR_A,
    CVR_B,
    CVR_C,
    actions,
    commit,
    csv_file,
    start_import,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The messages asserted here are the English source texts (the cookie the switch sets)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


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
    assert not private_storage().exists(batch.file.name)
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
