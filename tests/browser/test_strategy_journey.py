"""The strategy and action plan's whole life in the browser, across roles: a consultant drafts
an action that answers a piece of feedback; the project leader submits the latest version to
the steering group; a member comments on a focus area and approves; the project leader sees
the approval and records the city council's adoption (the feedback giver is told by e-mail);
a consultant posts a progress update with an internal note; the public page shows the
action's progress without the note. axe-core scans every page on the way."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext
from playwright.sync_api import expect

from mapping.models import Contact, Feedback
from portal.models import User
from strategy.models import (
    Action,
    CouncilDecision,
    ProgressUpdate,
    Strategy,
    StrategyComment,
    StrategyVerdict,
    StrategyVersion,
)
from strategy.services import drafting
from tests.browser.helpers import field, log_in
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser

STRATEGY = "Socialøkonomisk strategi og handleplan"
# The plan's period covers today, so that once adopted it is the plan in force, on which
# progress is recorded; the action runs inside it.
THIS_YEAR = datetime.date.today().year  # noqa: DTZ011
PLAN_STARTS, PLAN_ENDS = datetime.date(THIS_YEAR, 1, 1), datetime.date(THIS_YEAR + 3, 12, 31)
ACTION_STARTS, ACTION_ENDS = datetime.date(THIS_YEAR, 1, 1), datetime.date(THIS_YEAR + 1, 6, 30)
AREA = "Netværk og synlighed"
ACTION = "Netværk for socialøkonomiske virksomheder"
SAID = "Vi savner et netværk, hvor de socialøkonomiske virksomheder mødes."
COMMENT = "Handlingen bør også nå foreningerne i Vojens."
NOTE = "Internt: Kvisten har meldt afbud til næste møde."


def named(text):
    """What the server renders for `text`: the Danish translation when there is one (the
    server runs in this process, so it uses the same catalogue)."""
    return re.compile(rf"^\s*{re.escape(gettext(text))}\s*$")


@pytest.fixture
def draft(area):
    """A draft strategy with one focus area (two versions), and a piece of feedback from a
    contact who wants to hear back."""
    leader = make_user("leder", User.Role.PROJECT_LEADER)
    strategy = drafting.strategy_create(
        by=leader,
        title=STRATEGY,
        vision="Haderslev har et stærkt socialøkonomisk fællesskab.",
        starts_on=PLAN_STARTS,
        ends_on=PLAN_ENDS,
    )
    focus_area = drafting.focus_area_save(strategy=strategy, by=leader, position=1, title=AREA)
    cafe = make_organisation("Café Kvisten", area=area)
    contact = Contact.objects.create(
        organisation=cafe,
        name="Mette Møller",
        email="mette@kvisten.dk",
        purpose="Tilkendegivelse ved dialogmøde",
    )
    feedback = Feedback.objects.create(
        text=SAID,
        theme=Feedback.Theme.NEEDS,
        organisation=cafe,
        contact=contact,
        wants_reply=True,
    )
    return {
        "leader": leader,
        "strategy": strategy,
        "area": focus_area,
        "contact": contact,
        "feedback": feedback,
    }


def draft_the_action(page, draft, axe):
    """The consultant fills the action form and saves it; returns the saved action."""
    strategy, area, feedback = draft["strategy"], draft["area"], draft["feedback"]
    page.goto(f"/strategy/{strategy.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(STRATEGY)
    page.get_by_role("link", name=named("Add an action")).first.click()
    expect(page).to_have_url(re.compile(rf"/strategy/{strategy.pk}/actions/new/"))
    axe(page)

    field(page, "title").fill(ACTION)
    field(page, "focus_area").select_option(str(area.pk))
    field(page, "owner_department").fill("Erhverv og Udvikling")
    field(page, "starts_on").fill(ACTION_STARTS.isoformat())
    field(page, "ends_on").fill(ACTION_ENDS.isoformat())
    field(page, "budget").fill("150000")
    field(page, "budget_hours").fill("200")
    field(page, "indicator").fill("Virksomheder i netværket")
    field(page, "indicator_unit").fill("virksomheder")
    field(page, "baseline").fill("0")
    field(page, "target").fill("30")
    field(page, "feedback").select_option(str(feedback.pk))
    page.get_by_role("main").get_by_role("button", name=named("Save")).click()

    expect(page).to_have_url(re.compile(rf"/strategy/{strategy.pk}/#action-\d+$"))
    action = Action.objects.get()
    expect(page.locator(f"#focusarea-{area.pk}")).to_contain_text(ACTION)
    assert (action.focus_area, action.owner_department) == (area, "Erhverv og Udvikling")
    assert (action.starts_on, action.ends_on) == (ACTION_STARTS, ACTION_ENDS)
    assert (action.budget, action.budget_hours) == (Decimal("150000.00"), Decimal("200.00"))
    assert (action.indicator, action.baseline, action.target) == (
        "Virksomheder i netværket",
        Decimal("0.00"),
        Decimal("30.00"),
    )
    assert list(action.feedback.all()) == [feedback]
    axe(page)
    return action


def review(leader_page, member_page, draft, member, axe):
    """The leader submits the latest version; the member comments and approves."""
    strategy, area = draft["strategy"], draft["area"]
    latest = StrategyVersion.objects.filter(strategy=strategy).order_by("-number").first()
    assert latest.number == 3  # created, focus area, the consultant's action
    assert [a["title"] for a in latest.snapshot["actions"]] == [ACTION]

    leader_page.goto(f"/strategy/{strategy.pk}/")
    leader_page.get_by_role("link", name=re.compile(rf"\({latest.number}\)")).click()
    expect(leader_page).to_have_url(re.compile(rf"/strategy/versions/{latest.pk}/$"))
    expect(leader_page.get_by_role("main")).to_contain_text(ACTION)
    axe(leader_page)

    submit = leader_page.get_by_role("button", name=named("Submit to the steering group"))
    submit.click()
    expect(submit).to_have_count(0)
    latest.refresh_from_db()
    assert latest.submitted_by == draft["leader"]
    [message] = mail.outbox
    assert message.to == [member.email]
    link = re.search(r"https?://\S+/strategy/versions/\d+/", message.body).group(0)
    assert link.endswith(f"/strategy/versions/{latest.pk}/")

    log_in(member_page, member)
    member_page.goto(link)
    expect(member_page.get_by_role("heading", level=1)).to_contain_text(STRATEGY)
    axe(member_page)
    comment_form = member_page.locator("#comment-form")
    comment_form.get_by_label(gettext("Section")).select_option(f"focus-{area.pk}")
    comment_form.get_by_label(gettext("Comment")).fill(COMMENT)
    comment_form.get_by_role("button", name=named("Add comment")).click()
    expect(member_page.locator(f"#focus-{area.pk}")).to_contain_text(COMMENT)
    comment = StrategyComment.objects.get()
    assert (comment.section, comment.author, comment.version) == (
        f"focus-{area.pk}",
        member,
        latest,
    )

    verdict_form = member_page.locator("#verdict-form")
    verdict_form.get_by_role("radio", name=named("Approved")).check()
    verdict_form.get_by_role("button", name=named("Save verdict")).click()
    expect(member_page.locator("#verdicts table")).to_contain_text(gettext("Approved"))
    verdict = StrategyVerdict.objects.get()
    assert (verdict.member, verdict.verdict) == (member, StrategyVerdict.Verdict.APPROVED)
    axe(member_page)
    return latest


def test_an_action_answering_feedback_goes_from_draft_to_the_public_page(
    page, new_context, draft, axe
):
    strategy, leader = draft["strategy"], draft["leader"]
    consultant = make_user("konsulent", User.Role.CONSULTANT)
    member = make_user("styregruppe", User.Role.STEERING_GROUP)

    # A consultant drafts the action, answering the feedback.
    consultant_page = new_context().new_page()
    log_in(consultant_page, consultant)
    action = draft_the_action(consultant_page, draft, axe)

    # The project leader submits the latest version; the member comments and approves.
    log_in(page, leader)
    version = review(page, new_context().new_page(), draft, member, axe)

    # The project leader sees the approval on the version page and on the dashboard.
    page.reload()
    approved = str(StrategyVersion.ReviewState.APPROVED.label)
    expect(page.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text(approved)
    expect(page.locator(f"#focus-{draft['area'].pk}")).to_contain_text(COMMENT)
    page.goto("/")
    panel = page.get_by_role("region", name=gettext("Strategy: the steering group's review"))
    expect(panel).to_contain_text(approved)
    axe(page)

    # ... and records the city council's adoption; the feedback giver is told.
    mail.outbox.clear()
    page.goto(f"/strategy/{strategy.pk}/decision/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        gettext("The city council's decision")
    )
    axe(page)
    page.get_by_role("radio", name=named("Adopted")).check()
    page.get_by_role("main").get_by_role("button", name=named("Record the decision")).click()
    decision_section = page.get_by_role("region", name=gettext("The decision"))
    expect(decision_section).to_contain_text(str(CouncilDecision.Outcome.ADOPTED.label))
    decision = CouncilDecision.objects.get()
    assert (decision.version, decision.outcome, decision.decided_on) == (
        version,
        CouncilDecision.Outcome.ADOPTED,
        timezone.localdate(),
    )
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.ADOPTED
    [notice] = mail.outbox
    assert notice.to == [draft["contact"].email]
    assert ACTION in notice.body
    axe(page)

    # A consultant posts progress: under way, 40 %, the indicator's value, an internal note.
    consultant_page.goto(f"/strategy/actions/{action.pk}/progress/")
    expect(consultant_page.get_by_role("heading", level=1)).to_contain_text(ACTION)
    axe(consultant_page)
    field(consultant_page, "state").select_option(Action.State.UNDER_WAY.value)
    field(consultant_page, "percent_done").fill("40")
    field(consultant_page, "indicator_value").fill("12")
    field(consultant_page, "note").fill(NOTE)
    consultant_page.get_by_role("button", name=named("Save the update")).click()
    history = consultant_page.get_by_role("region", name=gettext("Progress over time"))
    expect(history).to_contain_text(NOTE)
    update = ProgressUpdate.objects.get()
    assert (update.state, update.percent_done, update.indicator_value, update.by) == (
        Action.State.UNDER_WAY,
        40,
        Decimal("12.00"),
        consultant,
    )
    assert update.note == NOTE
    action.refresh_from_db()
    assert action.state == Action.State.UNDER_WAY
    axe(consultant_page)

    # Anyone, logged out, follows the plan on the public page: 40 %, and no internal note.
    public = new_context().new_page()
    public.goto("/strategy/plan/")
    expect(public.get_by_role("heading", level=1)).to_have_text(STRATEGY)
    card = public.get_by_role("article", name=ACTION)
    expect(card).to_contain_text("40 %")
    expect(card).to_contain_text(str(Action.State.UNDER_WAY.label))
    expect(card.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40")
    assert NOTE not in public.content()
    axe(public)

    card.get_by_role("link", name=ACTION).click()
    expect(public).to_have_url(re.compile(rf"/strategy/plan/actions/{action.pk}/$"))
    history = public.get_by_role("region", name=gettext("Progress over time"))
    [row] = history.locator("tbody tr").all()
    expect(row).to_contain_text(str(Action.State.UNDER_WAY.label))
    expect(row).to_contain_text("40 %")
    expect(row).to_contain_text("12")
    assert NOTE not in public.content()
    axe(public)
