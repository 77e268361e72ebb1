"""Import: re-imports that update, the all-or-nothing commit, and the column page."""

import pytest
from django.urls import reverse
from django.utils import translation

from mapping.models import Contact, ImportBatch, Organisation
from mapping.services import spreadsheet_steps as import_steps
from portal.storage import private_storage
from tests.conftest import make_organisation
from tests.mapping.import_steps import (
    CVR_A,
    CVR_B,
    CVR_C,
    CVR_D,
    actions,
    column_data,
    commit,
    counts,
    csv_file,
    errors_of,
    start_import,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


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
    real_plan = import_steps.plan_import

    def plan_then_race(*args, **kwargs):
        plan = real_plan(*args, **kwargs)
        make_organisation("Kapløber", cvr=CVR_C)
        return plan

    monkeypatch.setattr(import_steps, "plan_import", plan_then_race)
    response = commit(client, batch, preview)
    assert response.status_code == 302
    # The import's job was refused: the batch is back at a new preview, with the reason.
    assert response["Location"] == reverse("mapping:import-result", args=[batch.pk])
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain == [(reverse("mapping:import-preview", args=[batch.pk]), 302)]
    message = page.context["batch"].error
    assert "row 4" in message
    assert "This CVR number is already registered." in message
    assert message in page.content.decode()

    assert counts() == before
    assert not Organisation.objects.filter(name__in=["Første", "Tredje", "Kapløber"]).exists()
    existing.refresh_from_db()
    assert existing.town == "Gram"
    assert Organisation.history.count() == history_before
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW
    assert private_storage().exists(batch.file.name)


def test_the_commit_refuses_when_the_portal_changed_since_the_preview(client, leader):
    data = csv_file([["Navn", "CVR", "Sektor", "Type"], ["Ny", CVR_A, "privat", "firma"]])
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "create")]
    make_organisation("Ny i mellemtiden", cvr=CVR_A)
    before = counts()
    response = commit(client, batch, preview)
    # The request queued the import; its job found the change and refused.
    assert response["Location"] == reverse("mapping:import-result", args=[batch.pk])
    assert counts() == before
    assert Organisation.objects.get(cvr=CVR_A).name == "Ny i mellemtiden"
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.PREVIEW
    assert batch.error.startswith("Nothing was imported: the organisations changed since")
    # The new preview shows the portal as it is now, and the reason above it.
    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert actions(preview) == [(2, "update")]
    assert batch.error in preview.content.decode()


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
    assert not private_storage().exists(batch.file.name)
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
    # The form's own messages are lazy: read them in the language the page was shown in.
    with translation.override("en"):
        assert [str(error) for error in form.non_field_errors()] == [
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
    with django_assert_max_num_queries(9):
        response = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert response.context["plan"].counts == {
        "create": size,
        "update": size,
        "unchanged": 0,
        "error": 0,
    }
