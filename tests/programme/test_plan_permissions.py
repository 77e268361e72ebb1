"""Every URL of the plan and the budget, every actor: who gets what; refused changes change
nothing. The staff and the steering group read; only the project leader changes the plan;
enterprise users see none of it."""

import pytest
from django.urls import reverse

from portal.programme.models import Activity, BudgetBaseline, Phase
from portal.programme.services import plan as services
from tests.conftest import make_actors, once_per_module
from tests.factories.programme import build_offer_plan
from tests.permissions import (
    ACTORS,
    LEADER_ONLY,
    LOGIN,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
)
from tests.programme.form_data import edit_data

pytestmark = pytest.mark.django_db

READERS = expect(LOGIN, 403, 403, 200, 200, 200)
LEADER_POST = expect(LOGIN, 403, 403, 403, 403, 302)


def build_world():
    world = make_actors()
    plan = build_offer_plan(world["leader"])
    baseline = services.baseline_create(name="Tilbud 2012", by=world["leader"])
    return {**world, "baseline": baseline, **plan}


module_data, world = once_per_module(build_world, "world")


def url(name, key=None, query=""):
    return lambda w: reverse(name, args=[w[key].pk] if key else []) + query


MATRIX = matrix(
    __name__,
    [
        Row("programme:home", url("programme:home"), READERS),
        Row("programme:plan-changes", url("programme:plan-changes"), READERS),
        Row("programme:phase-detail", url("programme:phase-detail", "phase1"), READERS),
        Row("programme:activity-detail", url("programme:activity-detail", "Kortlægning"), READERS),
        Row("programme:phase-create", url("programme:phase-create"), LEADER_ONLY),
        Row("programme:phase-edit", url("programme:phase-edit", "phase1"), LEADER_ONLY),
        Row("programme:activity-create", url("programme:activity-create"), LEADER_ONLY),
        Row("programme:activity-edit", url("programme:activity-edit", "Kortlægning"), LEADER_ONLY),
        Row(
            "programme:activity-delete",
            url("programme:activity-delete", "Kortlægning"),
            LEADER_ONLY,
        ),
        Row("programme:budget", url("programme:budget"), READERS, "budget"),
        Row(
            "programme:budget",
            url("programme:budget", query="?format=xlsx"),
            READERS,
            "budget xlsx",
        ),
        Row(
            "programme:budget", url("programme:budget", query="?export=csv"), READERS, "budget csv"
        ),
        Row("programme:budget-pdf", url("programme:budget-pdf"), READERS),
        Row("programme:budget-compare", url("programme:budget-compare"), READERS, "budget compare"),
        Row(
            "programme:budget-compare",
            lambda w: reverse("programme:budget-compare") + f"?baseline={w['baseline'].pk}",
            READERS,
            "budget compare with a baseline",
        ),
        Row("programme:baseline-create", url("programme:baseline-create"), LEADER_ONLY),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_who_gets_what(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


def test_every_url_of_the_plan_and_budget_is_in_the_matrix():
    from portal.programme.views import budget, plan

    names = {pattern.name for module in (plan, budget) for pattern in module.urlpatterns}
    covered = {
        "home",
        "plan-changes",
        "phase-detail",
        "activity-detail",
        "phase-create",
        "phase-edit",
        "activity-create",
        "activity-edit",
        "activity-delete",
        "budget",
        "budget-pdf",
        "budget-compare",
        "baseline-create",
    }
    assert names == covered


def _phase_data():
    return {
        "number": 3,
        "name": "Forlængelse",
        "starts_on": "2030-01-01",
        "ends_on": "2030-06-30",
        "reason": "Forsøg",
    }


POSTS = [
    ("new phase", lambda w: (reverse("programme:phase-create"), _phase_data())),
    (
        "edit phase",
        lambda w: (
            reverse("programme:phase-edit", args=[w["phase1"].pk]),
            {
                **_phase_data(),
                "number": 1,
                "starts_on": w["phase1"].starts_on.isoformat(),
                "ends_on": w["phase1"].ends_on.isoformat(),
                "name": "Omdøbt",
            },
        ),
    ),
    (
        "new activity",
        lambda w: (
            reverse("programme:activity-create"),
            {**edit_data(w["Kortlægning"]), "name": "Ny aktivitet"},
        ),
    ),
    (
        "edit activity",
        lambda w: (
            reverse("programme:activity-edit", args=[w["Kortlægning"].pk]),
            edit_data(w["Kortlægning"], estimated_hours="999"),
        ),
    ),
    (
        "remove activity",
        lambda w: (
            reverse("programme:activity-delete", args=[w["Aktivitet 7"].pk]),
            {"reason": "Udgår"},
        ),
    ),
    ("new baseline", lambda w: (reverse("programme:baseline-create"), {"name": "Revideret"})),
]


def _state():
    return (
        list(Phase.objects.values_list("number", "name", "contracted").order_by("number")),
        list(Activity.objects.values_list("name", "estimated_hours").order_by("pk")),
        BudgetBaseline.objects.count(),
        Phase.history.count() + Activity.history.count(),
    )


@pytest.mark.parametrize(
    ("post", "actor"),
    [(case[1], actor) for case in POSTS for actor in ACTORS],
    ids=[f"{case[0]}-{actor}" for case in POSTS for actor in ACTORS],
)
def test_only_the_project_leader_changes_the_plan(client, world, post, actor):
    before = _state()
    log_in_as(client, world, actor)
    path, data = post(world)
    response = client.post(path, data)
    check(response, LEADER_POST[actor])
    if actor == "leader":
        assert _state() != before
    else:
        assert _state() == before


def test_the_steering_group_sees_no_edit_links(client, world):
    client.force_login(world["steering"])
    html = client.get(reverse("programme:home")).content.decode()
    assert reverse("programme:activity-create") not in html
    assert reverse("programme:baseline-create") not in html
    html = client.get(
        reverse("programme:activity-detail", args=[world["Kortlægning"].pk])
    ).content.decode()
    assert reverse("programme:activity-edit", args=[world["Kortlægning"].pk]) not in html
    assert reverse("programme:time-add") not in html


def test_the_leader_sees_the_edit_links(client, world):
    client.force_login(world["leader"])
    html = client.get(reverse("programme:home")).content.decode()
    assert reverse("programme:activity-create") in html
    assert reverse("programme:phase-edit", args=[world["phase1"].pk]) in html
