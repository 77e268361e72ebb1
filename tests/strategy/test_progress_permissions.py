"""Every URL of the plan in action, every actor: who gets what; a refused post saves nothing.

Staff record progress and export; the steering group reads the overview and timeline of an
adopted plan (404 for a draft, which it may not know of); enterprise users and the public see
only the public pages; an action of a plan not in force is 404 on the public pages.
"""

import pytest
from django.urls import reverse

from strategy.models import ProgressUpdate, Strategy
from tests.conftest import make_actors, once_per_module
from tests.factories.strategy import build_draft_plan, build_live_plan, today
from tests.permissions import (
    ACTORS,
    EVERYONE,
    LOGIN,
    STAFF_ONLY,
    STAFF_POST,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
)

pytestmark = pytest.mark.django_db

READERS = expect(LOGIN, 403, 403, 200, 200, 200)
DRAFT_READERS = expect(LOGIN, 403, 403, 200, 404, 200)
NOBODY_FINDS = dict.fromkeys(ACTORS, 404)
STAFF_FIND_NOTHING = expect(LOGIN, 403, 403, 404, 403, 404)
STAFF_BAD_REQUEST = expect(LOGIN, 403, 403, 400, 403, 400)


def build_world():
    world = make_actors()
    live_plan = build_live_plan(world["leader"], world["consultant"])
    draft = build_draft_plan(world["leader"])
    return {
        **world,
        "plan": live_plan["strategy"],
        "action": live_plan["meetings"],
        "draft": draft["strategy"],
        "draft_action": draft["action"],
    }


module_data, world = once_per_module(build_world, "world")


def url(name, key=None, query=""):
    return lambda w: reverse(name, args=[w[key].pk] if key else []) + query


MATRIX = matrix(
    __name__,
    [
        Row(
            "strategy:progress-add",
            url("strategy:progress-add", "action"),
            STAFF_ONLY,
            "progress page",
        ),
        Row(
            "strategy:progress-add",
            url("strategy:progress-add", "draft_action"),
            STAFF_ONLY,
            "progress page, draft action",
        ),
        Row(
            "strategy:progress-add",
            lambda w: reverse("strategy:progress-add", args=[999999]),
            STAFF_FIND_NOTHING,
            "progress page, missing action",
        ),
        Row("strategy:plan-overview", url("strategy:plan-overview", "plan"), READERS, "overview"),
        Row(
            "strategy:plan-overview",
            url("strategy:plan-overview", "plan", "?late=on&state=x"),
            READERS,
            "overview, filtered",
        ),
        Row(
            "strategy:plan-overview",
            url("strategy:plan-overview", "draft"),
            DRAFT_READERS,
            "overview of a draft",
        ),
        Row("strategy:plan-timeline", url("strategy:plan-timeline", "plan"), READERS, "timeline"),
        Row(
            "strategy:plan-timeline",
            url("strategy:plan-timeline", "draft"),
            DRAFT_READERS,
            "timeline of a draft",
        ),
        Row(
            "strategy:plan-export",
            url("strategy:plan-export", "plan", "?format=xlsx"),
            STAFF_ONLY,
            "export xlsx",
        ),
        Row(
            "strategy:plan-export",
            url("strategy:plan-export", "plan", "?format=pdf"),
            STAFF_ONLY,
            "export pdf",
        ),
        Row(
            "strategy:plan-export",
            url("strategy:plan-export", "plan"),
            STAFF_BAD_REQUEST,
            "export without format",
        ),
        Row("strategy:stale-list", url("strategy:stale-list"), STAFF_ONLY),
        Row("strategy:public-plan", url("strategy:public-plan"), EVERYONE),
        Row(
            "strategy:public-action",
            url("strategy:public-action", "action"),
            EVERYONE,
            "public action",
        ),
        Row(
            "strategy:public-action",
            url("strategy:public-action", "draft_action"),
            NOBODY_FINDS,
            "public action of a draft",
        ),
        Row(
            "strategy:public-action",
            lambda w: reverse("strategy:public-action", args=[999999]),
            NOBODY_FINDS,
            "public action, missing",
        ),
        # A plan adopted for a later period: a draft is none, so nobody finds it.
        Row(
            "strategy:public-coming-plan",
            url("strategy:public-coming-plan", "draft"),
            NOBODY_FINDS,
            "a draft",
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_it_answers_each_actor_as_expected(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


@pytest.mark.parametrize("actor", ACTORS)
def test_it_lets_only_staff_post_a_progress_update(client, world, actor):
    log_in_as(client, world, actor)
    response = client.post(
        reverse("strategy:progress-add", args=[world["action"].pk]),
        {"date": today().isoformat(), "state": "under_way", "percent_done": "10"},
    )
    check(response, STAFF_POST[actor])
    assert ProgressUpdate.objects.count() == (1 if STAFF_POST[actor] == 302 else 0)


@pytest.mark.parametrize("actor", ACTORS)
def test_it_refuses_to_post_an_update_for_a_drafts_action(client, world, actor):
    log_in_as(client, world, actor)
    response = client.post(
        reverse("strategy:progress-add", args=[world["draft_action"].pk]),
        {"date": today().isoformat(), "state": "done", "percent_done": "100"},
    )
    check(response, expect(LOGIN, 403, 403, 400, 403, 400)[actor])
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_it_shows_a_friendly_public_page_when_no_plan_is_in_force(client, world, actor):
    Strategy.objects.filter(pk=world["plan"].pk).update(state=Strategy.State.REPLACED)
    log_in_as(client, world, actor)
    response = client.get(reverse("strategy:public-plan"))
    assert response.status_code == 200
    assert response.context["plan"] is None
    check(client.get(reverse("strategy:public-action", args=[world["action"].pk])), 404)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_refuses_other_methods(client, world, method):
    client.force_login(world["leader"])
    for name, key in [("strategy:plan-overview", "plan"), ("strategy:progress-add", "action")]:
        response = getattr(client, method)(reverse(name, args=[world[key].pk]))
        assert response.status_code == 405
    assert getattr(client, method)(reverse("strategy:public-plan")).status_code == 405
