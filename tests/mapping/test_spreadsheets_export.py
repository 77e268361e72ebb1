"""Export of the staff organisation list, and export then import without loss."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import Contact, ImportBatch, Organisation
from mapping.spreadsheets import TARGETS, guess_columns
from tests.conftest import make_organisation
from tests.mapping.import_steps import (
    CVR_A,
    CVR_B,
    CVR_C,
    column_data,
    commit,
    jobs_run,
    upload,
)

pytestmark = pytest.mark.django_db

LIST = "mapping:organisation-list"
ORGANISATION_TARGETS = [target for target in TARGETS if not target.is_contact]
CONTACT_TARGETS = [target for target in TARGETS if target.is_contact]
CRITERIA = [target.field for target in TARGETS if target.kind == "yesno"]


def export(client, export_format, **params):
    response = client.get(reverse(LIST), {**params, "export": export_format})
    assert response.status_code == 200
    return response


def csv_rows(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # Danish Excel needs the BOM to see UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def listed(area, other_area, purposes):
    """A varied set of organisations: every field the export holds is filled somewhere, the
    yes-or-no answers are yes, no and unanswered, and the texts are hard to keep."""
    cafe = make_organisation(
        "Café Kvisten",
        cvr=CVR_A,
        sector=Organisation.Sector.SOCIAL_ECONOMY,
        kind=Organisation.Kind.COMPANY,
        se_status=Organisation.SocialEconomyStatus.EXISTING,
        street="Havnegade 1",
        postcode="6100",
        town="Haderslev",
        area=area,
        website="https://kvisten.example.dk",
        description='Café ved havnen; "unge" i job.\nAnden linje, med komma.',
        employees=12,
        employees_flexjob=3,
        employees_edge=4,
        founded_year=2014,
        rsv_registered=True,
        rsv_checked_on=date(2025, 3, 1),
        **dict(zip(CRITERIA, [True, True, True, False, None, True, False, None], strict=True)),
    )
    cafe.purpose_areas.set([purposes["social"], purposes["employment"]])
    cafe.contacts.create(
        name="Anne Ærø", role="Leder", email="anne@example.dk", phone="+45 74 34 12 34", purpose="K"
    )
    cafe.contacts.create(name="Bo Bøgh", email="bo@example.dk", purpose="K")
    # An erased person is not exported.
    cafe.contacts.create(name="", purpose="K", erased_at=timezone.now())
    workshop = make_organisation(
        "Genbrugsværkstedet Vojens",
        cvr=CVR_B,
        sector=Organisation.Sector.CIVIL,
        kind=Organisation.Kind.ASSOCIATION,
        se_status=Organisation.SocialEconomyStatus.POTENTIAL,
        postcode="6500",
        town="Vojens",
        area=other_area,
        # Looks like a formula: the CSV defuses it with an apostrophe, the import strips it.
        description="=Genbrug for alle",
        rsv_checked_on=date(2024, 11, 27),
        **dict.fromkeys(CRITERIA, False),
    )
    workshop.purpose_areas.set([purposes["environment"]])
    workshop.contacts.create(name="Åge Øster", role="Formand", purpose="K")
    workshop.contacts.create(
        name="Åse Ørum", email="aase@example.dk", phone="20 30 40 50", purpose="K"
    )
    make_organisation(
        "Handicaprådet",
        sector=Organisation.Sector.PUBLIC,
        kind=Organisation.Kind.COUNCIL,
        se_status=Organisation.SocialEconomyStatus.NONE,
        postcode="6100",
    )
    pending = make_organisation(
        "Idéen på Årø",
        cvr=CVR_C,
        moderation_state=Organisation.Moderation.PENDING,
        se_status=Organisation.SocialEconomyStatus.POTENTIAL,
        **dict.fromkeys(CRITERIA, True),
    )
    pending.purpose_areas.set(purposes.values())
    pending.contacts.create(name="Ida Ø", role="Ildsjæl", purpose="K")
    return snapshot()


def snapshot():
    """Every exported field of every organisation and contact, by organisation name."""
    held = {}
    organisations = Organisation.objects.select_related("area").prefetch_related(
        "purpose_areas", "contacts"
    )
    for organisation in organisations:
        fields = {}
        for target in ORGANISATION_TARGETS:
            value = getattr(organisation, target.field)
            if target.kind == "purposes":
                value = sorted(area.code for area in value.all())
            elif target.kind == "area":
                value = value.name if value else None
            fields[target.key] = value
        contacts = sorted(
            tuple(getattr(contact, target.field) for target in CONTACT_TARGETS)
            for contact in organisation.contacts.all()
            if contact.erased_at is None
        )
        held[organisation.name] = (fields, contacts)
    return held


def test_the_data_set_fills_every_exported_field(listed):
    """Else the round trip below would prove nothing about a field."""
    for target in ORGANISATION_TARGETS:
        values = [fields[target.key] for fields, _contacts in listed.values()]
        assert any(value not in (None, "", [], False) for value in values), target.key
    for field in CRITERIA:
        assert {fields[field] for fields, _contacts in listed.values()} == {True, False, None}
    for index, target in enumerate(CONTACT_TARGETS):
        assert any(c[index] for _fields, contacts in listed.values() for c in contacts), target


def test_the_csv_export_has_one_row_a_contact_with_the_import_headings(client, leader, listed):
    client.force_login(leader)
    response = export(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="organisations-' in response["Content-Disposition"]
    headings, *body = csv_rows(response)
    keys = guess_columns(headings)
    assert keys == [target.key for target in TARGETS]
    rows = [dict(zip(keys, row, strict=True)) for row in body]
    assert [(row["name"], row["contact_name"]) for row in rows] == [
        ("Café Kvisten", "Anne Ærø"),
        ("Café Kvisten", "Bo Bøgh"),
        ("Genbrugsværkstedet Vojens", "Åge Øster"),
        ("Genbrugsværkstedet Vojens", "Åse Ørum"),
        ("Handicaprådet", ""),
        ("Idéen på Årø", "Ida Ø"),
    ]
    cafe = rows[0]
    assert (cafe["cvr"], cafe["postcode"], cafe["employees"], cafe["area"]) == (
        CVR_A,
        "6100",
        "12",
        "Haderslev",
    )
    assert cafe["description"] == 'Café ved havnen; "unge" i job.\nAnden linje, med komma.'
    assert rows[2]["description"] == "'=Genbrug for alle"
    # Labels in the language of the page (Danish), dates as ISO dates.
    with translation.override("da"):
        gettext = translation.gettext
        assert cafe["purpose_areas"] == f"{gettext('Social')}, {gettext('Employment')}"
        assert (cafe["rsv_registered"], cafe["social_profit_use"]) == (gettext("Yes"), "")
        assert rows[2]["innovative"] == gettext("No")
    assert cafe["rsv_checked_on"] == "2025-03-01"
    assert rows[4]["contact_email"] == rows[4]["contact_role"] == ""


def test_the_export_follows_the_filters_not_the_page(client, leader, listed, settings):
    settings.STAFF_LIST_PAGE_SIZE = 1
    client.force_login(leader)
    rows = csv_rows(export(client, "csv", sector="social_economy"))
    assert [row[0] for row in rows[1:]] == ["Café Kvisten", "Café Kvisten", "Idéen på Årø"]
    rows = xlsx_rows(export(client, "xlsx", moderation="pending"))
    assert [row[0] for row in rows[1:]] == ["Idéen på Årø"]


def test_the_list_links_to_the_exports_with_its_filters_and_to_the_import(client, leader, listed):
    client.force_login(leader)
    html = client.get(reverse(LIST), {"sector": "civil"}).content.decode()
    assert 'href="?sector=civil&amp;export=csv"' in html
    assert 'href="?sector=civil&amp;export=xlsx"' in html
    assert reverse("mapping:import-upload") in html


@pytest.mark.parametrize("size", [2, 20])
def test_the_export_costs_the_same_queries_whatever_the_rows(
    client, leader, area, purposes, size, django_assert_max_num_queries
):
    for index in range(size):
        organisation = make_organisation(f"Org {index}", area=area)
        organisation.purpose_areas.set([purposes["social"]])
        organisation.contacts.create(name=f"P {index}", purpose="K")
        organisation.contacts.create(name=f"Q {index}", purpose="K")
    client.force_login(leader)
    with django_assert_max_num_queries(6):
        response = export(client, "xlsx")
    assert len(xlsx_rows(response)) == 2 * size + 1


@pytest.mark.parametrize("actor", ["alice", "bob", "steering"])
def test_only_staff_may_export(client, actor, request, listed):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse(LIST), {"export": "csv"}).status_code == 403


def import_file(client, data, name):
    """Upload, accept the guessed columns, and return the batch and its preview."""
    response = upload(client, data, name)
    batch = ImportBatch.objects.latest("pk")
    assert response["Location"] == reverse("mapping:import-columns", args=[batch.pk])
    # Every column is recognised without help.
    assert "" not in batch.column_map["columns"]
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    with jobs_run():  # the preview's job
        assert client.post(columns_url, column_data(client.get(columns_url))).status_code == 302
    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert preview.context["plan"].errors == []
    return batch, preview


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("export_language", ["da", "en"])
def test_export_then_import_into_an_empty_portal_loses_nothing(
    client, leader, listed, settings, export_format, export_language
):
    """Export, delete every organisation and contact, import the file: all is back. The
    import is in Danish, as the staff use it; the export in Danish or English."""
    client.force_login(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = export_language
    exported = export(client, export_format).content
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    Contact.objects.all().delete()
    Organisation.objects.all().delete()
    assert snapshot() == {}

    batch, preview = import_file(client, exported, f"eksport.{export_format}")
    plan = preview.context["plan"]
    assert [(row.action, row.errors) for row in plan.rows] == [("create", [])] * 6
    assert commit(client, batch, preview).status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert (batch.summary["created"], batch.summary["contacts_created"]) == (4, 5)
    assert snapshot() == listed

    # The same file again: every row is unchanged, and so is the portal.
    batch, preview = import_file(client, exported, f"igen.{export_format}")
    rows = preview.context["plan"].rows
    assert [(row.action, row.changes) for row in rows] == [("unchanged", [])] * 6
    commit(client, batch, preview)
    assert ImportBatch.objects.get(pk=batch.pk).summary["unchanged"] == 4
    assert snapshot() == listed
