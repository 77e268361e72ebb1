"""Import: one row a contact person, as municipalities keep their lists. The rows about one
organisation become one organisation with several contacts."""

import pytest
from django.urls import reverse

from mapping.models import Contact, ImportBatch, Organisation
from tests.conftest import make_organisation
from tests.mapping.import_steps import (
    CVR_A,
    CVR_B,
    actions,
    commit,
    counts,
    csv_file,
    errors_of,
    start_import,
)

pytestmark = pytest.mark.django_db

HEADINGS = ["Navn", "CVR-nr.", "Postnr.", "By", "Sektor", "Type", "Kontaktperson", "E-mail"]


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def contacts_of(organisation):
    return sorted(organisation.contacts.values_list("name", "email"))


def test_rows_about_one_organisation_become_one_with_several_contacts(client, leader):
    data = csv_file(
        [
            HEADINGS,
            ["Café Kvisten", CVR_A, "6100", "Haderslev", "privat", "firma", "Anne", "a@x.dk"],
            ["Café Kvisten", CVR_A, "6100", "Haderslev", "privat", "firma", "Bo", "b@x.dk"],
            # A row that says only what differs: empty cells agree with anything.
            ["Café Kvisten", CVR_A, "", "", "", "", "Carl", ""],
            # Without the CVR number, by name and postcode.
            ["café kvisten", "", "6100", "", "", "", "Dorte", "d@x.dk"],
            ["Værkstedet", "", "6500", "Vojens", "civil", "forening", "", ""],
        ]
    )
    client.force_login(leader)
    batch, preview = start_import(client, data)
    # Row 5 spells the name differently: that is a conflict, not a second organisation.
    assert errors_of(preview, 5) == [
        (
            "Navn",
            "Differs from row 2 (“Café Kvisten”). The rows are about one organisation and "
            "must agree.",
        )
    ]
    data = data.replace(b"caf\xc3\xa9 kvisten", "Café Kvisten".encode())
    batch, preview = start_import(client, data)
    assert actions(preview) == [(n, "create") for n in (2, 3, 4, 5, 6)]
    html = preview.content.decode()
    assert html.count("The same new organisation as row 2.") == 3
    assert html.count("A new organisation, internal.") == 2
    before = counts()
    commit(client, batch, preview)
    assert counts() == (before[0] + 2, before[1] + 4)
    cafe = Organisation.objects.get(cvr=CVR_A)
    assert (cafe.postcode, cafe.town, cafe.sector) == ("6100", "Haderslev", "private")
    assert contacts_of(cafe) == [
        ("Anne", "a@x.dk"),
        ("Bo", "b@x.dk"),
        ("Carl", ""),
        ("Dorte", "d@x.dk"),
    ]
    assert cafe.history.count() == 1  # one organisation, saved once
    batch.refresh_from_db()
    summary = batch.summary
    assert (summary["created"], summary["contacts_created"]) == (2, 4)
    assert [row["organisation"] for row in summary["rows"]] == [cafe.pk] * 4 + [
        Organisation.objects.get(name="Værkstedet").pk
    ]
    # The same file again changes nothing.
    _batch, preview = start_import(client, data)
    assert actions(preview) == [(n, "unchanged") for n in (2, 3, 4, 5, 6)]


def test_contacts_are_matched_by_email_then_by_name_ignoring_case(client, leader):
    cafe = make_organisation("Café Kvisten", cvr=CVR_A, postcode="6100")
    anne = cafe.contacts.create(name="Anne Ærø", email="anne@x.dk", purpose="K")
    bo = cafe.contacts.create(name="Bo Bøgh", email="", purpose="K")
    data = csv_file(
        [
            ["Navn", "CVR", "Kontaktperson", "E-mail", "Telefon"],
            ["Café Kvisten", CVR_A, "Anne Ærø-Hansen", "ANNE@x.dk", "11"],
            ["Café Kvisten", CVR_A, "BO BØGH", "bo@x.dk", ""],
            ["Café Kvisten", CVR_A, "Ny Person", "ny@x.dk", ""],
        ]
    )
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "update"), (3, "update"), (4, "update")]
    commit(client, batch, preview)
    anne.refresh_from_db()
    bo.refresh_from_db()
    assert (anne.name, anne.email, anne.phone) == ("Anne Ærø-Hansen", "ANNE@x.dk", "11")
    assert (bo.name, bo.email) == ("BO BØGH", "bo@x.dk")
    assert cafe.contacts.count() == 3
    batch.refresh_from_db()
    assert (batch.summary["updated"], batch.summary["contacts_updated"]) == (1, 2)
    assert batch.summary["contacts_created"] == 1


