"""Every recommendation and decision URL, every actor: the project leader writes, consultants
read, the steering group and enterprise users are refused (403), and a refused post changes
nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from strategy.models import CouncilDecision, Recommendation, Strategy
from tests.conftest import make_actors, once_per_module
from tests.factories.strategy import build_review_plan_data
from tests.permissions import (
    ACTORS,
    LOGIN,
    STAFF_ONLY,
    STAFF_POST_ONLY,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
)

pytestmark = pytest.mark.django_db

LEADER_POST = expect(LOGIN, 403, 403, 403, 403, 302)


def build_world():
    world = make_actors()
    leader = world["leader"]
    # The shared test data of test_review_fixtures.
    plan_data = build_review_plan_data(by=leader)
    # The latest version submitted: the one to recommend and to decide on.
    latest = plan_data["latest"]
    latest.submitted_at, latest.submitted_by = timezone.now(), leader
    latest.save(update_fields=["submitted_at", "submitted_by"])
    return {**world, **plan_data}


module_data, world = once_per_module(build_world, "world")


def strategy_url(name):
    return lambda w: reverse(name, args=[w["strategy"].pk])


PAGES = matrix(
    __name__,
    [
        Row(name, strategy_url(name), STAFF_ONLY)
        for name in (
            "strategy:recommendation",
            "strategy:recommendation-pdf",
            "strategy:recommendation-docx",
            "strategy:decision-record",
        )
    ]
    # Applying the council's amendments takes a POST (test_council_amendments.py).
    + [
        Row(
            "strategy:decision-amendments",
            strategy_url("strategy:decision-amendments"),
            STAFF_POST_ONLY,
            "GET",
        )
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", PAGES, ids=row_ids(PAGES))
def test_it_shows_the_council_pages_to_staff_only(client, world, actor, row):
    log_in_as(client, world, actor)

    check(get_row(client, world, row), row.expected[actor])


def recommendation_post(w):
    return {"version": w["latest"].pk, "summary": "Resumé", "decision_points": "godkendes"}


def decision_post(w):
    return {"version": w["latest"].pk, "decided_on": "2026-11-24", "outcome": "rejected"}


POSTS = [
    ("recommendation", strategy_url("strategy:recommendation"), recommendation_post),
    ("decision", strategy_url("strategy:decision-record"), decision_post),
]


def _state(w):
    strategy = Strategy.objects.get(pk=w["strategy"].pk)
    return (Recommendation.objects.count(), CouncilDecision.objects.count(), strategy.state)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "make_url", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_it_lets_only_the_project_leader_post(client, world, actor, name, make_url, data):
    log_in_as(client, world, actor)
    before = _state(world)

    response = client.post(make_url(world), data(world))

    check(response, LEADER_POST[actor])
    if LEADER_POST[actor] == 302:
        assert _state(world) != before
    else:
        assert _state(world) == before


@pytest.mark.parametrize("name", [row.name for row in PAGES if row.variant != "GET"])
def test_it_answers_404_for_a_plan_that_does_not_exist(client, world, name):
    client.force_login(world["leader"])

    assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["strategy:recommendation-pdf", "strategy:recommendation-docx"])
def test_the_documents_refuse_a_post(client, world, name):
    client.force_login(world["leader"])

    assert client.post(reverse(name, args=[world["strategy"].pk])).status_code == 405
