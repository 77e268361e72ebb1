"""The monthly statement of registered time: shown and exported (XLSX, CSV) for a period, per
person and per activity; the project leader's of everyone, a consultant's of their own."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from portal.programme.services.timesheets import time_entry_create
from portal.programme.views.time_export import month_period
from tests.conftest import make_user
from tests.factories.programme import build_offer_plan, days
from tests.permissions import ACTORS, LOGIN, check, expect, log_in_as

pytestmark = pytest.mark.django_db

EXPORT = reverse("programme:time-export")


@pytest.fixture
def world(leader, consultant):
    """The consultant's and a colleague's time in the period days(-10)..days(-1), and one
    entry of the consultant's before it."""
    plan = build_offer_plan(leader)
    colleague = make_user("karen", "consultant", last_name="Kollega")
    mapping, wrap_up = plan["Kortlægning"], plan["Opsamling"]

    def register(user, activity, day, hours, note=""):
        return time_entry_create(
            user=user, activity=activity, date=days(day), hours=Decimal(hours), note=note
        )

    register(consultant, mapping, -5, "1.5", "Interview")
    register(consultant, mapping, -4, "7.5")
    register(consultant, wrap_up, -3, "2")
    register(colleague, mapping, -2, "3.25", "=HYPERLINK(1)")
    register(consultant, mapping, -30, "8")  # before the period
    return {"plan": plan, "consultant": consultant, "colleague": colleague}


def period(**extra):
    return {"starts_on": days(-10).isoformat(), "ends_on": days(-1).isoformat(), **extra}


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_leader_exports_every_entry_of_the_period_as_csv(client, world, leader):
    client.force_login(leader)
    response = client.get(EXPORT, period(content="entries", export="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = csv_rows(response)
    assert header == [
        "Dato",
        "Person",
        "Fase",
        "Aktivitet",
        "Timer",
        "Timepris (kr.)",
        "Kroner ekskl. moms",
        "Bemærkning",
    ]
    assert [(row[0], row[1], row[4], row[6]) for row in rows] == [
        (days(-5).strftime("%d.%m.%Y"), str(world["consultant"]), "1,50", "1.237,50"),
        (days(-4).strftime("%d.%m.%Y"), str(world["consultant"]), "7,50", "6.187,50"),
        (days(-3).strftime("%d.%m.%Y"), str(world["consultant"]), "2,00", "1.650,00"),
        (days(-2).strftime("%d.%m.%Y"), "Karen Kollega", "3,25", "2.681,25"),
    ]
    # A note that looks like a formula is not run by the spreadsheet.
    assert rows[3][7] == "'=HYPERLINK(1)"


def test_the_totals_per_person_and_activity_add_up_in_xlsx(client, world, leader):
    client.force_login(leader)
    response = client.get(EXPORT, period(content="totals", export="xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    header, *rows = xlsx_rows(response)
    assert header == ["Person", "Fase", "Aktivitet", "Timer", "Kroner ekskl. moms"]
    consultant = str(world["consultant"])
    # People by name, their activities in the plan's order.
    assert rows == [
        ["Karen Kollega", 1, "Kortlægning", 3.25, 2681.25],
        ["Karen Kollega", None, "I alt for Karen Kollega", 3.25, 2681.25],
        [consultant, 1, "Kortlægning", 9, 7425],
        [consultant, 1, "Opsamling", 2, 1650],
        [consultant, None, f"I alt for {consultant}", 11, 9075],
        [None, None, "I alt, ekskl. moms", 14.25, 11756.25],
        [None, None, "I alt, inkl. moms", None, 14695.31],
    ]


def test_the_leader_exports_one_persons_time_and_one_activity(client, world, leader):
    client.force_login(leader)
    response = client.get(
        EXPORT,
        period(
            content="entries",
            export="csv",
            person=world["consultant"].pk,
            activity=world["plan"]["Kortlægning"].pk,
        ),
    )
    _header, *rows = csv_rows(response)
    assert [(row[1], row[3], row[4]) for row in rows] == [
        (str(world["consultant"]), "Kortlægning", "1,50"),
        (str(world["consultant"]), "Kortlægning", "7,50"),
    ]


def test_a_consultant_exports_only_their_own_time(client, world):
    client.force_login(world["consultant"])
    # Asking for the colleague changes nothing: a consultant has no person to choose.
    response = client.get(
        EXPORT, period(content="entries", export="csv", person=world["colleague"].pk)
    )
    _header, *rows = csv_rows(response)
    assert {row[1] for row in rows} == {str(world["consultant"])}
    assert len(rows) == 3
    page = client.get(EXPORT, period()).content.decode()
    assert "Karen Kollega" not in page
    assert 'name="person"' not in page


def test_the_page_shows_the_statement_of_the_period(client, world, leader):
    client.force_login(leader)
    response = client.get(EXPORT, period())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-total="hours">14,25<' in html
    assert 'data-total="cost">11.756,25 kr.<' in html
    assert "I alt for Karen Kollega" in html


def test_without_a_period_it_shows_this_month(client, world, leader):
    client.force_login(leader)
    response = client.get(EXPORT)
    assert response.status_code == 200
    first, last = month_period(days(0))
    assert response.context["starts_on"] == first
    assert response.context["ends_on"] == last


def test_a_period_that_ends_before_it_starts_is_refused_at_the_field(client, world, leader):
    client.force_login(leader)
    data = {"starts_on": days(-1).isoformat(), "ends_on": days(-10).isoformat(), "export": "csv"}
    response = client.get(EXPORT, data)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["ends_on"] == ["Slutningen kan ikke ligge før starten."]


def test_the_list_and_the_budget_link_to_the_statement(client, world, leader, steering):
    client.force_login(leader)
    assert EXPORT in client.get(reverse("programme:time-list")).content.decode()
    assert EXPORT in client.get(reverse("programme:budget")).content.decode()
    client.force_login(steering)
    assert EXPORT not in client.get(reverse("programme:budget")).content.decode()


STAFF_EXPORT = expect(LOGIN, 403, 403, 200, 403, 200)


@pytest.mark.parametrize("export", ["", "csv", "xlsx"])
@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_export(client, alice, bob, steering, leader, consultant, actor, export):
    people = {
        "alice": alice,
        "bob": bob,
        "steering": steering,
        "leader": leader,
        "consultant": consultant,
    }
    log_in_as(client, people, actor)
    check(client.get(EXPORT, period(export=export) if export else {}), STAFF_EXPORT[actor])


@pytest.mark.parametrize(
    ("language", "title"), [("da", "Registreret tid"), ("en", "Registered time")]
)
def test_the_xlsx_is_named_in_the_pages_language_and_laid_out_like_the_others(
    client, world, leader, settings, language, title
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(leader)
    response = client.get(EXPORT, period(content="entries", export="xlsx"))
    starts_on, ends_on = days(-10), days(-1)
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="registreret-tid-{starts_on:%Y%m%d}-{ends_on:%Y%m%d}-'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == title
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
