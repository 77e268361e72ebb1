"""The programme plan: costs and totals computed from the activities (excl. and incl. VAT, in
Danish), changes to the plan recorded with who, when and why, and the timeline."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal import formatting
from portal.programme import timeline
from portal.programme.models import Activity, Phase, SteeringMeeting, TimeEntry
from portal.programme.selectors import plan as selectors
from portal.programme.services import plan as services
from portal.timeline import CHART_LEFT, CHART_RIGHT
from tests.factories.programme import build_offer_plan, days
from tests.programme.form_data import edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(leader):
    return build_offer_plan(leader)


@pytest.fixture
def english(client, settings):
    """A client that has chosen English, so messages can be read in their source language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_computes_an_activitys_cost_as_hours_times_rate(plan):
    activity = plan["Kortlægning"]
    assert activity.cost == Decimal("103125.00")
    assert formatting.money(activity.cost) == "103.125,00 kr."
    assert formatting.money(activity.cost_with_vat) == "128.906,25 kr."


def test_it_sums_phase_and_programme_totals_from_the_activities(plan):
    overview = selectors.plan_overview()
    phase1, phase2 = overview["phases"]
    assert phase1.totals.hours == Decimal("275")
    assert formatting.money(phase1.totals.cost) == "226.875,00 kr."
    assert formatting.money(phase1.totals.cost_with_vat) == "283.593,75 kr."
    assert phase2.totals.hours == Decimal("380")
    assert formatting.money(phase2.totals.cost) == "313.500,00 kr."
    assert formatting.money(phase2.totals.cost_with_vat) == "391.875,00 kr."
    assert formatting.money(overview["totals"].cost) == "540.375,00 kr."
    assert formatting.money(overview["totals"].cost_with_vat) == "675.468,75 kr."


def test_it_shows_the_totals_in_danish_on_the_programme_page(client, plan, consultant):
    client.force_login(consultant)
    html = client.get(reverse("programme:home")).content.decode()
    for amount in ("226.875,00 kr.", "283.593,75 kr.", "313.500,00 kr.", "391.875,00 kr."):
        assert amount in html
    assert "103.125,00 kr." in html  # Kortlægning's cost
    assert 'data-total="cost">540.375,00 kr.' in html
    assert 'data-total="cost-with-vat">675.468,75 kr.' in html


def test_it_reads_the_programme_page_in_a_fixed_number_of_queries(
    client, plan, consultant, django_assert_max_num_queries
):
    client.force_login(consultant)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("programme:home")).status_code == 200


def test_it_changes_the_totals_when_an_estimate_changes_and_records_who_and_why(
    client, plan, leader
):
    client.force_login(leader)
    activity = plan["Kortlægning"]
    response = client.post(
        reverse("programme:activity-edit", args=[activity.pk]),
        edit_data(activity, estimated_hours="140"),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.estimated_hours == Decimal("140")
    phase1 = selectors.plan_overview()["phases"][0]
    assert phase1.totals.hours == Decimal("290")
    assert formatting.money(phase1.totals.cost) == "239.250,00 kr."
    record = activity.history.latest()
    assert record.history_user == leader
    assert record.history_change_reason == "Styregruppen udvidede kortlægningen"
    [entry] = [e for e in selectors.activity_history(activity=activity) if e.kind == "~"]
    with translation.override("en"):
        changes = [(str(c.field), c.old, c.new) for c in entry.changes]
    assert changes == [("estimated hours", "125", "140")]


def test_it_lists_the_change_on_the_plan_changes_page(client, plan, leader, steering):
    activity = plan["Opsamling"]
    services.activity_update(
        activity=activity,
        by=leader,
        reason="Mere tid til delrapporten",
        estimated_hours=Decimal("60"),
    )
    client.force_login(steering)
    html = client.get(reverse("programme:plan-changes")).content.decode()
    assert "Mere tid til delrapporten" in html
    assert re.search(r"<td>50</td><td>60</td>", html)
    assert str(leader) in html


def test_it_records_nothing_when_nothing_changed(plan, leader):
    activity = plan["Opsamling"]
    before = activity.history.count()
    _activity, changed = services.activity_update(
        activity=activity, by=leader, reason="Ingen ændring", estimated_hours=Decimal("50")
    )
    assert not changed
    assert activity.history.count() == before


def test_it_creates_an_activity_with_its_reason(client, plan, leader):
    client.force_login(leader)
    phase = plan["phase2"]
    data = {
        "phase": phase.pk,
        "position": 9,
        "name": "Evaluering",
        "description": "",
        "estimated_hours": "40",
        "hourly_rate": "825",
        "planned_start": phase.starts_on.isoformat(),
        "planned_end": phase.ends_on.isoformat(),
        "responsible": leader.pk,
        "reason": "Besluttet på styregruppemødet",
    }
    response = client.post(reverse("programme:activity-create"), data)
    activity = Activity.objects.get(name="Evaluering")
    assert response["Location"] == activity.get_absolute_url()
    record = activity.history.get()
    assert (record.history_user, record.history_change_reason) == (
        leader,
        "Besluttet på styregruppemødet",
    )
    assert selectors.plan_overview()["phases"][1].totals.hours == Decimal("420")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": ""}, "reason", "Say why the plan changes."),
        ({"estimated_hours": "-5"}, "estimated_hours", "greater than or equal to 0"),
        ({"estimated_hours": "mange"}, "estimated_hours", "Write a number, e.g. 7.5"),
        ({"planned_end": "2000-01-01"}, "planned_end", "The end cannot come before the start."),
        ({"planned_start": "2000-01-01"}, "planned_start", "must lie within its phase"),
    ],
)
def test_it_refuses_a_bad_activity_with_the_message_next_to_the_field(
    english, plan, leader, changes, field, message
):
    client = english
    client.force_login(leader)
    activity = plan["Opsamling"]
    before = activity.history.count()
    response = client.post(
        reverse("programme:activity-edit", args=[activity.pk]),
        edit_data(activity, **changes),
    )
    assert response.status_code == 200
    html = response.content.decode()
    # crispy puts the message right under its field
    error = re.search(rf'<[^>]+id="error_1_id_{field}"[^>]*>(.*?)</', html, re.S)
    assert error is not None, html
    assert message in error.group(1)
    activity.refresh_from_db()
    assert activity.estimated_hours == Decimal("50")
    assert activity.history.count() == before


