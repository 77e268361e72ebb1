"""Saving a part of the plan without changing it makes no new version (and writes no row);
a real change still does."""

import pytest
from django.urls import reverse

from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion
from strategy.services import drafting as services
from tests.strategy.conftest import PLAN_VERSIONS

pytestmark = pytest.mark.django_db


def versions(strategy):
    return StrategyVersion.objects.filter(strategy=strategy).count()


def form_data(form):
    """The data a browser sends back for `form` as it was loaded, untouched."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is None or value is False:
            continue
        elif value is True:
            data[bound.html_name] = "on"
        else:
            data[bound.html_name] = str(value)
    return data


def test_saving_an_action_unchanged_through_its_page_makes_no_version(client, plan, consultant):
    built = plan()
    action = built.actions[2]  # with a partner, an organisation owner and a goal
    url = reverse("strategy:action-edit", args=[action.pk])
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    data = form_data(client.get(url).context["form"])

    response = client.post(url, data, follow=True)

    action.refresh_from_db()
    assert versions(built.strategy) == PLAN_VERSIONS
    assert action.revision == 1
    assert action.history.count() == 1
    assert "Nothing was changed, so no new version was saved." in response.content.decode()


def test_a_changed_action_still_makes_a_version(client, plan, consultant):
    built = plan()
    action = built.actions[2]
    url = reverse("strategy:action-edit", args=[action.pk])
    client.force_login(consultant)
    data = form_data(client.get(url).context["form"])
    data["description"] = "Nu med mentorer."

    client.post(url, data)

    action.refresh_from_db()
    assert versions(built.strategy) == PLAN_VERSIONS + 1
    assert (action.revision, action.description) == (2, "Nu med mentorer.")


def test_a_changed_relation_alone_is_a_change(plan, leader):
    built = plan()
    action = Action.objects.get(pk=built.actions[2].pk)

    services.action_save(action=action, by=leader, revision=action.revision, partners=[])

    assert versions(built.strategy) == PLAN_VERSIONS + 1


def test_saving_unchanged_parts_through_the_services_is_refused_as_unchanged(plan, leader):
    built = plan()
    area = FocusArea.objects.get(pk=built.areas[0].pk)
    goal = Goal.objects.get(pk=built.goals[0].pk)
    action = Action.objects.get(pk=built.actions[2].pk)
    strategy = Strategy.objects.get(pk=built.strategy.pk)

    with pytest.raises(services.Unchanged):
        services.focus_area_save(focus_area=area, by=leader, revision=area.revision)
    with pytest.raises(services.Unchanged):
        services.goal_save(goal=goal, by=leader, revision=goal.revision)
    with pytest.raises(services.Unchanged):
        services.action_save(
            action=action,
            by=leader,
            revision=action.revision,
            partners=list(action.partners.all()),
        )
    with pytest.raises(services.Unchanged):
        services.strategy_update(strategy=strategy, by=leader, revision=strategy.revision)

    assert versions(built.strategy) == PLAN_VERSIONS
