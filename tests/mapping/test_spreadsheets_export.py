"""Export of the staff organisation list, and export then import without loss."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mapping.models import Contact, ImportBatch, Organisation
from mapping.spreadsheets import guess_columns
from tests.conftest import make_organisation
from tests.mapping.test_spreadsheets import CVR_A, CVR_B, CVR_C, commit

pytestmark = pytest.mark.django_db

LIST = "mapping:organisation-list"


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
def listed(area, other_area):
    """A varied set of organisations, with every field the import knows filled somewhere."""
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
        description='Café ved havnen; "unge" i job.\r\nAnden linje, med komma.',
        employees=12,
        employees_flexjob=3,
        employees_edge=4,
        founded_year=2014,
    )
    cafe.contacts.create(
        name="Anne Ærø", role="Leder", email="anne@example.dk", phone="7434 1234", purpose="K"
    )
    cafe.contacts.create(name="Bo Bøgh", email="bo@example.dk", purpose="K")
    workshop = make_organisation(
        "Genbrugsværkstedet Vojens",
        cvr=CVR_B,
        sector=Organisation.Sector.CIVIL,
        kind=Organisation.Kind.ASSOCIATION,
        se_status=Organisation.SocialEconomyStatus.POTENTIAL,
        postcode="6500",
        town="Vojens",
        area=other_area,
    )
    # An erased person is not exported: the next contact is the first.
    workshop.contacts.create(name="", purpose="K", erased_at=timezone.now())
    workshop.contacts.create(name="Åge Øster", purpose="K")
    council = make_organisation(
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
    )
    return [cafe, workshop, council, pending]


def test_the_csv_export_has_the_import_headings_and_the_first_contact(client, leader, listed):
    client.force_login(leader)
    response = export(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="organisations-' in response["Content-Disposition"]
    headings, *body = csv_rows(response)
    assert guess_columns(headings) == [
        "name",
        "cvr",
        "sector",
        "kind",
        "se_status",
        "street",
        "postcode",
        "town",
        "area",
        "website",
        "description",
        "employees",
        "employees_flexjob",
        "employees_edge",
        "founded_year",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
    ]
    by_name = {row[0]: dict(zip(guess_columns(headings), row, strict=True)) for row in body}
    assert set(by_name) == {o.name for o in listed}
    cafe = by_name["Café Kvisten"]
    assert (cafe["cvr"], cafe["postcode"], cafe["employees"], cafe["area"]) == (
        CVR_A,
        "6100",
        "12",
        "Haderslev",
    )
    assert cafe["description"] == 'Café ved havnen; "unge" i job.\r\nAnden linje, med komma.'
    assert (cafe["contact_name"], cafe["contact_email"]) == ("Anne Ærø", "anne@example.dk")
    assert by_name["Genbrugsværkstedet Vojens"]["contact_name"] == "Åge Øster"
    assert by_name["Handicaprådet"]["contact_name"] == ""


def test_the_export_follows_the_filters_not_the_page(client, leader, listed, settings):
    settings.STAFF_LIST_PAGE_SIZE = 1
    client.force_login(leader)
    rows = csv_rows(export(client, "csv", sector="social_economy"))
    assert [row[0] for row in rows[1:]] == ["Café Kvisten", "Idéen på Årø"]
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
    client, leader, area, size, django_assert_max_num_queries
):
    for index in range(size):
        organisation = make_organisation(f"Org {index}", area=area)
        organisation.contacts.create(name=f"P {index}", purpose="K")
    client.force_login(leader)
    with django_assert_max_num_queries(5):
        response = export(client, "xlsx")
    assert len(xlsx_rows(response)) == size + 1


@pytest.mark.parametrize("actor", ["alice", "bob", "steering"])
def test_only_staff_may_export(client, actor, request, listed):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(reverse(LIST), {"export": "csv"}).status_code == 403


def snapshot():
    """Every value the import touches, and the history, to compare before and after."""
    organisations = list(
        Organisation.objects.order_by("pk").values(
            "pk",
            "name",
            "cvr",
            "sector",
            "kind",
            "se_status",
            "street",
            "postcode",
            "town",
            "area",
            "website",
            "description",
            "employees",
            "employees_flexjob",
            "employees_edge",
            "founded_year",
            "moderation_state",
        )
    )
    contacts = list(
        Contact.objects.order_by("pk").values(
            "pk", "organisation", "name", "role", "email", "phone", "legal_basis", "purpose"
        )
    )
    return organisations, contacts, Organisation.history.count(), Contact.history.count()


@pytest.mark.parametrize(
    ("export_format", "name"), [("csv", "eksport.csv"), ("xlsx", "eksport.xlsx")]
)
def test_export_then_import_changes_nothing(client, leader, listed, export_format, name):
    """In Danish, as the staff use it: Danish headings and labels are read back."""
    client.force_login(leader)
    before = snapshot()
    exported = export(client, export_format).content
    response = client.post(
        reverse("mapping:import-upload"), {"file": SimpleUploadedFile(name, exported)}
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("mapping:import-columns", args=[batch.pk])
    # Every column is recognised without help.
    assert "" not in batch.column_map["columns"]
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    form = client.get(columns_url).context["form"]
    client.post(columns_url, {field: form[field].value() or "" for field in form.fields})

    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    plan = preview.context["plan"]
    assert plan.errors == []
    assert [(row.name, row.action, row.changes, row.errors) for row in plan.rows] == [
        (organisation.name, "unchanged", [], [])
        for organisation in sorted(listed, key=lambda o: o.name)
    ]
    assert commit(client, batch, preview).status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert batch.summary["unchanged"] == len(listed)
    assert snapshot() == before


def test_an_english_export_is_read_back_by_a_danish_import(client, leader, listed, settings):
    client.force_login(leader)
    before = snapshot()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = export(client, "xlsx")
    assert xlsx_rows(response)[0][:2] == ["Name", "CVR number"]
    exported = response.content
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.post(
        reverse("mapping:import-upload"),
        {"file": SimpleUploadedFile("export.xlsx", exported)},
    )
    batch = ImportBatch.objects.get()
    assert "" not in batch.column_map["columns"]
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    form = client.get(columns_url).context["form"]
    client.post(columns_url, {field: form[field].value() or "" for field in form.fields})
    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert [row.action for row in preview.context["plan"].rows] == ["unchanged"] * len(listed)
    commit(client, batch, preview)
    assert snapshot() == before
