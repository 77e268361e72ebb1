"""The activity page shows a person's registrations (day, hours, note) only to the project
leader and to the person themselves; the others see totals. And the time table's empty row
spans every column it has."""

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from portal.models import User
from portal.programme.services import timesheets as services
from tests.conftest import make_user
from tests.factories.programme import build_offer_plan, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(leader, consultant):
    activity = build_offer_plan(leader)["Kortlægning"]
    colleague = make_user("kollega", User.Role.CONSULTANT)
    for user, hours, note in (
        (consultant, "2", "Mit interview"),
        (consultant, "3", "Min opsamling"),
        (colleague, "4", "Kollegas lægebesøg"),
        (leader, "1.5", "Lederens møde"),
    ):
        services.time_entry_create(
            user=user, activity=activity, date=days(-2), hours=Decimal(hours), note=note
        )
    return activity


def page(client, user, activity):
    client.force_login(user)
    response = client.get(reverse("programme:activity-detail", args=[activity.pk]))
    assert response.status_code == 200
    return response


NOTES = {"Mit interview", "Min opsamling", "Kollegas lægebesøg", "Lederens møde"}


def notes_in(html):
    return {note for note in NOTES if note in html}


def test_the_project_leader_sees_every_registration(client, leader, activity):
    response = page(client, leader, activity)
    assert {entry.note for entry in response.context["entries"]} == NOTES
    assert notes_in(response.content.decode()) == NOTES
    assert response.context["all_shown"] is True


def test_a_consultant_sees_their_own_rows_and_the_others_as_a_total(client, consultant, activity):
    response = page(client, consultant, activity)
    assert {entry.note for entry in response.context["entries"]} == {
        "Mit interview",
        "Min opsamling",
    }
    html = response.content.decode()
    assert notes_in(html) == {"Mit interview", "Min opsamling"}
    assert "Kollega" not in html
    others = response.context["others"]
    assert others == {"hours": Decimal("5.5"), "cost": Decimal("4537.50"), "count": 2}
    assert "4.537,50 kr." in html
    # The figures still count everyone's time.
    assert response.context["figures"].used_hours == Decimal("10.5")


def test_the_steering_group_sees_totals_only(client, steering, activity):
    response = page(client, steering, activity)
    assert response.context["entries"] == []
    html = response.content.decode()
    assert notes_in(html) == set()
    for name in ("Konsulent", "Kollega"):
        assert name not in html
    assert response.context["others"]["hours"] == Decimal("10.5")
    assert response.context["others"]["count"] == 4
    assert "8.662,50 kr." in html  # 10,5 × 825


# The empty row of the time table


def columns_and_span(html):
    headings = len(re.findall(r"<th scope=\"col\"", html))
    span = int(re.search(r'colspan="(\d+)"', html).group(1))
    return headings, span


@pytest.mark.parametrize(
    ("show_person", "show_activity", "columns"),
    [(True, True, 7), (True, False, 6), (False, True, 6), (False, False, 5)],
)
def test_the_empty_row_spans_the_tables_columns(
    rf, consultant, show_person, show_activity, columns
):
    request = rf.get("/")
    request.user = consultant
    html = render_to_string(
        "programme/timesheets/includes/entry_table.html",
        {
            "entries": [],
            "show_person": show_person,
            "show_activity": show_activity,
            "caption_text": "x",
            "user": consultant,
        },
        request,
    )
    assert columns_and_span(html) == (columns, columns)
