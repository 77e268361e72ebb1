"""Every review URL, every actor: who gets what, and refused posts change nothing.

Staff see every version; a steering group member sees only submitted versions (404 for the
others, as for anyone who may not know a version exists), comments and gives verdicts, and
never edits (403); enterprise users are told nothing about a version (404).
"""

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse

from strategy.models import Action, FocusArea, Goal, StrategyComment, StrategyVerdict
from strategy.services import review as services
from tests.conftest import make_actors, once_per_module
from tests.factories.strategy import build_review_plan_data
from tests.permissions import ACTORS, LOGIN, Row, check, expect, get_row, log_in_as, matrix, row_ids

pytestmark = pytest.mark.django_db

SUBMITTED = expect(LOGIN, 404, 404, 200, 200, 200)
UNSUBMITTED = expect(LOGIN, 404, 404, 200, 404, 200)
# Posts a steering group member may make on a submitted version; the others are refused by role.
MEMBER_POST_SUBMITTED = expect(LOGIN, 403, 403, 403, 302, 403)
MEMBER_POST_UNSUBMITTED = expect(LOGIN, 403, 403, 403, 404, 403)
STAFF_POST = expect(LOGIN, 403, 403, 302, 403, 302)
LEADER_POST = expect(LOGIN, 403, 403, 403, 403, 302)
READERS = expect(LOGIN, 403, 403, 200, 200, 200)
# A POST-only URL fetched with GET: refused by role first, then by method.
LEADER_POST_ONLY = expect(LOGIN, 403, 403, 403, 403, 405)
MEMBER_POST_ONLY = expect(LOGIN, 403, 403, 403, 405, 403)
STAFF_POST_ONLY = expect(LOGIN, 403, 403, 405, 403, 405)


def build_world():
    world = make_actors()
    # The shared test data of test_review_fixtures.
    plan_data = build_review_plan_data(by=world["leader"])
    comment = services.comment_add(
        version=plan_data["submitted"], by=world["steering"], section="vision", text="Skarpere"
    )
    return {**world, "comment": comment, **plan_data}


module_data, world = once_per_module(build_world, "world")


def url(name, which):
    return lambda w: reverse(name, args=[w[which].pk])


PAGES = matrix(
    __name__,
    [
        Row(
            "strategy:version-detail",
            url("strategy:version-detail", "submitted"),
            SUBMITTED,
            "submitted",
        ),
        Row(
            "strategy:version-detail",
            url("strategy:version-detail", "latest"),
            UNSUBMITTED,
            "unsubmitted",
        ),
        Row("strategy:submitted-list", lambda w: reverse("strategy:submitted-list"), READERS),
        # The review's actions take a POST (test_it_lets_only_the_right_role_post).
        Row("strategy:version-submit", url("strategy:version-submit", "latest"), LEADER_POST_ONLY),
        Row("strategy:comment-add", url("strategy:comment-add", "submitted"), MEMBER_POST_ONLY),
        Row("strategy:verdict-give", url("strategy:verdict-give", "submitted"), MEMBER_POST_ONLY),
        Row("strategy:comment-answer", url("strategy:comment-answer", "comment"), STAFF_POST_ONLY),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", PAGES, ids=row_ids(PAGES))
def test_it_shows_a_version_only_to_those_who_may_see_it(client, world, actor, row):
    log_in_as(client, world, actor)

    check(get_row(client, world, row), row.expected[actor])


def test_it_answers_404_for_a_version_that_does_not_exist(client, world):
    client.force_login(world["leader"])

    assert client.get(reverse("strategy:version-detail", args=[999999])).status_code == 404


POSTS = [
    (
        "comment on a submitted version",
        url("strategy:comment-add", "submitted"),
        {"section": "", "text": "En kommentar"},
        MEMBER_POST_SUBMITTED,
    ),
    (
        "comment on an unsubmitted version",
        url("strategy:comment-add", "latest"),
        {"section": "", "text": "En kommentar"},
        MEMBER_POST_UNSUBMITTED,
    ),
    (
        "verdict on a submitted version",
        url("strategy:verdict-give", "submitted"),
        {"verdict": "approved"},
        MEMBER_POST_SUBMITTED,
    ),
    (
        "verdict on an unsubmitted version",
        url("strategy:verdict-give", "latest"),
        {"verdict": "approved"},
        MEMBER_POST_UNSUBMITTED,
    ),
    ("answer", url("strategy:comment-answer", "comment"), {"text": "Svar"}, STAFF_POST),
    ("submit", url("strategy:version-submit", "latest"), {}, LEADER_POST),
]


def _state(w):
    w["latest"].refresh_from_db()
    return (
        StrategyComment.objects.count(),
        StrategyVerdict.objects.count(),
        w["latest"].submitted_at,
    )


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "make_url", "data", "want"), POSTS, ids=[p[0] for p in POSTS])
def test_it_lets_only_the_right_role_post(client, world, actor, name, make_url, data, want):
    log_in_as(client, world, actor)
    before = _state(world)

    response = client.post(make_url(world), data)

    check(response, want[actor])
    if want[actor] != 302:
        assert _state(world) == before
        assert mail.outbox == []
    else:
        assert _state(world) != before


@pytest.mark.parametrize(
    "name", ["version-detail", "comment-add", "verdict-give", "version-submit"]
)
def test_it_refuses_get_on_posts_and_put_everywhere(client, world, name):
    member_only = name in ("comment-add", "verdict-give")
    client.force_login(world["steering" if member_only else "leader"])
    target = reverse(f"strategy:{name}", args=[world["submitted"].pk])

    if name == "version-detail":
        assert client.put(target).status_code == 405
    else:
        assert client.get(target).status_code == 405


# A steering group member never edits: every drafting, council and decision URL refuses them.
# The drafting URLs belong to the drafting pages; those not there yet are skipped.
EDIT_URLS = [
    ("strategy:strategy-edit", "strategy"),
    ("strategy:focus-area-create", "strategy"),
    ("strategy:focus-area-edit", "focus_area"),
    ("strategy:focus-area-delete", "focus_area"),
    ("strategy:goal-create", "focus_area"),
    ("strategy:goal-edit", "goal"),
    ("strategy:goal-delete", "goal"),
    ("strategy:action-create", "strategy"),
    ("strategy:action-edit", "action"),
    ("strategy:action-delete", "action"),
    ("strategy:version-submit", "latest"),
    ("strategy:recommendation", "strategy"),
    ("strategy:decision-record", "strategy"),
]


@pytest.mark.parametrize(("name", "which"), EDIT_URLS, ids=[name for name, _ in EDIT_URLS])
def test_it_refuses_the_steering_group_every_edit_url(client, world, name, which):
    objects = {
        "strategy": world["strategy"],
        "latest": world["latest"],
        "focus_area": FocusArea.objects.filter(strategy=world["strategy"]).first(),
        "goal": Goal.objects.filter(focus_area__strategy=world["strategy"]).first(),
        "action": Action.objects.filter(strategy=world["strategy"]).first(),
    }
    try:
        target = reverse(name, args=[objects[which].pk])
    except NoReverseMatch:
        pytest.skip(f"{name} is not there yet")
    client.force_login(world["steering"])
    titles = list(Action.objects.values_list("title", flat=True))

    assert client.post(target, {"title": "Ændret af styregruppen"}).status_code == 403
    assert list(Action.objects.values_list("title", flat=True)) == titles
    world["strategy"].refresh_from_db()
    assert world["strategy"].title != "Ændret af styregruppen"
