"""Two people saving the same part at once: the second gets the conflict, loses nothing, and
chooses. Two logged-in clients, as two browsers would be."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from strategy.models import Action, Strategy, StrategyVersion
from strategy.services import drafting as services
from tests.strategy.conftest import PLAN_VERSIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(consultant, leader):
    """Client A (the consultant) and client B (the project leader), both logged in."""
    a, b = Client(), Client()
    a.force_login(consultant)
    b.force_login(leader)
    return a, b


def loaded_data(client, url):
    """The form's data as the page gave it (its initial values and hidden revision)."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    return data


def latest(strategy):
    return StrategyVersion.objects.filter(strategy=strategy).order_by("-number").first()


def test_it_shows_b_the_conflict_and_keeps_b_s_action_values(plan, two, consultant):
    built = plan()
    action = built.actions[0]
    a, b = two
    url = reverse("strategy:action-edit", args=[action.pk])
    form_a, form_b = loaded_data(a, url), loaded_data(b, url)
    assert form_a["revision"] == form_b["revision"] == "1"

    assert a.post(url, {**form_a, "title": "Netværk (A)", "budget": "130000"}).status_code == 302
    response = b.post(url, {**form_b, "title": "Netværk (B)"})

    # B sees the conflict page: A's value beside B's own, nothing of B's saved.
    assert response.status_code == 200
    assert response.context["conflict"].saved_by == consultant
    rows = {row["name"]: row for row in response.context["differences"]}
    assert (rows["title"]["theirs"], rows["title"]["mine"]) == ("Netværk (A)", "Netværk (B)")
    assert rows["budget"]["theirs"].startswith("130.000,00")
    page = html.unescape(response.content.decode())
    assert "Netværk (A)" in page
    assert 'value="Netværk (B)"' in page
    action.refresh_from_db()
    assert (action.title, action.revision) == ("Netværk (A)", 2)
    assert latest(built.strategy).number == PLAN_VERSIONS + 1
    assert latest(built.strategy).saved_by == consultant

    # The form B got back carries the current revision: "save mine anyway" posts it again.
    form = response.context["form"]
    assert form["revision"].value() == "2"
    assert form["title"].value() == "Netværk (B)"
    again = b.post(url, {**form_b, "title": "Netværk (B)", "revision": "2"})
    assert again.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.revision) == ("Netværk (B)", 3)
    # B kept the budget B loaded; A's budget and title stay in the previous version.
    assert str(action.budget) == "120000.00"
    versions = list(built.strategy.versions.order_by("-number")[:2])
    assert versions[0].number == PLAN_VERSIONS + 2
    assert versions[0].saved_by.username == "leder"
    [mine] = [x for x in versions[0].snapshot["actions"] if x["id"] == action.pk]
    [theirs] = [x for x in versions[1].snapshot["actions"] if x["id"] == action.pk]
    assert (mine["title"], theirs["title"]) == ("Netværk (B)", "Netværk (A)")
    assert theirs["budget"] == "130000.00"


def test_it_lets_b_keep_theirs(plan, two):
    built = plan()
    action = built.actions[0]
    a, b = two
    url = reverse("strategy:action-edit", args=[action.pk])
    form_a, form_b = loaded_data(a, url), loaded_data(b, url)
    a.post(url, {**form_a, "title": "Netværk (A)"})
    response = b.post(url, {**form_b, "title": "Netværk (B)"})
    keep_theirs = built.strategy.get_absolute_url()
    assert f'href="{keep_theirs}"' in response.content.decode()
    assert b.get(keep_theirs).status_code == 200
    action.refresh_from_db()
    assert action.title == "Netværk (A)"
    assert latest(built.strategy).number == PLAN_VERSIONS + 1


def test_it_shows_b_the_conflict_on_the_vision(plan, two, consultant):
    built = plan()
    strategy = built.strategy
    a, b = two
    url = reverse("strategy:strategy-edit", args=[strategy.pk])
    form_a, form_b = loaded_data(a, url), loaded_data(b, url)

    assert a.post(url, {**form_a, "vision": "A's vision"}).status_code == 302
    response = b.post(url, {**form_b, "vision": "B's vision"})

    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["differences"]}
    assert (rows["vision"]["theirs"], rows["vision"]["mine"]) == ("A's vision", "B's vision")
    assert list(rows) == ["vision"]
    assert response.context["form"]["vision"].value() == "B's vision"
    strategy.refresh_from_db()
    assert (strategy.vision, strategy.revision) == ("A's vision", 2)
    assert latest(strategy).number == PLAN_VERSIONS + 1

    again = b.post(url, {**form_b, "vision": "B's vision", "revision": "2"})
    assert again.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.vision, strategy.revision) == ("B's vision", 3)
    newest, previous = strategy.versions.order_by("-number")[:2]
    assert (newest.snapshot["vision"], previous.snapshot["vision"]) == ("B's vision", "A's vision")
    assert (newest.saved_by.username, previous.saved_by.username) == ("leder", "konsulent")


