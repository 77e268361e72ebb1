"""Comparing two versions: the pure diff of two snapshots, and the compare page."""

import copy
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from strategy import diff
from strategy.models import StrategyVersion
from strategy.services import drafting as services
from tests.strategy.conftest import PLAN_VERSIONS


def action(action_id, **values):
    base = {
        "id": action_id,
        "position": 1,
        "title": f"Action {action_id}",
        "description": "",
        "focus_area": 10,
        "goal": None,
        "owner": "Erhverv",
        "owner_kind": "department",
        "partners": [],
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "budget": "1000.00",
        "budget_hours": "10.00",
        "indicator": "",
        "indicator_unit": "",
        "baseline": None,
        "target": None,
        "state": "proposed",
        "organisations": [],
        "feedback": [],
        "feedback_themes": [],
        "interplay_ideas": [],
        "potentials": [],
    }
    return {**base, **values}


def snapshot(**values):
    base = {
        "title": "Strategi",
        "vision": "Vision",
        "starts_on": "2026-01-01",
        "ends_on": "2029-12-31",
        "focus_areas": [
            {
                "id": 10,
                "position": 1,
                "title": "Netværk",
                "description": "",
                "goals": [{"id": 100, "position": 1, "title": "Mål", "description": ""}],
            }
        ],
        "actions": [action(1), action(2)],
    }
    return {**base, **values}


def test_it_finds_nothing_between_equal_snapshots():
    comparison = diff.compare(snapshot(), snapshot())
    assert comparison.parts == []
    assert not comparison.has_changes


def test_it_lists_an_added_and_a_removed_action():
    old = snapshot()
    new = snapshot(actions=[action(1), action(3, title="Ny")])
    comparison = diff.compare(old, new)
    assert [(p.kind, p.id, p.status, p.title) for p in comparison.parts] == [
        (diff.ACTION, 3, diff.ADDED, "Ny"),
        (diff.ACTION, 2, diff.REMOVED, "Action 2"),
    ]


def test_it_lists_the_changed_fields_of_an_action_with_labels_and_values():
    new = snapshot(actions=[action(1, budget="2500.50", ends_on="2027-03-31"), action(2)])
    [part] = diff.compare(snapshot(), new).parts
    assert (part.kind, part.id, part.status) == (diff.ACTION, 1, diff.CHANGED)
    assert [(f.name, f.old, f.new) for f in part.fields] == [
        ("ends_on", "2026-12-31", "2027-03-31"),
        ("budget", "1000.00", "2500.50"),
    ]
    with translation.override("en"):
        assert [str(f.label) for f in part.fields] == ["end", "budget (kr.)"]
    with translation.override("da"):
        assert [(f.old_text, f.new_text) for f in part.fields] == [
            ("31.12.2026", "31.03.2027"),
            ("1.000,00 kr.", "2.500,50 kr."),
        ]


def test_it_lists_the_strategy_fields_focus_areas_and_goals():
    old = snapshot()
    new = copy.deepcopy(old)
    new["vision"] = "Ny vision"
    new["focus_areas"][0]["title"] = "Netværk og synlighed"
    new["focus_areas"][0]["goals"].append(
        {"id": 101, "position": 2, "title": "Nyt mål", "description": ""}
    )
    comparison = diff.compare(old, new)
    summary = [(p.kind, p.status, [f.name for f in p.fields]) for p in comparison.parts]
    assert summary == [
        (diff.STRATEGY, diff.CHANGED, ["vision"]),
        (diff.FOCUS_AREA, diff.CHANGED, ["title"]),
        (diff.GOAL, diff.ADDED, []),
    ]
    assert [kind for kind, _label, _parts in comparison.groups] == [
        diff.STRATEGY,
        diff.FOCUS_AREA,
        diff.GOAL,
    ]


