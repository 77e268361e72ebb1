"""The public page of the plan in force: the strategy and each action's progress, for everyone,
never the staff's internal notes nor a person's name."""

import pytest
from django.conf import settings
from django.urls import reverse

from portal.registry import NavItem
from strategy import dashboard_progress
from strategy.models import Action
from strategy.services.progress import progress_add
from tests.conftest import make_user
from tests.factories.strategy import NOTE, ActionFactory, days_ago, today

pytestmark = pytest.mark.django_db

State = Action.State


def get(client, user, url):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_it_shows_the_plan_and_its_progress_without_internal_notes(
    client, request, progressed, live_plan, who
):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    page = get(client, user, reverse("strategy:public-plan"))
    assert "Socialøkonomisk handleplan" in page
    assert "Flere socialøkonomiske virksomheder i hele kommunen." in page  # the vision
    assert "Netværk og synlighed" in page and "Et levende lokalt netværk" in page
    assert "Netværksmøder hver måned" in page
    assert "65 %" in page  # the latest % done
    assert "18,5" in page  # the current value, Danish
    assert days_ago(2).strftime("%d.%m.%Y") in page  # the last update
    assert NOTE not in page
    assert "Første møde gik skævt" not in page


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_it_shows_one_actions_history_without_notes(client, request, progressed, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    page = get(client, user, reverse("strategy:public-action", args=[progressed.pk]))
    assert days_ago(30).strftime("%d.%m.%Y") in page
    assert days_ago(2).strftime("%d.%m.%Y") in page
    assert "20 %" in page and "65 %" in page
    assert "18,5" in page and ">9<" in page
    assert NOTE not in page
    assert "Første møde gik skævt" not in page
    assert "Konsulent" not in page  # neither the owner's nor the author's name


def test_it_shows_the_indicator_from_baseline_to_target(client, progressed):
    page = " ".join(
        get(client, None, reverse("strategy:public-action", args=[progressed.pk])).split()
    )
    assert "Deltagere pr. møde (personer)" in page
    baseline, current, target = page.index(" 5 → "), page.index("18,5"), page.index(" 25</dd>")
    assert baseline < current < target


def test_it_shows_owners_by_department_organisation_or_as_the_municipality(client, live_plan):
    page = get(client, None, reverse("strategy:public-plan"))
    assert "Beskæftigelse" in page  # a department
    assert "Café Kvisten" in page  # an organisation
    assert settings.PORTAL_MUNICIPALITY in page  # the consultant, a person, is not named
    assert "Konsulent" not in page


def test_it_does_not_name_a_person_outside_the_staff(client, live_plan):
    citizen = make_user("borger", "enterprise", last_name="Borgersen")
    Action.objects.filter(pk=live_plan["incubator"].pk).update(
        owner_department="", owner_person=citizen
    )
    page = get(client, None, reverse("strategy:public-action", args=[live_plan["incubator"].pk]))
    assert "Borger" not in page  # neither first nor last name


def test_it_answers_404_for_an_action_of_a_draft(client, draft, alice):
    client.force_login(alice)
    response = client.get(reverse("strategy:public-action", args=[draft["action"].pk]))
    assert response.status_code == 404


def test_it_leaves_a_draft_off_the_public_page(client, live_plan, draft):
    page = get(client, None, reverse("strategy:public-plan"))
    assert "Udkastets handling" not in page
    assert "Ny handleplan (udkast)" not in page


def test_it_shows_a_friendly_page_when_no_plan_is_in_force(client, draft):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = get(client, None, reverse("strategy:public-plan"))
    assert "has not adopted" in page
    assert "Udkastets handling" not in page


def test_it_reads_the_public_page_in_a_fixed_number_of_queries(
    client, live_plan, consultant, django_assert_max_num_queries
):
    for key in ("meetings", "incubator", "today"):
        progress_add(
            action=live_plan[key],
            by=consultant,
            date=today(),
            state=State.UNDER_WAY,
            percent_done=5,
        )
    for number in range(8):
        ActionFactory(
            focus_area=live_plan["strategy"].focus_areas.first(), title=f"Ekstra {number}"
        )
    with django_assert_max_num_queries(8):
        client.get(reverse("strategy:public-plan"))


def test_the_navigation_links_the_public_page_without_a_query(
    rf, live_plan, alice, django_assert_num_queries
):
    """Every page carries the link, so it must cost no query; the page says when no plan is
    in force."""
    request = rf.get("/")
    request.user = alice
    with django_assert_num_queries(0):
        items = dashboard_progress.nav(request)
    assert [item.url for item in items] == [reverse("strategy:public-plan")]
    assert all(isinstance(item, NavItem) for item in items)


@pytest.mark.parametrize(
    ("moderation", "shown"),
    [("approved", True), ("pending", False), ("rejected", False)],
)
def test_it_names_an_owner_organisation_only_once_it_is_approved(
    client, live_plan, moderation, shown
):
    action = live_plan["mapping"]  # owned by the organisation "Café Kvisten"
    organisation = action.owner_organisation
    organisation.moderation_state = moderation
    organisation.rejection_reason = "Ikke socialøkonomisk" if moderation == "rejected" else ""
    organisation.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    plan = get(client, None, reverse("strategy:public-plan"))
    page = get(client, None, reverse("strategy:public-action", args=[action.pk]))

    for html in (plan, page):
        assert ("Café Kvisten" in html) is shown
        assert ("An organisation (not shown publicly)" in html) is not shown
