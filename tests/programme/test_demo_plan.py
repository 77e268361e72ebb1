"""The plan's demo data: the offer's phases, activities and hours, a baseline of the offer,
some registered time, and the same result however often it is loaded."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone

from portal import formatting
from portal.programme import demo_plan
from portal.programme.models import Activity, BaselineLine, BudgetBaseline, Phase, TimeEntry
from portal.programme.selectors import budget as budget_selectors
from portal.programme.selectors import plan as plan_selectors
from portal.programme.selectors.budget import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(leader, consultant, steering, alice):
    return {
        "project_leader": leader,
        "consultant": consultant,
        "steering_group": steering,
        "enterprise": alice,
    }


def load(users):
    demo_plan.load(users=users, stdout=io.StringIO())


def test_it_loads_the_offers_totals(users):
    load(users)
    overview = plan_selectors.plan_overview()
    phase1, phase2 = overview["phases"]
    # The offer says "290 timer" for phase 1, but its activities add up to 275.
    assert phase1.totals.hours == Decimal("275")
    assert formatting.money(phase1.totals.cost) == "226.875,00 kr."
    assert formatting.money(phase1.totals.cost_with_vat) == "283.593,75 kr."
    assert phase2.totals.hours == Decimal("380")
    assert formatting.money(phase2.totals.cost) == "313.500,00 kr."
    assert [a.estimated_hours for a in phase1.activity_list] == [30, 125, 50, 70]
    assert [a.estimated_hours for a in phase2.activity_list] == [30, 50, 30, 100, 30, 100, 20, 20]
    assert {a.hourly_rate for a in Activity.objects.all()} == {Decimal("825.00")}
    assert phase1.activity_list[0].name == "Projektetablering"


def test_phase_1_is_contracted_and_runs_now_phase_2_follows(users):
    load(users)
    phase1, phase2 = Phase.objects.order_by("number")
    today = timezone.localdate()
    assert phase1.contracted and not phase2.contracted
    assert phase1.starts_on < today < phase1.ends_on
    assert phase2.starts_on > phase1.ends_on
    assert 540 <= (phase2.ends_on - phase2.starts_on).days <= 560


def test_it_keeps_the_offer_as_a_baseline(users):
    load(users)
    baseline = BudgetBaseline.objects.get(name="Tilbuddet (2012)")
    assert baseline.lines.count() == 12
    result = budget_selectors.baseline_compare(baseline=baseline)
    assert result["difference"].cost == 0
    assert formatting.money(result["then"].cost) == "540.375,00 kr."


def test_it_registers_time_past_90_and_past_100_percent(users):
    load(users)
    assert TimeEntry.objects.filter(user=users["consultant"]).exists()
    warnings = budget_selectors.budget_overview()["warnings"]
    levels = {activity.name: activity.figures.level for activity in warnings}
    assert levels == {"Projektetablering": Level.OVER, "Kortlægning": Level.NEAR}


def test_it_loads_twice_without_duplicates(users):
    load(users)
    counts = (
        Phase.objects.count(),
        Activity.objects.count(),
        BudgetBaseline.objects.count(),
        BaselineLine.objects.count(),
        TimeEntry.objects.count(),
        Activity.history.count(),
    )
    load(users)
    assert counts == (
        Phase.objects.count(),
        Activity.objects.count(),
        BudgetBaseline.objects.count(),
        BaselineLine.objects.count(),
        TimeEntry.objects.count(),
        Activity.history.count(),
    )
    assert counts[:4] == (2, 12, 1, 12)
    assert formatting.money(plan_selectors.plan_overview()["totals"].cost) == "540.375,00 kr."


def test_the_plan_changes_show_who_loaded_it_and_why(users):
    load(users)
    record = Activity.history.filter(name="Kortlægning").get()
    assert record.history_user == users["project_leader"]
    assert record.history_change_reason == demo_plan.REASON
