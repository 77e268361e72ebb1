"""Bad input in each drafting form: a clear error next to the field, nothing saved, no
version made."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from mapping.models import Organisation
from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion
from strategy.services import drafting as services
from tests.strategy.conftest import PLAN_VERSIONS
from tests.strategy.form_data import action_data

pytestmark = pytest.mark.django_db


def snapshot_of_db():
    return (
        StrategyVersion.objects.count(),
        list(Action.objects.values_list("pk", "title", "revision", "budget").order_by("pk")),
        list(FocusArea.objects.values_list("pk", "title", "revision").order_by("pk")),
        list(Goal.objects.values_list("pk", "title", "revision").order_by("pk")),
        list(Strategy.objects.values_list("pk", "title", "vision", "revision").order_by("pk")),
    )


def organisation_pk(_built):
    return str(Organisation.objects.get(name="Haderslev Erhvervsråd").pk)


OWNER_MESSAGE = "Give exactly one owner: a municipal department, an organisation or a person."

# (case, changes to the valid data (a callable gets the plan), field with the error, message)
BAD_ACTIONS = [
    ("owner missing", {"owner_department": ""}, "owner_department", OWNER_MESSAGE),
    (
        "two owners",
        {"owner_organisation": organisation_pk},
        "owner_department",
        OWNER_MESSAGE,
    ),
    (
        "department and person",
        {"owner_person": lambda built: str(built.by.pk)},
        "owner_department",
        OWNER_MESSAGE,
    ),
    (
        "goal of another focus area",
        {"goal": lambda built: str(built.goals[0].pk)},
        "goal",
        "Choose a goal of the action's focus area.",
    ),
    (
        "end before start",
        {"starts_on": "2027-06-01", "ends_on": "2027-05-31"},
        "ends_on",
        "An action cannot end before it starts.",
    ),
    ("negative budget", {"budget": "-1"}, "budget", None),
    ("negative hours", {"budget_hours": "-0.5"}, "budget_hours", None),
    ("no title", {"title": ""}, "title", None),
    ("no start", {"starts_on": ""}, "starts_on", None),
    ("unknown theme", {"feedback_themes": ["wishes"]}, "feedback_themes", None),
    (
        "a non-staff owner",
        {"owner_department": "", "owner_person": "alice"},
        ("owner_person", "owner_department"),
        None,
    ),
]


def resolve(changes, built, alice):
    resolved = {}
    for key, value in changes.items():
        if callable(value):
            value = value(built)
        if value == "alice":
            value = str(alice.pk)
        resolved[key] = value
    return resolved


@pytest.mark.parametrize("editing", [False, True], ids=["add", "edit"])
@pytest.mark.parametrize(
    ("case", "changes", "field", "message"), BAD_ACTIONS, ids=[row[0] for row in BAD_ACTIONS]
)
def test_it_refuses_a_bad_action_and_saves_nothing(
    client, plan, consultant, alice, editing, case, changes, field, message
):
    built = plan()
    client.force_login(consultant)
    data = action_data(built, **resolve(changes, built, alice))
    if editing:
        action = built.actions[2]
        url = reverse("strategy:action-edit", args=[action.pk])
        data["revision"] = str(action.revision)
    else:
        url = reverse("strategy:action-create", args=[built.strategy.pk])
    before = snapshot_of_db()
    client.cookies["django_language"] = "en"
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    fields = field if isinstance(field, tuple) else (field,)
    assert sorted(errors) == sorted(fields), errors
    if message:
        with translation.override("en"):  # the errors are translated when they are read
            assert errors[field] == [message]
    assert snapshot_of_db() == before
    assert StrategyVersion.objects.filter(strategy=built.strategy).count() == PLAN_VERSIONS
    assert "alert-danger" in response.content.decode()


def test_it_refuses_a_focus_area_of_another_strategy(client, plan, consultant):
    built, other = plan(), plan(title="Anden")
    client.force_login(consultant)
    url = reverse("strategy:action-create", args=[built.strategy.pk])
    before = snapshot_of_db()
    response = client.post(url, action_data(built, focus_area=str(other.areas[0].pk), goal=""))
    assert list(response.context["form"].errors) == ["focus_area"]
    assert snapshot_of_db() == before


@pytest.mark.parametrize(
    ("url_name", "key", "data", "field"),
    [
        ("focus-area-create", "strategy", {"position": "3", "title": ""}, "title"),
        ("focus-area-create", "strategy", {"position": "-1", "title": "X"}, "position"),
        ("goal-create", "area", {"position": "1", "title": ""}, "title"),
        ("focus-area-edit", "area", {"position": "1", "title": "", "revision": "1"}, "title"),
        ("goal-edit", "goal", {"position": "x", "title": "Y", "revision": "1"}, "position"),
        (
            "strategy-edit",
            "strategy",
            {"title": "S", "starts_on": "2027-01-01", "ends_on": "2026-12-31", "revision": "1"},
            "ends_on",
        ),
        ("strategy-edit", "strategy", {"title": "", "revision": "1"}, "title"),
        ("focus-area-edit", "area", {"position": "1", "title": "Y"}, "revision"),
    ],
)
def test_it_refuses_bad_parts_and_saves_nothing(
    client, plan, consultant, url_name, key, data, field
):
    built = plan()
    objects = {"strategy": built.strategy, "area": built.areas[0], "goal": built.goals[0]}
    client.force_login(consultant)
    before = snapshot_of_db()
    response = client.post(reverse(f"strategy:{url_name}", args=[objects[key].pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert snapshot_of_db() == before


def test_it_refuses_a_period_that_ends_before_it_starts_in_the_service(leader):
    with pytest.raises(ValidationError) as caught:
        services.strategy_create(
            by=leader,
            title="S",
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2026, 1, 1),
        )
    assert "ends_on" in caught.value.message_dict
    assert not Strategy.objects.exists()


def test_it_saves_nothing_when_the_version_cannot_be_made(plan, monkeypatch):
    """The part and its version are one transaction: no version, no change."""
    built = plan()
    action = built.actions[0]

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_record_version", broken)
    with pytest.raises(RuntimeError):
        services.action_save(action=action, by=built.by, revision=1, title="Aldrig gemt")
    assert Action.objects.get(pk=action.pk).title == "Lokalt netværk"
