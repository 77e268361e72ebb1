"""Which plan is in force follows from the periods: adopting a plan for a later period does
not push the running plan (and its progress) off the public page; the new plan is "adopted,
in force from" its start date, and is in force from that day without anyone doing anything."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from strategy.models import Action, CouncilDecision, Recommendation, Strategy
from strategy.selectors import in_force
from strategy.selectors.progress import plan_overview, stale_actions
from strategy.services import council as council_services
from strategy.services.progress import progress_add
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy
from tests.strategy.form_data import TEXTS

pytestmark = pytest.mark.django_db


def day(value):
    """A date as the English pages of these tests show it (en-GB)."""
    with translation.override("en"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def running(plan, leader, today):
    """The plan in force: adopted, its period covering today, with progress (45 % and
    100 %, an indicator value of 12)."""
    built = plan(state=Strategy.State.ADOPTED, title="Handleplan i kraft")
    Strategy.objects.filter(pk=built.strategy.pk).update(
        starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=400)
    )
    network, fair = built.actions[0], built.actions[1]
    progress_add(
        action=network,
        by=leader,
        date=today - timedelta(days=2),
        state=Action.State.UNDER_WAY,
        percent_done=45,
        indicator_value=Decimal("12"),
    )
    progress_add(
        action=fair, by=leader, date=today - timedelta(days=1), state=Action.State.DONE,
        percent_done=100,
    )  # fmt: skip
    built.strategy.refresh_from_db()
    return built.strategy


@pytest.fixture
def coming(leader, today, monkeypatch):
    """A plan whose period starts in seven months, adopted by the council today through
    the decision service."""
    monkeypatch.setattr(
        "strategy.services.feedback_loop.notify_feedback_givers", lambda **kwargs: 0
    )
    strategy = build_review_strategy(by=leader, title="Strategi for den næste periode")
    starts = today + timedelta(days=212)
    Strategy.objects.filter(pk=strategy.pk).update(
        starts_on=starts, ends_on=starts + timedelta(days=3 * 365)
    )
    strategy.refresh_from_db()
    version = StrategyVersionFactory(strategy=strategy, saved_by=leader, submitted=True)
    Recommendation.objects.create(strategy=strategy, version=version, updated_by=leader, **TEXTS)
    council_services.decision_record(
        strategy=strategy,
        version=version,
        decided_on=today,
        outcome=CouncilDecision.Outcome.ADOPTED,
        by=leader,
    )
    strategy.refresh_from_db()
    return strategy


def test_adopting_a_later_plan_keeps_the_running_plan_in_force(running, coming, today):
    assert coming.state == Strategy.State.ADOPTED
    assert in_force.plan_in_force() == running
    status = in_force.status_of(coming)
    assert status.upcoming
    assert status.since == coming.starts_on
    assert in_force.status_of(running).in_force


def test_the_later_plan_is_in_force_from_its_start_date_without_anyone_doing_anything(
    running, coming
):
    eve = coming.starts_on - timedelta(days=1)

    assert in_force.plan_in_force(today=eve) == running
    assert in_force.plan_in_force(today=coming.starts_on) == coming
    assert in_force.status_of(running, today=coming.starts_on).code == in_force.REPLACED
    # Only the plan in force goes stale.
    assert plan_overview(strategy=coming, today=coming.starts_on).status.in_force
    assert stale_actions(strategy=running, today=coming.starts_on) == []


def test_a_plan_whose_period_ended_is_not_in_force(running, today):
    Strategy.objects.filter(pk=running.pk).update(ends_on=today - timedelta(days=1))
    running.refresh_from_db()

    assert in_force.plan_in_force() is None
    assert in_force.status_of(running).code == in_force.ENDED


def test_the_public_page_keeps_the_running_plan_and_its_progress_and_names_the_coming_one(
    client, running, coming
):
    client.cookies["django_language"] = "en"

    html = client.get(reverse("strategy:public-plan")).content.decode()

    assert running.title in html
    assert "45 %" in html and "100 %" in html
    assert "now 12" in html  # the indicator's latest value
    coming_url = reverse("strategy:public-coming-plan", args=[coming.pk])
    assert coming_url in html
    assert f"in force from {day(coming.starts_on)}" in html


def test_the_coming_plan_has_a_public_page_that_says_when_it_comes_into_force(
    client, running, coming
):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("strategy:public-coming-plan", args=[coming.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Adopted, in force from {day(coming.starts_on)}" in html
    action = Action.objects.filter(strategy=coming).first()
    assert client.get(reverse("strategy:public-action", args=[action.pk])).status_code == 200
    # The plan in force has no "coming" page, and a draft none at all.
    assert client.get(reverse("strategy:public-coming-plan", args=[running.pk])).status_code == 404
    draft = build_review_strategy(by=coming.created_by, title="Kladde")
    assert client.get(reverse("strategy:public-coming-plan", args=[draft.pk])).status_code == 404
    draft_action = Action.objects.filter(strategy=draft).first()
    assert client.get(reverse("strategy:public-action", args=[draft_action.pk])).status_code == 404


def test_with_no_plan_in_force_the_public_page_shows_the_coming_plan(client, coming):
    client.cookies["django_language"] = "en"

    html = client.get(reverse("strategy:public-plan")).content.decode()

    assert coming.title in html
    assert f"Adopted, in force from {day(coming.starts_on)}" in html


def test_staff_pages_say_when_the_coming_plan_comes_into_force(client, consultant, running, coming):
    client.force_login(consultant)
    client.cookies["django_language"] = "en"
    label = f"Adopted, in force from {day(coming.starts_on)}"

    listing = client.get(reverse("strategy:strategy-list")).content.decode()
    detail = client.get(reverse("strategy:strategy-detail", args=[coming.pk])).content.decode()
    decision = client.get(reverse("strategy:decision-record", args=[coming.pk])).content.decode()
    overview = client.get(reverse("strategy:plan-overview", args=[coming.pk])).content.decode()

    assert label in listing and "Adopted, in force" in listing
    assert label in detail
    assert label in decision
    assert label in overview
