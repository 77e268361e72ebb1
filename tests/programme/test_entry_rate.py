"""A registration keeps the hourly rate of the moment it was made: changing an activity's
rate changes its estimate, never what was already spent."""

import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from portal.programme.models import Activity, TimeEntry
from portal.programme.selectors import budget as budget_selectors
from portal.programme.services import plan as plan_services
from portal.programme.services import timesheets as services
from tests.factories.programme import build_offer_plan, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(leader):
    return build_offer_plan(leader)


def figures_of(name):
    overview = budget_selectors.budget_overview()
    return next(
        activity.figures
        for phase in overview["phases"]
        for activity in phase.activity_list
        if activity.name == name
    )


def test_a_registration_stores_the_activitys_rate(plan, consultant):
    activity = plan["Kortlægning"]
    Activity.objects.filter(pk=activity.pk).update(hourly_rate=Decimal("900.00"))
    entry = services.time_entry_create(
        user=consultant, activity=activity, date=days(-1), hours=Decimal("2")
    )
    entry.refresh_from_db()
    assert entry.hourly_rate == Decimal("900.00")
    assert entry.cost == Decimal("1800.00")


def test_a_new_rate_does_not_rewrite_what_was_spent(plan, consultant, leader):
    activity = plan["Kortlægning"]
    services.time_entry_create(
        user=consultant, activity=activity, date=days(-2), hours=Decimal("10")
    )
    plan_services.activity_update(
        activity=activity, by=leader, reason="Ny takst", hourly_rate=Decimal("1000.00")
    )
    services.time_entry_create(
        user=consultant, activity=activity, date=days(-1), hours=Decimal("2")
    )
    figures = figures_of("Kortlægning")
    assert figures.used_hours == Decimal("12")
    # 10 × 825 before the change, 2 × 1,000 after it.
    assert figures.used_cost == Decimal("10250.00")
    assert figures.estimated_cost == Decimal("125000.00")


def test_the_activity_page_uses_the_entries_rates(client, plan, consultant, leader):
    activity = plan["Opsamling"]
    services.time_entry_create(
        user=consultant, activity=activity, date=days(-2), hours=Decimal("4")
    )
    plan_services.activity_update(
        activity=activity, by=leader, reason="Ny takst", hourly_rate=Decimal("900.00")
    )
    client.force_login(leader)
    response = client.get(activity.get_absolute_url())
    assert response.context["figures"].used_cost == Decimal("3300.00")
    assert response.context["entries"][0].cost == Decimal("3300.00")


def test_a_changed_entry_keeps_its_rate_and_takes_the_new_activitys_when_moved(
    plan, consultant, leader
):
    first, second = plan["Kortlægning"], plan["Opsamling"]
    entry = services.time_entry_create(
        user=consultant, activity=first, date=days(-1), hours=Decimal("2")
    )
    Activity.objects.filter(pk=first.pk).update(hourly_rate=Decimal("700.00"))
    Activity.objects.filter(pk=second.pk).update(hourly_rate=Decimal("950.00"))
    entry = services.time_entry_update(
        entry=entry, activity=first, date=days(-1), hours=Decimal("3"), note=""
    )
    assert entry.hourly_rate == Decimal("825.00")
    entry = services.time_entry_update(
        entry=entry, activity=second, date=days(-1), hours=Decimal("3"), note=""
    )
    assert entry.hourly_rate == Decimal("950.00")


def test_the_budget_still_reads_in_two_queries(plan, consultant, django_assert_num_queries):
    for name in ("Kortlægning", "Opsamling"):
        services.time_entry_create(
            user=consultant, activity=plan[name], date=days(-1), hours=Decimal("3")
        )
    with django_assert_num_queries(2):
        overview = budget_selectors.budget_overview()
    assert overview["totals"].used_cost == Decimal("4950.00")


def test_the_data_migration_fills_existing_entries_from_their_activity(plan, consultant):
    activity = plan["Kortlægning"]
    Activity.objects.filter(pk=activity.pk).update(hourly_rate=Decimal("875.00"))
    entry = TimeEntry.objects.create(
        user=consultant, activity=activity, date=days(-1), hours=Decimal("2"), hourly_rate=0
    )
    migration = importlib.import_module("portal.migrations.0004_time_entry_rate_from_activity")
    # The models as the migration saw them: still `portal`'s then (see programme.0001).
    state = MigrationLoader(connection).project_state(
        ("portal", "0004_time_entry_rate_from_activity")
    )
    migration.rate_from_activity(state.apps, schema_editor=None)
    entry.refresh_from_db()
    assert entry.hourly_rate == Decimal("875.00")
