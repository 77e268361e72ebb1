"""The plan in action on the dashboard: a staff member's own stale and late actions, and all
stale actions for the project leader."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

from strategy import dashboard_progress
from strategy.models import Action

pytestmark = pytest.mark.django_db


def panels_for(rf, user):
    request = rf.get("/")
    request.user = user
    return {
        panel.template.rsplit("/", 1)[-1]: panel for panel in dashboard_progress.panels(request)
    }


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_shows_staff_their_own_stale_and_late_actions(rf, live_plan, consultant):
    Action.objects.filter(pk=live_plan["incubator"].pk).update(
        owner_department="", owner_person=consultant
    )
    panels = panels_for(rf, consultant)
    assert set(panels) == {"panel_mine.html"}
    mine = panels["panel_mine.html"].context
    assert [a.title for a in mine["actions"]] == [
        "Netværksmøder hver måned",
        "Kuvøseforløb for iværksættere",
    ]
    assert (mine["stale_count"], mine["late_count"]) == (2, 1)
    html = render_to_string(panels["panel_mine.html"].template, {"panel": mine})
    assert "Kuvøseforløb for iværksættere" in html


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_shows_the_leader_all_stale_actions_with_a_count(rf, live_plan, leader):
    panels = panels_for(rf, leader)
    assert set(panels) == {"panel_stale.html"}  # the leader owns none
    stale = panels["panel_stale.html"].context
    assert stale["stale_count"] == 3
    assert {a.title for a in stale["actions"]} == {
        "Netværksmøder hver måned",
        "Kuvøseforløb for iværksættere",
        "Slutter i dag",
    }


@override_settings(STRATEGY_STALE_DAYS=30)
def test_it_shows_staff_no_panel_when_nothing_of_theirs_is_stale_or_late(rf, live_plan, consultant):
    assert panels_for(rf, consultant) == {}


@pytest.mark.parametrize("who", ["alice", "steering"])
@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_shows_others_no_panel(rf, request, live_plan, who):
    assert panels_for(rf, request.getfixturevalue(who)) == {}


def test_it_shows_no_panel_without_a_plan_in_force(rf, draft, leader):
    assert panels_for(rf, leader) == {}
