"""Every drafting URL, every actor: only the programme's staff draft. Steering group members
never see drafts (they read submitted versions on the review pages); enterprise users see
only the public page. An adopted plan is locked: every edit answers 403 and changes nothing.
"""

import pytest
from django.urls import reverse

from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion
from strategy.services import drafting as services
from tests.conftest import make_actors, once_per_module
from tests.factories.strategy import build_drafted_plan
from tests.permissions import (
    ACTORS,
    LOGIN,
    STAFF_ONLY,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
)
from tests.permissions import url as page

pytestmark = pytest.mark.django_db

# A POST that staff may make answers with a redirect (to the draft page).
STAFF_POST = expect(LOGIN, 403, 403, 302, 403, 302)


def build_world():
    world = make_actors()
    leader = world["leader"]
    built = build_drafted_plan(by=leader)
    empty = services.focus_area_save(strategy=built.strategy, by=leader, position=3, title="Tomt")
    return {
        **world,
        "empty_area": empty,
        "strategy": built.strategy,
        "area": built.areas[1],
        "goal": built.goals[2],
        "action": built.actions[1],
        "plan": built,
    }


module_data, world = once_per_module(build_world, "world")


def url(name, key=None):
    return lambda w: reverse(f"strategy:{name}", args=[w[key].pk] if key else [])


def staff_only(name, *args, query=""):
    return Row(f"strategy:{name}", page(f"strategy:{name}", *args, query=query), STAFF_ONLY)


GET_MATRIX = matrix(
    __name__,
    [
        staff_only("strategy-list"),
        staff_only("strategy-create"),
        staff_only("strategy-detail", "strategy"),
        staff_only("strategy-edit", "strategy"),
        staff_only("focus-area-create", "strategy"),
        staff_only("focus-area-edit", "area"),
        staff_only("focus-area-delete", "area"),
        staff_only("goal-create", "area"),
        staff_only("goal-edit", "goal"),
        staff_only("goal-delete", "goal"),
        staff_only("action-create", "strategy"),
        staff_only("action-detail", "action"),
        staff_only("action-edit", "action"),
        staff_only("action-delete", "action"),
        staff_only("version-list", "strategy"),
        staff_only("version-compare", "strategy", query="?a=1&b=2"),
    ],
)


# Each test walks every actor over one URL.
@pytest.mark.parametrize("row", GET_MATRIX, ids=row_ids(GET_MATRIX))
def test_it_shows_drafting_pages_to_staff_only(client, world, row):
    for actor in ACTORS:
        client.logout()
        log_in_as(client, world, actor)
        response = get_row(client, world, row)
        want = row.expected[actor]
        assert response.status_code == (302 if want == LOGIN else want), actor
        check(response, want)


def post_matrix():
    """(name, url, data, what must be unchanged for refused actors) for each form."""

    def strategy_data(w):
        return {"title": "Ændret", "vision": "", "starts_on": "", "ends_on": "", "revision": 1}

    return [
        ("strategy create", url("strategy-create"), lambda w: {"title": "Ny"}),
        ("strategy edit", url("strategy-edit", "strategy"), strategy_data),
        (
            "focus area create",
            url("focus-area-create", "strategy"),
            lambda w: {"position": 3, "title": "Ny"},
        ),
        (
            "focus area edit",
            url("focus-area-edit", "area"),
            lambda w: {"position": 2, "title": "Ændret", "revision": 1},
        ),
        ("focus area delete", url("focus-area-delete", "empty_area"), lambda w: {"revision": 1}),
        ("goal create", url("goal-create", "area"), lambda w: {"position": 3, "title": "Ny"}),
        (
            "goal edit",
            url("goal-edit", "goal"),
            lambda w: {"position": 2, "title": "Ændret", "revision": 1},
        ),
        ("goal delete", url("goal-delete", "goal"), lambda w: {"revision": 1}),
        ("action create", url("action-create", "strategy"), action_data),
        ("action edit", url("action-edit", "action"), lambda w: {**action_data(w), "revision": 1}),
        ("action delete", url("action-delete", "action"), lambda w: {"revision": 1}),
    ]


def action_data(w):
    return {
        "title": "Ændret handling",
        "position": 2,
        "focus_area": w["plan"].areas[0].pk,
        "state": "proposed",
        "owner_department": "Kultur",
        "starts_on": "2026-09-01",
        "ends_on": "2026-11-30",
        "budget": "1",
        "budget_hours": "1",
    }


