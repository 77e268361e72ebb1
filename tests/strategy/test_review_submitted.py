"""What the steering group finds: the list of versions submitted to it (with the review state
and their own verdict), the "Strategy" menu that leads there and to the plan in force, and
the versions a steering group agenda may point at (only those a member may open)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from strategy import dashboard
from strategy.models import Strategy
from strategy.services import review as services
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy
from tests.permissions import ACTORS, LOGIN, check, expect, log_in_as

pytestmark = pytest.mark.django_db


URL = reverse("strategy:submitted-list")
STAFF_AND_STEERING = expect(LOGIN, 403, 403, 200, 200, 200)


@pytest.fixture
def world(alice, bob, leader, consultant, steering, plan_data):
    return {"alice": alice, "bob": bob, "leader": leader, "consultant": consultant,
            "steering": steering, **plan_data}  # fmt: skip


# The list of submitted versions


@pytest.mark.parametrize("actor", ACTORS)
def test_the_list_is_for_the_staff_and_the_steering_group(client, world, actor):
    log_in_as(client, world, actor)

    check(client.get(URL), STAFF_AND_STEERING[actor])


def test_a_member_sees_the_submitted_versions_and_their_own_verdict(
    client, leader, steering, plan_data
):
    other = build_review_strategy(by=leader, title="Anden plan")
    other_version = StrategyVersionFactory(strategy=other, saved_by=leader, submitted=True)
    services.verdict_give(version=plan_data["submitted"], member=steering, verdict="approved")
    client.force_login(steering)
    client.cookies["django_language"] = "en"

    response = client.get(URL)

    versions = response.context["versions"]
    assert [v.pk for v in versions] == [other_version.pk, plan_data["submitted"].pk]
    assert plan_data["latest"].pk not in [v.pk for v in versions]  # never submitted
    mine = {v.pk: v.my_verdict for v in versions}
    assert mine == {other_version.pk: None, plan_data["submitted"].pk: "approved"}
    assert versions[1].review_state == versions[1].ReviewState.APPROVED
    html = response.content.decode()
    assert plan_data["submitted"].get_absolute_url() in html
    assert plan_data["latest"].get_absolute_url() not in html
    assert "Your verdict" in html
    assert "No verdict given" in html


def test_the_staff_see_how_many_members_gave_a_verdict(client, leader, steering, plan_data):
    services.verdict_give(
        version=plan_data["submitted"], member=steering, verdict="changes_requested"
    )
    client.force_login(leader)
    client.cookies["django_language"] = "en"

    response = client.get(URL)

    (version,) = response.context["versions"]
    assert version.verdict_count == 1
    assert version.my_verdict is None
    assert response.context["member_count"] == 1
    assert version.review_state == version.ReviewState.CHANGES_REQUESTED
    assert "1 of 1" in response.content.decode()


def test_the_list_says_so_when_nothing_was_submitted(client, steering):
    client.force_login(steering)
    client.cookies["django_language"] = "en"

    response = client.get(URL)

    assert response.context["versions"] == []
    assert "No version has been submitted" in response.content.decode()


# The menu


def nav_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return dashboard.nav(request)


def menu(items):
    (strategy_menu,) = [item for item in items if item.children]
    return {child.url for child in strategy_menu.children}


def test_the_steering_group_menu_leads_to_the_plan_in_force_and_the_submitted_versions(
    steering, leader
):
    plan = build_review_strategy(by=leader, title="Planen i kraft")
    # In force: adopted, and its period covers today.
    Strategy.objects.filter(pk=plan.pk).update(
        state=Strategy.State.ADOPTED, starts_on=datetime.date(2020, 1, 1)
    )

    links = menu(nav_for(steering))

    assert links == {
        reverse("strategy:plan-overview", args=[plan.pk]),
        reverse("strategy:plan-timeline", args=[plan.pk]),
        URL,
    }


def test_without_a_plan_in_force_the_menu_holds_the_submitted_versions(steering):
    assert menu(nav_for(steering)) == {URL}


def test_the_menu_links_open_for_the_steering_group(client, steering, leader):
    plan = build_review_strategy(by=leader, title="Planen i kraft")
    Strategy.objects.filter(pk=plan.pk).update(state=Strategy.State.ADOPTED)
    client.force_login(steering)

    for url in menu(nav_for(steering)):
        assert client.get(url).status_code == 200, url


def test_the_staff_menu_lists_the_submitted_versions_too(consultant):
    links = menu(nav_for(consultant))

    assert URL in links
    assert reverse("strategy:strategy-list") in links


def test_enterprise_users_and_the_public_get_no_strategy_menu(alice):
    for user in (alice, AnonymousUser()):
        assert [item for item in nav_for(user) if item.children] == []


# Steering group agendas


def test_an_agenda_may_point_only_at_submitted_versions_newest_first(leader, plan_data):
    other = build_review_strategy(by=leader, title="Anden plan")
    first = StrategyVersionFactory(strategy=other, saved_by=leader, submitted=True)
    StrategyVersionFactory(strategy=other, saved_by=leader)
    third = StrategyVersionFactory(strategy=other, saved_by=leader, submitted=True)

    ((_label, versions),) = dashboard.agenda_subjects(leader)

    assert [v.pk for v in versions] == [third.pk, first.pk, plan_data["submitted"].pk]
    assert all(v.submitted_at is not None for v in versions)
