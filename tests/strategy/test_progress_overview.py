"""The overview of the plan in force: late and stale flags, counts per state, filters, a fixed
number of queries; and the timeline."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategy.models import Action, Strategy
from strategy.selectors import progress as selectors
from strategy.services.progress import progress_add
from tests.factories.strategy import ActionFactory, build_progress_strategy, days_ago, today

pytestmark = pytest.mark.django_db


State = Action.State


def flags(strategy, **kwargs):
    overview = selectors.plan_overview(strategy=strategy, **kwargs)
    return {action.title: (action.late, action.stale) for action in overview.actions}


# --- Late --------------------------------------------------------------------------------


def _action(**fields):
    return Action(title="x", starts_on=days_ago(50), **fields)


@pytest.mark.parametrize(
    ("ends_days_ago", "state", "late"),
    [
        (1, State.PLANNED, True),
        (1, State.UNDER_WAY, True),
        (1, State.PROPOSED, True),
        (1, State.DONE, False),
        (1, State.DROPPED, False),
        (0, State.UNDER_WAY, False),
        (-1, State.UNDER_WAY, False),
    ],
    ids=["planned", "under way", "proposed", "done", "dropped", "ends today", "ends tomorrow"],
)
def test_it_is_late_only_when_the_end_has_passed_and_it_is_not_done(ends_days_ago, state, late):
    assert _action(ends_on=days_ago(ends_days_ago), state=state).is_late() is late


def test_it_flags_the_late_action_in_the_overview(live_plan):
    late = [title for title, (is_late, _stale) in flags(live_plan["strategy"]).items() if is_late]
    assert late == ["Kuvøseforløb for iværksættere"]


# --- Counts ------------------------------------------------------------------------------


def test_it_counts_the_actions_per_state(live_plan):
    overview = selectors.plan_overview(strategy=live_plan["strategy"])
    counts = {row["state"]: row["count"] for row in overview.state_counts}
    assert counts == {"proposed": 0, "planned": 2, "under_way": 1, "done": 1, "dropped": 1}
    assert (overview.total, overview.late_count, overview.stale_count) == (5, 1, 0)


def test_it_shows_the_counts_on_the_page(client, live_plan, steering):
    client.force_login(steering)
    page = client.get(
        reverse("strategy:plan-overview", args=[live_plan["strategy"].pk])
    ).content.decode()
    assert 'data-count="planned">2<' in page
    assert 'data-count="under_way">1<' in page
    assert 'data-count="late">1<' in page
    assert 'data-count="total">5<' in page


def test_it_counts_the_whole_plan_when_filtered(client, live_plan, consultant):
    client.force_login(consultant)
    url = reverse("strategy:plan-overview", args=[live_plan["strategy"].pk])
    response = client.get(url, {"state": "done"})
    overview = response.context["overview"]
    assert [a.title for a in overview.rows] == ["Kortlægning afsluttet"]
    assert overview.total == 5
    assert 'data-count="planned">2<' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"late": "on"}, ["Kuvøseforløb for iværksættere"]),
        ({"state": "under_way"}, ["Netværksmøder hver måned"]),
        ({"focus_area": "FIRST"}, ["Netværksmøder hver måned", "Kortlægning afsluttet"]),
        ({"owner": "OWNER"}, ["Netværksmøder hver måned"]),
        ({"state": "nonsense"}, None),
    ],
    ids=["late", "state", "focus area", "owner", "bad value ignored"],
)
def test_it_filters_the_overview(client, live_plan, consultant, query, titles):
    strategy = live_plan["strategy"]
    if query.get("focus_area") == "FIRST":
        query = {"focus_area": strategy.focus_areas.get(position=1).pk}
    if query.get("owner") == "OWNER":
        query = {"owner": f"person:{consultant.pk}"}
    client.force_login(consultant)
    response = client.get(reverse("strategy:plan-overview", args=[strategy.pk]), query)
    assert response.status_code == 200
    shown = [a.title for a in response.context["overview"].rows]
    assert shown == (titles or [a.title for a in response.context["overview"].actions])


def test_it_reads_the_overview_in_a_fixed_number_of_queries(live_plan, leader):
    strategy = live_plan["strategy"]
    for action in Action.objects.filter(strategy=strategy):
        progress_add(action=action, by=leader, date=days_ago(3), state=action.state, percent_done=5)
    with CaptureQueriesContext(connection) as few:
        selectors.plan_overview(strategy=strategy)
    area = strategy.focus_areas.first()
    for number in range(6):
        action = ActionFactory(strategy=strategy, focus_area=area, title=f"Ekstra {number}")
        progress_add(
            action=action, by=leader, date=days_ago(1), state=State.PLANNED, percent_done=1
        )
    with CaptureQueriesContext(connection) as many:
        overview = selectors.plan_overview(strategy=strategy)
    assert overview.total == 11
    # The decision, the plan in force, the focus areas, the actions with their progress.
    assert len(many) == len(few) == 4


def test_it_shows_the_latest_percent_and_value(live_plan, consultant):
    action = live_plan["meetings"]
    progress_add(
        action=action,
        by=consultant,
        date=days_ago(9),
        state=State.UNDER_WAY,
        percent_done=20,
        indicator_value=11,
    )
    progress_add(
        action=action, by=consultant, date=days_ago(2), state=State.UNDER_WAY, percent_done=35
    )
    progress_add(
        action=action,
        by=consultant,
        date=days_ago(20),
        state=State.UNDER_WAY,
        percent_done=90,
        indicator_value=3,
    )
    row = next(
        a
        for a in selectors.plan_overview(strategy=live_plan["strategy"]).actions
        if a.pk == action.pk
    )
    assert (row.percent_done, row.current_value, row.last_update_on) == (35, 11, days_ago(2))


# --- Stale -------------------------------------------------------------------------------


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_flags_open_actions_stale_since_adoption_without_updates(live_plan):
    stale = sorted(
        title for title, (_late, is_stale) in flags(live_plan["strategy"]).items() if is_stale
    )
    # Adopted 10 days ago; done and dropped actions are never stale.
    assert stale == ["Kuvøseforløb for iværksættere", "Netværksmøder hver måned", "Slutter i dag"]


@override_settings(STRATEGY_STALE_DAYS=30)
def test_it_does_not_flag_stale_within_the_set_days(live_plan):
    assert not any(is_stale for _late, is_stale in flags(live_plan["strategy"]).values())


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_counts_from_the_newest_update(live_plan, consultant):
    progress_add(
        action=live_plan["meetings"],
        by=consultant,
        date=days_ago(5),
        state=State.UNDER_WAY,
        percent_done=10,
    )
    progress_add(
        action=live_plan["incubator"],
        by=consultant,
        date=days_ago(6),
        state=State.PLANNED,
        percent_done=0,
    )
    result = flags(live_plan["strategy"])
    assert result["Netværksmøder hver måned"][1] is False  # exactly 5 days: not longer
    assert result["Kuvøseforløb for iværksættere"][1] is True  # 6 days


@override_settings(STRATEGY_STALE_DAYS=5)
def test_it_never_flags_a_plan_not_in_force_as_stale(draft):
    assert flags(draft["strategy"]) == {"Udkastets handling": (False, False)}


# --- The timeline -------------------------------------------------------------------------


def test_it_draws_the_timeline_with_today_and_a_table(client, live_plan, steering):
    client.force_login(steering)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("strategy:plan-timeline", args=[live_plan["strategy"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in page and "<title>" in page and "<desc" in page and "aria-label=" in page
    assert today().strftime("%d/%m/%Y") in page  # the British date of the English pages
    assert "Kuvøseforløb for iværksættere – late" in page  # late marked with text
    assert page.count("<tr>") == 1 + 5  # the table: a header and one row per action
    timeline = response.context["timeline"]
    assert timeline.starts <= min(a.starts_on for a in live_plan["strategy"].actions.all())
    xs = {row.lane.key.title: row for row in timeline.rows if row.has_bar}
    # The bar of the action ending today ends at today's line.
    ends_today = xs["Slutter i dag"]
    assert ends_today.x < timeline.today_x <= ends_today.x + ends_today.width


def test_it_keeps_svg_numbers_unlocalised(client, live_plan, leader):
    for number in range(40):
        ActionFactory(
            strategy=live_plan["strategy"],
            focus_area=live_plan["strategy"].focus_areas.first(),
            title=f"Række {number}",
        )
    client.force_login(leader)
    page = client.get(
        reverse("strategy:plan-timeline", args=[live_plan["strategy"].pk])
    ).content.decode()
    assert 'viewBox="0 0 1000 ' in page  # not "1.000" in Danish


def test_it_marks_a_replaced_plan_without_stale_flags(leader):
    strategy = build_progress_strategy(by=leader, state=Strategy.State.REPLACED)
    ActionFactory(
        strategy=strategy,
        focus_area=strategy.focus_areas.first(),
        title="Gammel",
        starts_on=days_ago(900),
        ends_on=days_ago(800),
    )
    with override_settings(STRATEGY_STALE_DAYS=1):
        assert flags(strategy) == {"Gammel": (True, False)}
