"""Drafting through the pages: the strategies, the draft page, and adding, editing and
deleting the parts, each save one version."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from mapping.models import Feedback, InterplayIdea, Organisation, Potential
from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion
from tests.conftest import make_organisation
from tests.strategy.conftest import PLAN_VERSIONS
from tests.strategy.form_data import action_data

pytestmark = pytest.mark.django_db


def version_count(strategy):
    return StrategyVersion.objects.filter(strategy=strategy).count()


def test_it_lists_the_strategies(client, plan, consultant):
    built = plan()
    client.force_login(consultant)
    response = client.get(reverse("strategy:strategy-list"))
    assert response.status_code == 200
    [row] = response.context["strategies"]
    assert row == built.strategy
    assert row.version_count == PLAN_VERSIONS
    assert built.strategy.get_absolute_url() in response.content.decode()


def test_it_creates_a_strategy_as_a_draft_with_version_one(client, consultant):
    client.force_login(consultant)
    response = client.post(
        reverse("strategy:strategy-create"),
        {"title": "Ny strategi", "vision": "Vi vil", "starts_on": "2027-01-01", "ends_on": ""},
    )
    strategy = Strategy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == strategy.get_absolute_url()
    assert (strategy.title, strategy.state, strategy.created_by) == (
        "Ny strategi",
        Strategy.State.DRAFT,
        consultant,
    )
    assert strategy.starts_on == datetime.date(2027, 1, 1)
    version = strategy.versions.get()
    assert (version.number, version.saved_by, version.snapshot["vision"]) == (
        1,
        consultant,
        "Vi vil",
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "starts_on": "", "ends_on": ""}, "title"),
        ({"title": "S", "starts_on": "2027-01-01", "ends_on": "2026-01-01"}, "ends_on"),
        ({"title": "S", "starts_on": "1.1", "ends_on": ""}, "starts_on"),
    ],
)
def test_it_refuses_a_bad_strategy_and_saves_nothing(client, consultant, data, field):
    client.force_login(consultant)
    response = client.post(reverse("strategy:strategy-create"), {"vision": "", **data})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Strategy.objects.exists()
    assert not StrategyVersion.objects.exists()


def test_it_shows_the_draft_with_budgets_summed_from_the_actions(client, plan, consultant):
    built = plan()
    client.force_login(consultant)
    response = client.get(built.strategy.get_absolute_url())
    assert response.status_code == 200
    draft = response.context["draft"]
    assert draft["totals"]["budget"] == Decimal("465000.50")
    assert draft["totals"]["budget_hours"] == Decimal("660")
    assert [item["totals"]["budget"] for item in draft["focus_areas"]] == [
        Decimal("165000.50"),
        Decimal("300000.00"),
    ]
    assert [[a.title for a in item["actions"]] for item in draft["focus_areas"]] == [
        ["Lokalt netværk", "Årlig messe"],
        ["Kuvøse for nye virksomheder"],
    ]
    page = response.content.decode()
    for text in ("465.000,50 kr.", "165.000,50 kr.", "300.000,00 kr.", "Erhverv og Udvikling"):
        assert text in page
    assert "Haderslev Erhvervsråd" in page
    assert "01.03.2026–30.06.2027" in page
    assert reverse("strategy:action-edit", args=[built.actions[0].pk]) in page
    assert reverse("strategy:version-list", args=[built.strategy.pk]) in page


def test_it_reads_the_draft_page_in_a_fixed_number_of_queries(
    client, plan, consultant, django_assert_max_num_queries
):
    built = plan()
    client.force_login(consultant)
    url = built.strategy.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for number in range(5):
        Action.objects.create(
            strategy=built.strategy,
            focus_area=built.areas[number % 2],
            title=f"Ekstra {number}",
            owner_organisation=Organisation.objects.first(),
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2027, 2, 1),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_it_saves_the_vision_and_makes_a_version(client, plan, consultant):
    built = plan()
    client.force_login(consultant)
    strategy = built.strategy
    response = client.post(
        reverse("strategy:strategy-edit", args=[strategy.pk]),
        {
            "title": strategy.title,
            "vision": "En ny vision",
            "starts_on": "2026-01-01",
            "ends_on": "2029-12-31",
            "revision": strategy.revision,
        },
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.vision, strategy.revision) == ("En ny vision", 2)
    latest = strategy.versions.order_by("-number").first()
    assert (latest.number, latest.saved_by, latest.snapshot["vision"]) == (
        PLAN_VERSIONS + 1,
        consultant,
        "En ny vision",
    )


def test_it_adds_a_focus_area_and_a_goal(client, plan, consultant):
    built = plan()
    client.force_login(consultant)
    client.post(
        reverse("strategy:focus-area-create", args=[built.strategy.pk]),
        {"position": "3", "title": "Samspil med kommunen", "description": ""},
    )
    area = FocusArea.objects.get(title="Samspil med kommunen")
    response = client.post(
        reverse("strategy:goal-create", args=[area.pk]),
        {"position": "1", "title": "Kommunen køber socialøkonomisk", "description": ""},
    )
    assert response.status_code == 302
    assert Goal.objects.get(title="Kommunen køber socialøkonomisk").focus_area == area
    assert version_count(built.strategy) == PLAN_VERSIONS + 2


def test_it_proposes_the_next_number_for_a_new_focus_area(client, plan, consultant):
    built = plan()
    client.force_login(consultant)
    response = client.get(reverse("strategy:focus-area-create", args=[built.strategy.pk]))
    assert response.context["form"]["position"].value() == 3


def test_it_adds_an_action_with_what_it_answers_from_the_mapping(client, plan, consultant, area):
    built = plan()
    enterprise = make_organisation("Genbrugsværkstedet")
    department = make_organisation(
        "Jobcenter", sector=Organisation.Sector.PUBLIC, kind=Organisation.Kind.PUBLIC_BODY
    )
    feedback = Feedback.objects.create(
        text="Vi mangler lokaler", theme="needs", organisation=enterprise
    )
    idea = InterplayIdea.objects.create(
        organisation=enterprise, department=department, service="Vedligehold", description="x"
    )
    potential = Potential.objects.create(organisation=enterprise, stage="entrepreneur")
    client.force_login(consultant)
    data = action_data(
        built,
        partners=[str(department.pk)],
        organisations=[str(enterprise.pk)],
        feedback=[str(feedback.pk)],
        feedback_themes=["ideas", "barriers"],
        interplay_ideas=[str(idea.pk)],
        potentials=[str(potential.pk)],
    )
    response = client.post(reverse("strategy:action-create", args=[built.strategy.pk]), data)
    assert response.status_code == 302
    action = Action.objects.get(title="Skolesamarbejde")
    assert response["Location"].endswith(f"#action-{action.pk}")
    assert (action.owner_department, action.budget, action.budget_hours) == (
        "Børn og Skole",
        Decimal("25000.50"),
        Decimal("12.50"),
    )
    assert action.goal == built.goals[2]
    assert list(action.partners.all()) == [department]
    assert list(action.organisations.all()) == [enterprise]
    assert list(action.feedback.all()) == [feedback]
    assert action.feedback_themes == ["ideas", "barriers"]
    assert list(action.interplay_ideas.all()) == [idea]
    assert list(action.potentials.all()) == [potential]
    latest = built.strategy.versions.order_by("-number").first()
    assert latest.number == PLAN_VERSIONS + 1
    [snap] = [item for item in latest.snapshot["actions"] if item["id"] == action.pk]
    assert snap["feedback"] == [{"id": feedback.pk, "theme": "needs", "text": "Vi mangler lokaler"}]


def test_it_offers_only_staff_as_owner_persons(client, plan, consultant, alice, steering):
    built = plan()
    client.force_login(consultant)
    response = client.get(reverse("strategy:action-create", args=[built.strategy.pk]))
    people = list(response.context["form"].fields["owner_person"].queryset)
    assert sorted(person.username for person in people) == ["konsulent", "leder"]


def test_it_edits_an_action(client, plan, consultant):
    built = plan()
    action = built.actions[0]
    client.force_login(consultant)
    response = client.post(
        reverse("strategy:action-edit", args=[action.pk]),
        action_data(
            built,
            title="Lokalt netværk, udvidet",
            focus_area=str(built.areas[0].pk),
            goal=str(built.goals[0].pk),
            revision=str(action.revision),
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.revision, action.budget) == (
        "Lokalt netværk, udvidet",
        2,
        Decimal("25000.50"),
    )
    assert version_count(built.strategy) == PLAN_VERSIONS + 1


def test_it_deletes_an_action_after_confirming(client, plan, consultant):
    built = plan()
    action = built.actions[1]
    client.force_login(consultant)
    url = reverse("strategy:action-delete", args=[action.pk])
    assert client.get(url).status_code == 200
    assert Action.objects.filter(pk=action.pk).exists()
    response = client.post(url, {"revision": action.revision})
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    latest = built.strategy.versions.order_by("-number").first()
    assert latest.number == PLAN_VERSIONS + 1
    assert "Årlig messe" in latest.summary


def test_it_refuses_to_delete_a_focus_area_that_has_actions(client, plan, consultant):
    built = plan()
    area = built.areas[0]
    client.force_login(consultant)
    url = reverse("strategy:focus-area-delete", args=[area.pk])
    assert client.get(url).context["blockers"] == 2
    response = client.post(url, {"revision": area.revision}, follow=True)
    assert FocusArea.objects.filter(pk=area.pk).exists()
    assert version_count(built.strategy) == PLAN_VERSIONS
    assert [area.title in str(m) for m in response.context["messages"]] == [True]


def test_it_deletes_a_goal_no_action_aims_at(client, plan, consultant):
    built = plan()
    goal = built.goals[2]
    client.force_login(consultant)
    client.post(reverse("strategy:goal-delete", args=[goal.pk]), {"revision": goal.revision})
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert version_count(built.strategy) == PLAN_VERSIONS + 1


def test_it_shows_an_action(client, plan, consultant):
    built = plan()
    client.force_login(consultant)
    action = built.actions[2]
    response = client.get(reverse("strategy:action-detail", args=[action.pk]))
    page = response.content.decode()
    for text in ("Kuvøse for nye virksomheder", "Haderslev Erhvervsråd", "Sønderjysk Partner"):
        assert text in page
    assert "300.000,00 kr." in page
    assert "01.01.2027–31.12.2028" in page
