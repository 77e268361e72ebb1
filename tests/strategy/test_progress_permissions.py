"""Every URL of the plan in action, every actor: who gets what; a refused post saves nothing.

Staff record progress and export; the steering group reads the overview and timeline of an
adopted plan (404 for a draft, which it may not know of); enterprise users and the public see
only the public pages; an action of a plan not in force is 404 on the public pages.
"""

import pytest
from django.urls import reverse

from strategy.models import ProgressUpdate, Strategy
from tests.conftest import make_actors, once_per_module
from tests.permissions import (
    ACTORS,
    EVERYONE,
    LOGIN,
    STAFF_ONLY,
    STAFF_POST,
    check,
    expect,
    log_in_as,
)
from tests.strategy import test_progress as base

pytestmark = pytest.mark.django_db

READERS = expect(LOGIN, 403, 403, 200, 200, 200)
DRAFT_READERS = expect(LOGIN, 403, 403, 200, 404, 200)
NOBODY_FINDS = dict.fromkeys(ACTORS, 404)
STAFF_FIND_NOTHING = expect(LOGIN, 403, 403, 404, 403, 404)
STAFF_BAD_REQUEST = expect(LOGIN, 403, 403, 400, 403, 400)


def build_world():
    world = make_actors()
    live_plan = base.make_live_plan(world["leader"], world["consultant"])
    draft = base.make_draft(world["leader"])
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


MATRIX = [
    ("progress page", url("strategy:progress-add", "action"), STAFF_ONLY),
    ("progress page, draft action", url("strategy:progress-add", "draft_action"), STAFF_ONLY),
    (
        "progress page, missing action",
        lambda w: reverse("strategy:progress-add", args=[999999]),
        STAFF_FIND_NOTHING,
    ),
    ("overview", url("strategy:plan-overview", "plan"), READERS),
    ("overview, filtered", url("strategy:plan-overview", "plan", "?late=on&state=x"), READERS),
    ("overview of a draft", url("strategy:plan-overview", "draft"), DRAFT_READERS),
    ("timeline", url("strategy:plan-timeline", "plan"), READERS),
    ("timeline of a draft", url("strategy:plan-timeline", "draft"), DRAFT_READERS),
    ("export xlsx", url("strategy:plan-export", "plan", "?format=xlsx"), STAFF_ONLY),
    ("export pdf", url("strategy:plan-export", "plan", "?format=pdf"), STAFF_ONLY),
    ("export without format", url("strategy:plan-export", "plan"), STAFF_BAD_REQUEST),
    ("stale list", url("strategy:stale-list"), STAFF_ONLY),
    ("public plan", url("strategy:public-plan"), EVERYONE),
    ("public action", url("strategy:public-action", "action"), EVERYONE),
    ("public action of a draft", url("strategy:public-action", "draft_action"), NOBODY_FINDS),
    (
        "public action, missing",
        lambda w: reverse("strategy:public-action", args=[999999]),
        NOBODY_FINDS,
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "make_url", "want"), MATRIX, ids=[row[0] for row in MATRIX])
def test_it_answers_each_actor_as_expected(client, world, actor, name, make_url, want):
    log_in_as(client, world, actor)
    check(client.get(make_url(world)), want[actor])


@pytest.mark.parametrize("actor", ACTORS)
def test_it_lets_only_staff_post_a_progress_update(client, world, actor):
    log_in_as(client, world, actor)
    response = client.post(
        reverse("strategy:progress-add", args=[world["action"].pk]),
        {"date": base.today().isoformat(), "state": "under_way", "percent_done": "10"},
    )
    check(response, STAFF_POST[actor])
    assert ProgressUpdate.objects.count() == (1 if STAFF_POST[actor] == 302 else 0)


@pytest.mark.parametrize("actor", ACTORS)
def test_it_refuses_to_post_an_update_for_a_drafts_action(client, world, actor):
    log_in_as(client, world, actor)
    response = client.post(
        reverse("strategy:progress-add", args=[world["draft_action"].pk]),
        {"date": base.today().isoformat(), "state": "done", "percent_done": "100"},
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
