"""The city council adopts a plan with changes, in the browser: the project leader records
"adopted with changes" (the form offers only the version that may be decided), applies the
amendment to the plan, records the amended plan as adopted and sees it compared with the
recommended version. The plan's period starts in seven months, so it shows as "adopted, in
force from" its start date, and the public page keeps the running plan with its progress
(45 %, 100 %) and names the coming one, whose own page shows the amended plan. axe-core
scans every page on the way."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import formats, timezone
from django.utils.translation import gettext
from playwright.sync_api import expect

from portal.models import User
from strategy.models import Action, CouncilDecision, Recommendation, Strategy
from strategy.services.progress import progress_add
from tests.browser.helpers import field, log_in
from tests.conftest import make_user
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy
from tests.strategy.form_data import TEXTS

pytestmark = pytest.mark.browser

RUNNING = "Socialøkonomisk handleplan 2026–2027"
COMING = "Socialøkonomisk strategi for den næste periode"
ACTION = "Socialøkonomisk kuvøse"
AMENDED = "Socialøkonomisk kuvøse i Haderslev, Vojens og Gram"
CHANGES = "Kuvøsen skal også dække Vojens og Gram."


def named(text):
    """What the server renders for `text` (the server runs in this process, with the same
    catalogue): the Danish translation when there is one."""
    return re.compile(rf"^\s*{re.escape(gettext(text))}\s*$")


def dated(template, day):
    return gettext(template) % {"date": formats.date_format(day, "d.m.Y")}


def period(strategy, starts_on, ends_on):
    Strategy.objects.filter(pk=strategy.pk).update(starts_on=starts_on, ends_on=ends_on)
    strategy.refresh_from_db()


@pytest.fixture
def plans():
    """The plan in force (with progress: 45 % and 100 %) and a draft for the next period,
    starting in seven months, submitted and recommended to the city council."""
    leader = make_user("leder", User.Role.PROJECT_LEADER)
    today = timezone.localdate()
    running = build_review_strategy(by=leader, title=RUNNING)
    period(running, today - datetime.timedelta(days=300), today + datetime.timedelta(days=400))
    Strategy.objects.filter(pk=running.pk).update(state=Strategy.State.ADOPTED)
    first, second = Action.objects.filter(strategy=running).order_by("pk")[:2]
    progress_add(
        action=first,
        by=leader,
        date=today - datetime.timedelta(days=3),
        state=Action.State.UNDER_WAY,
        percent_done=45,
        indicator_value=Decimal("4"),
    )
    progress_add(
        action=second,
        by=leader,
        date=today - datetime.timedelta(days=2),
        state=Action.State.DONE,
        percent_done=100,
    )
    coming = build_review_strategy(by=leader, title=COMING)
    starts = today + datetime.timedelta(days=212)
    period(coming, starts, starts + datetime.timedelta(days=3 * 365))
    StrategyVersionFactory(strategy=coming, saved_by=leader, submitted=True)
    version = StrategyVersionFactory(strategy=coming, saved_by=leader, submitted=True)
    Recommendation.objects.create(strategy=coming, version=version, updated_by=leader, **TEXTS)
    return {"leader": leader, "running": running, "coming": coming, "version": version}


def record_adopted_with_changes(page, coming, version, axe):
    page.goto(f"/strategy/{coming.pk}/decision/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        gettext("The city council's decision")
    )
    axe(page)
    # Only the version that may be decided on is offered.
    options = field(page, "version").locator("option")
    expect(options).to_have_count(1)
    expect(options).to_have_attribute("value", str(version.pk))
    page.get_by_role("radio", name=named("Adopted with changes")).check()
    field(page, "changes").fill(CHANGES)
    page.get_by_role("main").get_by_role("button", name=named("Record the decision")).click()
    expect(page.locator("#apply-amendments")).to_be_visible()
    coming.refresh_from_db()
    assert coming.state == Strategy.State.AMENDING
    axe(page)


def apply_the_amendment(page, coming, axe):
    page.locator("#apply-amendments").get_by_role("link", name=named("Edit the plan")).click()
    expect(page).to_have_url(re.compile(rf"/strategy/{coming.pk}/$"))
    expect(page.locator("#amending-notice")).to_contain_text(CHANGES)
    axe(page)
    action = Action.objects.get(strategy=coming, title=ACTION)
    page.goto(f"/strategy/actions/{action.pk}/edit/")
    field(page, "title").fill(AMENDED)
    page.get_by_role("main").get_by_role("button", name=named("Save")).click()
    expect(page).to_have_url(re.compile(rf"/strategy/{coming.pk}/#action-{action.pk}$"))

    page.goto(f"/strategy/{coming.pk}/decision/")
    so_far = page.locator("#amendments")
    expect(so_far.locator("td ins")).to_contain_text("Vojens og Gram")
    axe(page)
    page.get_by_role("button", name=named("The plan is as adopted: record it")).click()
    expect(page.locator("#apply-amendments")).to_have_count(0)


def test_the_council_adopts_a_coming_plan_with_changes_and_the_running_plan_stays(
    page, new_context, plans, axe
):
    leader, coming = plans["leader"], plans["coming"]
    log_in(page, leader)

    record_adopted_with_changes(page, coming, plans["version"], axe)
    apply_the_amendment(page, coming, axe)

    # The decision page: the amended plan as a new version, compared with the recommended.
    coming.refresh_from_db()
    decision = CouncilDecision.objects.get(strategy=coming)
    assert coming.state == Strategy.State.ADOPTED
    assert AMENDED in [a["title"] for a in decision.adopted_version.snapshot["actions"]]
    amendments = page.locator("#amendments")
    expect(amendments).to_contain_text(AMENDED)
    expect(amendments.locator("td ins")).to_contain_text("Vojens og Gram")
    expect(page.locator("#plan-status")).to_have_text(
        dated("Adopted, in force from %(date)s", coming.starts_on)
    )
    axe(page)

    # The public page: the running plan with its progress, and the coming plan named.
    public = new_context().new_page()
    public.goto("/strategy/plan/")
    expect(public.get_by_role("heading", level=1)).to_have_text(RUNNING)
    main = public.get_by_role("main")
    expect(main).to_contain_text("45 %")
    expect(main).to_contain_text("100 %")
    notice = public.locator(f"#coming-plan-{coming.pk}")
    expect(notice).to_contain_text(formats.date_format(coming.starts_on, "d.m.Y"))
    axe(public)

    # The coming plan's own page shows the plan as the council adopted it.
    notice.get_by_role("link", name=COMING).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(COMING)
    expect(public.locator("#plan-status")).to_contain_text(
        dated("Adopted, in force from %(date)s", coming.starts_on)
    )
    expect(public.get_by_role("article", name=AMENDED)).to_be_visible()
    expect(public.get_by_role("article", name=ACTION, exact=True)).to_have_count(0)
    axe(public)
