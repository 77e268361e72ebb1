"""The plan's dashboard panels: a consultant's hours this month and last entries; the
activities near or past their estimate for the project leader; nothing for anyone else."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from portal.programme import dashboard_plan
from portal.programme.models import TimeEntry
from tests.factories.programme import build_offer_plan, days

pytestmark = pytest.mark.django_db


def panels_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return dashboard_plan.panels(request)


def render(panel, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(panel.template, {"panel": panel.context, "user": user}, request)


def test_a_consultant_sees_their_hours_this_month_and_a_link_to_register(leader, consultant):
    plan = build_offer_plan(leader)
    today = days(0)
    TimeEntry.objects.create(
        user=consultant, activity=plan["Kortlægning"], date=today, hours=Decimal("3.5")
    )
    TimeEntry.objects.create(
        user=leader, activity=plan["Kortlægning"], date=today, hours=Decimal("8")
    )
    [panel] = panels_for(consultant)
    assert panel.context["month_hours"] == Decimal("3.5")
    assert [entry.hours for entry in panel.context["entries"]] == [Decimal("3.5")]
    html = render(panel, consultant)
    assert reverse("programme:time-add") in html
    assert "Kortlægning" in html


def test_the_project_leader_sees_the_activities_past_90_percent(leader, consultant):
    plan = build_offer_plan(leader)
    for n in range(4):  # 28 of 30 hours
        TimeEntry.objects.create(
            user=consultant, activity=plan["Projektetablering"], date=days(-n - 1), hours=7
        )
    [panel] = panels_for(leader)
    assert [activity.name for activity in panel.context["warnings"]] == ["Projektetablering"]
    html = render(panel, leader)
    assert "Projektetablering" in html
    assert "portal-budget-near" in html


def test_others_get_no_plan_panels(steering, alice):
    assert panels_for(steering) == []
    assert panels_for(alice) == []
