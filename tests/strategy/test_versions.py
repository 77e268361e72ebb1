"""Every save of a strategy's part is a numbered version with who, when, what and a full
snapshot; the version list shows them and compares any two."""

import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from mapping.models import Feedback
from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion
from strategy.services import drafting as services
from tests.conftest import make_organisation
from tests.strategy.conftest import PLAN_BUDGET, PLAN_HOURS, PLAN_VERSIONS

pytestmark = pytest.mark.django_db


def versions(strategy):
    return list(StrategyVersion.objects.filter(strategy=strategy).order_by("number"))


def test_it_makes_version_one_when_a_strategy_is_created(leader):
    strategy = services.strategy_create(by=leader, title="Strategi", vision="Vores vision")
    [version] = versions(strategy)
    assert version.number == 1
    assert version.saved_by == leader
    assert version.snapshot["title"] == "Strategi"
    assert version.snapshot["vision"] == "Vores vision"
    assert version.snapshot["focus_areas"] == []
    with translation.override("da"):
        assert version.summary == gettext("Strategy “%(title)s” created") % {"title": "Strategi"}


def test_it_numbers_one_version_per_save_with_author_and_snapshot(plan, consultant):
    built = plan()
    numbers = [version.number for version in versions(built.strategy)]
    assert numbers == list(range(1, PLAN_VERSIONS + 1))
    action = built.actions[1]
    services.action_save(
        action=action, by=consultant, revision=action.revision, title="Messe hvert andet år"
    )
    latest = versions(built.strategy)[-1]
    assert latest.number == PLAN_VERSIONS + 1
    assert latest.saved_by == consultant
    titles = [item["title"] for item in latest.snapshot["actions"]]
    assert "Messe hvert andet år" in titles
    assert "Årlig messe" not in titles
    assert sum(Decimal(item["budget"]) for item in latest.snapshot["actions"]) == PLAN_BUDGET
    previous = versions(built.strategy)[-2]
    assert "Årlig messe" in [item["title"] for item in previous.snapshot["actions"]]


def test_it_names_the_part_in_the_summary(plan):
    built = plan()
    action = built.actions[0]
    services.action_save(
        action=action, by=built.by, revision=action.revision, budget=Decimal("1.00")
    )
    summary = versions(built.strategy)[-1].summary
    assert "“Lokalt netværk”" in summary
    assert summary != versions(built.strategy)[-2].summary


def test_it_makes_a_version_when_a_part_is_deleted(plan):
    built = plan()
    action = built.actions[1]
    version = services.action_delete(action=action, by=built.by, revision=action.revision)
    assert version.number == PLAN_VERSIONS + 1
    assert not Action.objects.filter(pk=action.pk).exists()
    assert [item["id"] for item in version.snapshot["actions"]] == [
        built.actions[0].pk,
        built.actions[2].pk,
    ]


def test_it_increments_the_revision_on_each_save(plan):
    built = plan()
    area = built.areas[0]
    assert area.revision == 1
    services.focus_area_save(focus_area=area, by=built.by, revision=1, title="Netværk")
    area.refresh_from_db()
    assert area.revision == 2
    assert area.title == "Netværk"


def test_it_refuses_to_delete_a_focus_area_with_actions_and_makes_no_version(plan):
    from django.core.exceptions import ValidationError

    built = plan()
    area = built.areas[0]
    with pytest.raises(ValidationError):
        services.focus_area_delete(focus_area=area, by=built.by, revision=area.revision)
    assert FocusArea.objects.filter(pk=area.pk).exists()
    assert len(versions(built.strategy)) == PLAN_VERSIONS


def test_it_deletes_an_empty_focus_area_with_its_goals(leader):
    strategy = services.strategy_create(by=leader, title="S")
    area = services.focus_area_save(strategy=strategy, by=leader, title="A")
    goal = services.goal_save(focus_area=area, by=leader, title="G")
    version = services.focus_area_delete(focus_area=area, by=leader, revision=area.revision)
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert version.number == 4
    assert version.snapshot["focus_areas"] == []


def test_it_shows_the_versions_with_who_when_and_what(client, plan, consultant):
    built = plan()
    client.force_login(consultant)
    response = client.get(reverse("strategy:version-list", args=[built.strategy.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<tr>") == PLAN_VERSIONS + 1  # the heading row and one per version
    assert "Kuvøse for nye virksomheder" in page
    assert str(built.by) in page
    # Saved times are shown in Copenhagen time.
    last = versions(built.strategy)[-1]
    shown = last.saved_at.astimezone(zoneinfo.ZoneInfo("Europe/Copenhagen"))
    assert shown.strftime("%d.%m.%Y %H:%M") in page


def test_it_shows_the_compare_form_with_the_two_latest_chosen(client, plan, consultant):
    built = plan()
    client.force_login(consultant)
    response = client.get(reverse("strategy:version-list", args=[built.strategy.pk]))
    form = response.context["form"]
    assert form.initial == {"a": PLAN_VERSIONS - 1, "b": PLAN_VERSIONS}


def test_it_builds_the_shared_plan_as_documented(plan, consultant):
    """The `plan` fixture's contract (tests/strategy/conftest.py), which other tests use."""
    enterprise = make_organisation("Værkstedet")
    heard = Feedback.objects.create(text="Mere synlighed", theme="needs", organisation=enterprise)
    built = plan(by=consultant, feedback=[heard], state=Strategy.State.ADOPTED)
    assert built.by == consultant
    assert built.strategy.state == Strategy.State.ADOPTED
    assert [area.title for area in built.areas] == ["Netværk og synlighed", "Iværksætteri og vækst"]
    assert [goal.focus_area for goal in built.goals] == [
        built.areas[0],
        built.areas[1],
        built.areas[1],
    ]
    assert sum(action.budget for action in built.actions) == PLAN_BUDGET
    assert sum(action.budget_hours for action in built.actions) == PLAN_HOURS
    assert [str(action.owner) for action in built.actions] == [
        "Erhverv og Udvikling",
        str(consultant),
        "Haderslev Erhvervsråd",
    ]
    assert list(built.actions[0].feedback.all()) == [heard]
    assert len(versions(built.strategy)) == PLAN_VERSIONS + 1
    assert {version.saved_by for version in versions(built.strategy)} == {consultant}