def test_rows_that_disagree_about_their_organisation_are_errors_at_the_cell(client, leader):
    data = csv_file(
        [
            HEADINGS,
            ["Alfa", CVR_A, "6100", "Haderslev", "privat", "firma", "Anne", "a@x.dk"],
            ["Alfa", CVR_A, "6100", "Vojens", "privat", "forening", "Bo", "b@x.dk"],
            ["Alfa", CVR_A, "6500", "Haderslev", "privat", "firma", "Carl", "c@x.dk"],
        ]
    )
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, data)
    assert errors_of(preview, 2) == []
    differs = "Differs from row 2 (“%s”). The rows are about one organisation and must agree."
    assert errors_of(preview, 3) == [("Type", differs % "firma"), ("By", differs % "Haderslev")]
    assert errors_of(preview, 4) == [("Postnr.", differs % "6100")]
    commit(client, batch, preview)
    assert counts() == before
    assert ImportBatch.objects.get(pk=batch.pk).state == ImportBatch.State.PREVIEW


def test_the_same_organisation_and_contact_twice_is_a_duplicate(client, leader):
    data = csv_file(
        [
            HEADINGS,
            ["Alfa", CVR_A, "6100", "", "privat", "firma", "Anne", "a@x.dk"],
            ["Alfa", CVR_A, "6100", "", "privat", "firma", "Anne Andersen", "A@X.DK"],
            ["Alfa", CVR_A, "6100", "", "privat", "firma", "Bo", ""],
            ["Alfa", CVR_A, "6100", "", "privat", "firma", "bo", ""],
            ["Beta", CVR_B, "6100", "", "privat", "firma", "", ""],
            ["Beta", CVR_B, "6100", "", "privat", "firma", "", ""],
            ["Gamma", "", "6100", "", "privat", "firma", "Anne", "a@x.dk"],
        ]
    )
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, data)
    same_contact = "is about the same organisation and the same contact person."
    assert errors_of(preview, 2) == [("E-mail", f"Row 3 {same_contact}")]
    assert errors_of(preview, 3) == [("E-mail", f"Row 2 {same_contact}")]
    assert errors_of(preview, 4) == [("Kontaktperson", f"Row 5 {same_contact}")]
    assert errors_of(preview, 5) == [("Kontaktperson", f"Row 4 {same_contact}")]
    no_contact = "is about the same organisation, and neither row names a contact person."
    assert errors_of(preview, 6) == [("Navn", f"Row 7 {no_contact}")]
    assert errors_of(preview, 7) == [("Navn", f"Row 6 {no_contact}")]
    # The same person at another organisation is no duplicate.
    assert errors_of(preview, 8) == []
    commit(client, batch, preview)
    assert counts() == before


def test_two_rows_about_one_contact_in_the_portal_are_an_error(client, leader):
    cafe = make_organisation("Café Kvisten", cvr=CVR_A)
    cafe.contacts.create(name="Anne", email="anne@x.dk", purpose="K")
    data = csv_file(
        [
            ["Navn", "CVR", "Kontaktperson", "E-mail"],
            ["Café Kvisten", CVR_A, "Anne Hansen", "anne@x.dk"],
            ["Café Kvisten", CVR_A, "Anne", "anne.h@x.dk"],
        ]
    )
    client.force_login(leader)
    before = counts()
    batch, preview = start_import(client, data)
    assert errors_of(preview, 3) == [
        ("Kontaktperson", "Row 2 is about the same contact person in the portal.")
    ]
    commit(client, batch, preview)
    assert counts() == before
    assert list(Contact.objects.values_list("name", "email")) == [("Anne", "anne@x.dk")]


def test_rows_are_grouped_with_the_organisation_the_portal_holds(client, leader):
    """One row by CVR number, another by name and postcode: both are about one organisation."""
    cafe = make_organisation("Café Kvisten", cvr=CVR_A, postcode="6100")
    data = csv_file(
        [
            ["Navn", "CVR", "Postnr.", "Kontaktperson"],
            ["Café Kvisten", CVR_A, "6100", "Anne"],
            ["Café Kvisten", "", "6100", "Bo"],
        ]
    )
    client.force_login(leader)
    batch, preview = start_import(client, data)
    assert actions(preview) == [(2, "update"), (3, "update")]
    commit(client, batch, preview)
    assert sorted(cafe.contacts.values_list("name", flat=True)) == ["Anne", "Bo"]
    assert Organisation.objects.count() == 1
    assert (
        reverse("mapping:organisation-detail", args=[cafe.pk])
        in client.get(reverse("mapping:import-result", args=[batch.pk])).content.decode()
    )
