"""The programme in the browser: a consultant registers time on an activity of a contracted
phase and sees its consumption change on the activity and budget pages (up to the 90 %
warning); the project leader creates a steering group meeting, puts an interim-report
version on its agenda, records a decision with a follow-up task and finds the task open on
the dashboard. axe-core scans the budget page, the time form, the meeting page and the
forms on the way."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from portal.models import User
from portal.programme.models import (
    Activity,
    AgendaItem,
    Decision,
    FollowUpTask,
    Phase,
    SteeringMeeting,
    TimeEntry,
)
from portal.programme.selectors.budget import Level, level_text
from tests.browser.helpers import field, log_in
from tests.conftest import make_user
from tests.factories.mapping import ReportVersionFactory

pytestmark = pytest.mark.browser

ACTIVITY = "Dialogmøder med aktørerne"
NOTE = "Dialogmøde i Vojens"
PLACE = "Rådhuset, mødelokale 2"
ITEM = "Delrapporten til drøftelse"
DECIDED = "Styregruppen tager delrapporten til efterretning; casene uddybes."
TASK = "Uddyb casene om de unge i delrapporten"


def named(text):
    """What the server renders for `text`: the Danish translation when there is one (the
    server runs in this process, so it uses the same catalogue)."""
    return re.compile(rf"^\s*{re.escape(gettext(text))}\s*$")


@pytest.fixture
def plan():
    """A contracted phase around today with one activity estimated at 40 hours, of which
    26 are used already (65 %), and a phase that is not contracted."""
    today = timezone.localdate()
    leader = make_user("leder", User.Role.PROJECT_LEADER)
    colleague = make_user("kollega", User.Role.CONSULTANT)
    phase = Phase.objects.create(
        number=1,
        name="Kortlægning og strategi",
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=100),
        contracted=True,
    )
    activity = Activity.objects.create(
        phase=phase,
        position=1,
        name=ACTIVITY,
        estimated_hours=Decimal("40"),
        planned_start=phase.starts_on,
        planned_end=phase.ends_on,
        responsible=leader,
    )
    for days_ago, hours in ((20, "16"), (10, "10")):
        TimeEntry.objects.create(
            user=colleague,
            activity=activity,
            date=today - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
        )
    later = Phase.objects.create(
        number=2,
        name="Implementering",
        starts_on=phase.ends_on + datetime.timedelta(days=1),
        ends_on=phase.ends_on + datetime.timedelta(days=400),
    )
    Activity.objects.create(
        phase=later,
        name="Handlingsplanen sættes i gang",
        estimated_hours=Decimal("100"),
        planned_start=later.starts_on,
        planned_end=later.ends_on,
        responsible=leader,
    )
    return {"leader": leader, "phase": phase, "activity": activity, "today": today}


def budget_row(page, activity):
    return page.locator(f"tr[data-activity='{activity.pk}']")


def test_the_consultant_registers_time_and_sees_the_activity_consumption_change(page, plan, axe):
    activity, today = plan["activity"], plan["today"]
    consultant = make_user("konsulent", User.Role.CONSULTANT)
    near = level_text(Level.NEAR)
    log_in(page, consultant)

    # Before: 26 of 40 hours (65 %), no warning.
    page.goto("/programme/budget/")
    row = budget_row(page, activity)
    expect(row).to_contain_text("26")
    expect(row).to_contain_text("65 %")
    expect(row).not_to_contain_text(near)
    axe(page)

    page.goto(f"/programme/activities/{activity.pk}/")
    expect(page.locator("[data-figure=used-hours]")).to_have_text("26")
    page.get_by_role("main").get_by_role("link", name=named("Register time")).click()

    # The time form, with the activity chosen already.
    expect(page).to_have_url(re.compile(rf"/programme/time/new/\?activity={activity.pk}$"))
    expect(field(page, "activity")).to_have_value(str(activity.pk))
    axe(page)
    day = today - datetime.timedelta(days=2)
    field(page, "date").fill(day.isoformat())
    field(page, "hours").fill("10")
    field(page, "note").fill(NOTE)
    page.get_by_role("main").get_by_role("button", name=named("Save")).click()
    expect(page).to_have_url(re.compile(r"/programme/time/$"))
    expect(page.get_by_role("main").get_by_role("table")).to_contain_text(NOTE)
    entry = TimeEntry.objects.get(user=consultant)
    assert (entry.activity, entry.date, entry.hours, entry.note) == (
        activity,
        day,
        Decimal("10.00"),
        NOTE,
    )

    # After: 36 of 40 hours (90 %), 36 × 825 kr. used, and the 90 % warning.
    page.goto(f"/programme/activities/{activity.pk}/")
    expect(page.locator("[data-figure=used-hours]")).to_have_text("36")
    expect(page.locator("[data-figure=used-cost]")).to_have_text(re.compile(r"29\.700,00\s*kr\."))
    expect(page.locator("[data-figure=remaining-hours]")).to_have_text("4")
    expect(page.get_by_role("main")).to_contain_text(near)
    axe(page)

    page.goto("/programme/budget/")
    row = budget_row(page, activity)
    expect(row).to_contain_text("36")
    expect(row).to_contain_text("90 %")
    expect(row).to_contain_text(near)
    warnings = page.get_by_role(
        "region",
        name=ngettext(
            "%(counter)s activity is near or past its estimate",
            "%(counter)s activities are near or past their estimate",
            1,
        )
        % {"counter": 1},
    )
    expect(warnings.get_by_role("link", name=ACTIVITY)).to_be_visible()
    axe(page)


def test_the_leader_holds_a_meeting_on_a_report_version_and_follows_up(
    page, new_context, plan, axe
):

    leader, today = plan["leader"], plan["today"]
    consultant = make_user("konsulent", User.Role.CONSULTANT)
    version = ReportVersionFactory(number=1, frozen_by=leader, submitted=True)
    meeting_day = today + datetime.timedelta(days=7)
    deadline = today + datetime.timedelta(days=30)
    log_in(page, leader)

    # A new meeting: when and where.
    page.goto("/programme/steering/meetings/new/")
    axe(page)
    field(page, "starts_at").fill(f"{meeting_day.isoformat()}T10:00")
    field(page, "ends_at").fill(f"{meeting_day.isoformat()}T12:00")
    field(page, "place").fill(PLACE)
    page.get_by_role("main").get_by_role("button", name=named("Save")).click()
    expect(page).to_have_url(re.compile(r"/programme/steering/meetings/\d+/$"))
    meeting = SteeringMeeting.objects.get()
    assert page.url.endswith(f"/programme/steering/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(str(meeting))
    starts = timezone.localtime(meeting.starts_at)
    assert (starts.date(), starts.strftime("%H:%M")) == (meeting_day, "10:00")
    assert meeting.place == PLACE

    # An agenda item pointing at the interim report's version.
    page.get_by_role("link", name=named("New agenda item")).click()
    axe(page)
    field(page, "title").fill(ITEM)
    field(page, "points_at").select_option(label=str(version))
    page.get_by_role("main").get_by_role("button", name=named("Save")).click()
    expect(page).to_have_url(re.compile(rf"/programme/steering/meetings/{meeting.pk}/$"))
    item = AgendaItem.objects.get()
    assert (item.meeting, item.position, item.title, item.subject) == (meeting, 1, ITEM, version)
    agenda = page.get_by_role("main").get_by_role("list").filter(has_text=ITEM)
    expect(agenda.get_by_role("link", name=str(version))).to_have_attribute(
        "href", version.get_absolute_url()
    )

    # A decision under the item, with a follow-up task for the consultant.
    page.get_by_role("link", name=named("Record a decision")).click()
    axe(page)
    field(page, "text").fill(DECIDED)
    field(page, "agenda_item").select_option(str(item.pk))
    field(page, "tasks-0-title").fill(TASK)
    field(page, "tasks-0-owner").select_option(str(consultant.pk))
    field(page, "tasks-0-due_on").fill(deadline.isoformat())
    page.get_by_role("main").get_by_role(
        "button", name=named("Save the decision and its tasks")
    ).click()
    expect(page).to_have_url(re.compile(rf"/programme/steering/meetings/{meeting.pk}/$"))
    decision = Decision.objects.get()
    assert (decision.meeting, decision.agenda_item, decision.text) == (meeting, item, DECIDED)
    task = FollowUpTask.objects.get()
    assert (task.decision, task.title, task.owner, task.due_on, task.done_at) == (
        decision,
        TASK,
        consultant,
        deadline,
        None,
    )
    open_label = str(FollowUpTask.State.OPEN.label)
    decision_card = page.get_by_role("article").filter(has_text=DECIDED)
    task_row = decision_card.get_by_role("row").filter(has_text=TASK)
    expect(task_row).to_contain_text(str(consultant))
    expect(task_row).to_contain_text(deadline.strftime("%d.%m.%Y"))
    expect(task_row).to_contain_text(open_label)
    axe(page)

    # The dashboard lists the task as open: everyone's for the leader; the owner has it among
    # their tasks from every app ("My tasks").
    page.goto("/")
    panel = page.get_by_role("region", name=gettext("Open follow-up tasks from the steering group"))
    expect(panel.get_by_role("listitem").filter(has_text=TASK)).to_contain_text(open_label)
    axe(page)

    owner_page = new_context().new_page()
    log_in(owner_page, consultant)
    owner_page.goto("/")
    panel = owner_page.get_by_role("region", name=gettext("My tasks"))
    expect(panel.get_by_role("listitem").filter(has_text=TASK)).to_contain_text(open_label)