def test_it_refuses_a_phase_that_ends_before_it_starts(client, leader):
    client.force_login(leader)
    data = {
        "number": 3,
        "name": "Forlængelse",
        "starts_on": "2027-06-01",
        "ends_on": "2027-01-01",
        "reason": "Forlængelse",
    }
    response = client.post(reverse("programme:phase-create"), data)
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert not Phase.objects.exists()


def test_it_creates_and_edits_a_phase_with_its_reason(client, leader):
    client.force_login(leader)
    data = {
        "number": 3,
        "name": "Forlængelse",
        "starts_on": "2027-01-01",
        "ends_on": "2027-06-30",
        "reason": "Aftalt med kommunen",
    }
    client.post(reverse("programme:phase-create"), data)
    phase = Phase.objects.get(number=3)
    response = client.post(
        reverse("programme:phase-edit", args=[phase.pk]),
        {**data, "contracted": "on", "reason": "Kontrakt underskrevet"},
    )
    assert response.status_code == 302
    phase.refresh_from_db()
    assert phase.contracted
    assert [r.history_change_reason for r in phase.history.order_by("history_date")] == [
        "Aftalt med kommunen",
        "Kontrakt underskrevet",
    ]


def test_it_removes_an_activity_without_time_and_keeps_the_reason(client, plan, leader):
    client.force_login(leader)
    activity = plan["Aktivitet 7"]
    response = client.post(
        reverse("programme:activity-delete", args=[activity.pk]), {"reason": "Udgår"}
    )
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    record = Activity.history.filter(id=activity.pk).latest()
    assert (record.history_type, record.history_change_reason) == ("-", "Udgår")


def test_it_shows_activities_and_meetings_on_one_timeline_with_today(client, plan, consultant):
    starts = timezone.now() + datetime.timedelta(days=10)
    SteeringMeeting.objects.create(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), place="Rådhuset"
    )
    client.force_login(consultant)
    html = client.get(reverse("programme:home")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "Projektetablering" in svg
    assert "<polygon" in svg  # the meeting
    assert 'stroke-dasharray="5 3"' in svg  # today's line
    table = html[html.index("</svg>") :]
    assert (starts.astimezone(timezone.get_current_timezone())).strftime("%d.%m.%Y") in table
    assert "Projektetablering" in table


def test_it_marks_today_where_it_falls_on_the_axis(plan):
    overview = selectors.plan_overview()
    drawn = timeline.build(phases=overview["phases"], meetings=[], today=days(0))
    assert CHART_LEFT < drawn.today_x < CHART_RIGHT
    phase1 = drawn.rows[0]
    assert phase1.x <= drawn.today_x <= phase1.x + phase1.width
    later = timeline.build(phases=overview["phases"], meetings=[], today=days(5000))
    assert later.today_x is None


def test_an_activity_with_time_stays_in_its_phase(english, plan, leader):
    activity = plan["Opsamling"]
    TimeEntry.objects.create(user=leader, activity=activity, date=days(-1), hours=Decimal(2))
    english.force_login(leader)
    phase2 = plan["phase2"]
    response = english.post(
        reverse("programme:activity-edit", args=[activity.pk]),
        edit_data(
            activity,
            phase=phase2.pk,
            planned_start=phase2.starts_on.isoformat(),
            planned_end=phase2.ends_on.isoformat(),
        ),
    )
    assert response.status_code == 200
    assert "stays in its phase" in response.content.decode()
    activity.refresh_from_db()
    assert activity.phase == plan["phase1"]


def test_the_activity_page_reads_in_a_fixed_number_of_queries(
    client, plan, consultant, leader, django_assert_max_num_queries
):
    activity = plan["Kortlægning"]
    for n in range(12):
        TimeEntry.objects.create(
            user=consultant if n % 2 else leader, activity=activity, date=days(-n - 1), hours=3
        )
    client.force_login(consultant)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("programme:activity-detail", args=[activity.pk]))
    assert response.context["figures"].used_hours == Decimal(36)
    # The consultant's own six rows; the leader's six only as a total.
    assert len(response.context["entries"]) == 6
    assert response.context["others"]["hours"] == Decimal(18)