def test_it_never_undoes_an_adoption_with_a_late_save_of_the_vision(plan, two):
    built = plan()
    a, _b = two
    url = reverse("strategy:strategy-edit", args=[built.strategy.pk])
    form = loaded_data(a, url)
    Strategy.objects.filter(pk=built.strategy.pk).update(state=Strategy.State.ADOPTED)
    response = a.post(url, {**form, "vision": "Sent"})
    assert response.status_code == 403
    built.strategy.refresh_from_db()
    assert built.strategy.state == Strategy.State.ADOPTED
    assert built.strategy.vision != "Sent"


@pytest.mark.parametrize("kind", ["focus-area", "goal"])
def test_it_shows_the_conflict_on_focus_areas_and_goals(plan, two, kind):
    built = plan()
    part = built.areas[0] if kind == "focus-area" else built.goals[0]
    a, b = two
    url = reverse(f"strategy:{kind}-edit", args=[part.pk])
    form_a, form_b = loaded_data(a, url), loaded_data(b, url)
    a.post(url, {**form_a, "description": "Fra A"})
    response = b.post(url, {**form_b, "description": "Fra B"})
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    part.refresh_from_db()
    assert part.description == "Fra A"
    assert latest(built.strategy).number == PLAN_VERSIONS + 1


def test_it_refuses_to_delete_an_action_someone_changed_meanwhile(plan, two):
    built = plan()
    action = built.actions[1]
    a, b = two
    edit = reverse("strategy:action-edit", args=[action.pk])
    delete = reverse("strategy:action-delete", args=[action.pk])
    b.get(delete)
    a.post(edit, {**loaded_data(a, edit), "title": "Messe (A)"})

    response = b.post(delete, {"revision": "1"})
    assert response.status_code == 200
    assert response.context["conflict"].current.title == "Messe (A)"
    assert "Messe (A)" in response.content.decode()
    assert Action.objects.filter(pk=action.pk).exists()
    assert latest(built.strategy).number == PLAN_VERSIONS + 1

    response = b.post(delete, {"revision": "2"})
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    newest, previous = built.strategy.versions.order_by("-number")[:2]
    assert action.pk not in [x["id"] for x in newest.snapshot["actions"]]
    assert "Messe (A)" in [x["title"] for x in previous.snapshot["actions"]]


def test_it_raises_the_conflict_in_the_service_with_who_saved_last(plan, consultant, leader):
    built = plan()
    action = Action.objects.get(pk=built.actions[0].pk)
    stale = Action.objects.get(pk=built.actions[0].pk)
    services.action_save(action=action, by=consultant, revision=1, title="Først")
    with pytest.raises(services.EditConflict) as caught:
        services.action_save(action=stale, by=leader, revision=1, title="Sidst")
    assert caught.value.current.title == "Først"
    assert caught.value.saved_by == consultant
    assert caught.value.version.number == PLAN_VERSIONS + 1
    assert Action.objects.get(pk=action.pk).title == "Først"


def test_it_gives_b_the_values_back_when_a_deleted_the_action(plan, two, consultant):
    built = plan()
    action = built.actions[1]
    a, b = two
    url = reverse("strategy:action-edit", args=[action.pk])
    form_b = loaded_data(b, url)
    a.post(reverse("strategy:action-delete", args=[action.pk]), {"revision": "1"})

    response = b.post(url, {**form_b, "title": "Messe (B)"})
    assert response.status_code == 200
    assert response.context["deleted"].history_user == consultant
    assert response.context["form"]["title"].value() == "Messe (B)"
    create = reverse("strategy:action-create", args=[built.strategy.pk])
    assert f'action="{create}"' in response.content.decode()
    assert latest(built.strategy).number == PLAN_VERSIONS + 1

    # "Save mine as a new one" posts the same values to the create form.
    assert b.post(create, {**form_b, "title": "Messe (B)"}).status_code == 302
    assert Action.objects.get(title="Messe (B)").strategy == built.strategy
    assert latest(built.strategy).number == PLAN_VERSIONS + 2


def test_it_answers_404_for_a_part_that_never_existed(two):
    a, _b = two
    assert a.post(reverse("strategy:action-edit", args=[999999]), {"title": "X"}).status_code == 404
    assert a.get(reverse("strategy:goal-edit", args=[999999])).status_code == 404


def test_it_treats_a_part_deleted_during_the_save_as_gone(plan, consultant):
    built = plan()
    action = Action.objects.get(pk=built.actions[0].pk)
    Action.objects.filter(pk=action.pk).delete()
    with pytest.raises(services.PartGone):
        services.action_save(action=action, by=consultant, revision=1)
    assert not Action.objects.filter(pk=action.pk).exists()