POST_MATRIX = post_matrix()


def state_of(strategy):
    """Everything drafting can change, to prove a refused post changed nothing."""
    return (
        StrategyVersion.objects.filter(strategy=strategy).count(),
        list(Strategy.objects.values_list("title", "vision", "revision").order_by("pk")),
        list(FocusArea.objects.values_list("title", "revision").order_by("pk")),
        list(Goal.objects.values_list("title", "revision").order_by("pk")),
        list(Action.objects.values_list("title", "revision").order_by("pk")),
    )


REFUSED = [actor for actor in ACTORS if STAFF_POST[actor] != 302]


@pytest.mark.parametrize(
    ("name", "make_url", "make_data"), POST_MATRIX, ids=[row[0] for row in POST_MATRIX]
)
def test_it_refuses_posts_from_others_and_they_change_nothing(
    client, world, name, make_url, make_data
):
    before = state_of(world["strategy"])
    for actor in REFUSED:
        client.logout()
        log_in_as(client, world, actor)
        response = client.post(make_url(world), make_data(world))
        assert response.status_code in (302, 403), actor
        check(response, STAFF_POST[actor])
        assert state_of(world["strategy"]) == before, actor
    assert Strategy.objects.count() == 1


@pytest.mark.parametrize("actor", ["consultant", "leader"])
@pytest.mark.parametrize(
    ("name", "make_url", "make_data"), POST_MATRIX, ids=[row[0] for row in POST_MATRIX]
)
def test_it_lets_staff_save(client, world, actor, name, make_url, make_data):
    log_in_as(client, world, actor)
    before = state_of(world["strategy"])
    response = client.post(make_url(world), make_data(world))
    check(response, STAFF_POST[actor])
    if name == "strategy create":
        assert Strategy.objects.count() == 2
    else:
        # One more version, and the part changed.
        after = state_of(world["strategy"])
        assert after[0] == before[0] + 1
        assert after[1:] != before[1:]


@pytest.fixture
def adopted(world):
    Strategy.objects.filter(pk=world["strategy"].pk).update(state=Strategy.State.ADOPTED)
    return world


EDIT_URLS = [row for row in POST_MATRIX if row[0] != "strategy create"]


@pytest.mark.parametrize(
    ("name", "make_url", "make_data"), EDIT_URLS, ids=[row[0] for row in EDIT_URLS]
)
def test_it_refuses_every_edit_of_an_adopted_plan(client, adopted, name, make_url, make_data):
    before = state_of(adopted["strategy"])
    for actor in ("consultant", "leader"):
        log_in_as(client, adopted, actor)
        response = client.get(make_url(adopted))
        assert response.status_code == 403, actor
        assert response.templates[0].name == "strategy/drafting/locked.html"
        assert adopted["strategy"].title in response.content.decode()
        response = client.post(make_url(adopted), make_data(adopted))
        assert response.status_code == 403, actor
        assert response.templates[0].name == "strategy/drafting/locked.html"
        assert state_of(adopted["strategy"]) == before, actor


def test_it_shows_an_adopted_plan_read_only(client, adopted):
    client.force_login(adopted["consultant"])
    response = client.get(adopted["strategy"].get_absolute_url())
    assert response.status_code == 200
    assert response.context["editable"] is False
    page = response.content.decode()
    assert reverse("strategy:strategy-edit", args=[adopted["strategy"].pk]) not in page
    assert reverse("strategy:action-edit", args=[adopted["action"].pk]) not in page
    assert reverse("strategy:focus-area-create", args=[adopted["strategy"].pk]) not in page


def test_it_shows_a_draft_with_its_edit_links(client, world):
    client.force_login(world["consultant"])
    page = client.get(world["strategy"].get_absolute_url()).content.decode()
    assert reverse("strategy:strategy-edit", args=[world["strategy"].pk]) in page
    assert reverse("strategy:action-edit", args=[world["action"].pk]) in page


@pytest.mark.parametrize(
    "name", ["strategy-detail", "strategy-edit", "version-list", "action-create"]
)
def test_it_answers_404_for_a_strategy_that_does_not_exist(client, world, name):
    client.force_login(world["consultant"])
    assert client.get(reverse(f"strategy:{name}", args=[999999])).status_code == 404