def test_it_shows_a_moved_action_by_the_titles_of_its_goals():
    old = snapshot(actions=[action(1, goal=None), action(2)])
    new = snapshot(actions=[action(1, goal=100), action(2)])
    [part] = diff.compare(old, new).parts
    [change] = part.fields
    assert (change.name, change.old, change.new) == ("goal", None, "Mål")
    assert (change.old_text, change.new_text) == ("–", "Mål")


def test_it_shows_states_and_themes_by_their_labels():
    old = snapshot(actions=[action(1), action(2)])
    new = snapshot(actions=[action(1, state="done", feedback_themes=["needs", "ideas"]), action(2)])
    [part] = diff.compare(old, new).parts
    with translation.override("en"):
        texts = {f.name: (f.old_text, f.new_text) for f in part.fields}
    assert texts == {"state": ("Proposed", "Done"), "feedback_themes": ("–", "Needs, Ideas")}


# --- The compare page ------------------------------------------------------------------


def version(strategy, number):
    return StrategyVersion.objects.get(strategy=strategy, number=number)


@pytest.mark.django_db
def test_it_compares_two_versions_of_a_plan(client, plan, consultant):
    built = plan()
    kept, removed = built.actions[0], built.actions[1]
    services.action_delete(action=removed, by=consultant, revision=removed.revision)
    services.action_save(
        action=kept, by=consultant, revision=kept.revision, budget=Decimal("150000.00")
    )
    services.action_save(
        strategy=built.strategy,
        by=consultant,
        focus_area=built.areas[1],
        title="Skolesamarbejde",
        owner_department="Børn og Skole",
        starts_on=datetime.date(2027, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    client.force_login(consultant)
    url = reverse("strategy:version-compare", args=[built.strategy.pk])
    response = client.get(url, {"a": PLAN_VERSIONS + 3, "b": PLAN_VERSIONS})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert response.context["old"].number == PLAN_VERSIONS
    assert [(p.title, p.status) for p in comparison.parts] == [
        ("Lokalt netværk", diff.CHANGED),
        ("Skolesamarbejde", diff.ADDED),
        ("Årlig messe", diff.REMOVED),
    ]
    page = response.content.decode()
    assert "120.000,00 kr." in page
    assert "150.000,00 kr." in page


@pytest.mark.django_db
def test_it_says_when_nothing_changed(client, plan, consultant):
    built = plan()
    area = built.areas[0]
    title = area.title
    # A change and its undoing: two versions, the second the same as the one before both
    # (saving without a change makes no version at all).
    services.focus_area_save(
        focus_area=area, by=consultant, revision=area.revision, title="Midlertidig titel"
    )
    services.focus_area_save(focus_area=area, by=consultant, revision=area.revision, title=title)
    client.force_login(consultant)
    url = reverse("strategy:version-compare", args=[built.strategy.pk])
    response = client.get(url, {"a": PLAN_VERSIONS, "b": PLAN_VERSIONS + 2})
    assert response.status_code == 200
    assert not response.context["comparison"].has_changes
    assert 'id="no-changes"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{"a": 1, "b": 1}, {"a": 1, "b": 999}, {"a": "x", "b": 2}, {"a": 1}]
)
def test_it_refuses_a_bad_choice_of_versions(client, plan, consultant, query):
    built = plan()
    client.force_login(consultant)
    url = reverse("strategy:version-compare", args=[built.strategy.pk])
    response = client.get(url, query)
    assert response.status_code == 400
    assert response.context["comparison"] is None
    assert response.context["form"].errors


@pytest.mark.django_db
def test_it_does_not_compare_versions_of_another_strategy(client, plan, consultant):
    first, second = plan(), plan(title="Anden strategi")
    client.force_login(consultant)
    url = reverse("strategy:version-compare", args=[first.strategy.pk])
    response = client.get(url, {"a": 1, "b": PLAN_VERSIONS})
    assert response.status_code == 200
    assert response.context["new"] == version(first.strategy, PLAN_VERSIONS)
    assert response.context["old"] == version(first.strategy, 1)
    assert version(second.strategy, PLAN_VERSIONS) != response.context["new"]
