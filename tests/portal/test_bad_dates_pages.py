"""Dates no one means (year 1 and year 9999) that are already in the database, written past
the models' validation with .update(): every page, calendar file, PDF and export that shows
them still answers, for each role that may see it (issue 10, item 3)."""

import datetime as dt
import io

import icalendar
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from mapping.models import Meeting
from portal.programme.models import (
    Activity,
    Decision,
    FollowUpTask,
    Phase,
    SteeringMeeting,
    TimeEntry,
)
from portal.timeline import CHART_LEFT, CHART_RIGHT
from strategy.models import Action, ProgressUpdate, Strategy
from tests.factories.mapping import MeetingFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory, build_offer_plan
from tests.factories.strategy import build_drafted_plan

pytestmark = pytest.mark.django_db

UTC = dt.UTC
FIRST_DAY, LAST_DAY = dt.date.min, dt.date.max
# The outermost times a database row can hold and Python can still show in Danish time.
FIRST_TIME = dt.datetime(1, 1, 1, 0, 0, tzinfo=UTC)
LAST_TIME = dt.datetime(9999, 12, 31, 21, 0, tzinfo=UTC)
BAD_TIMES = {
    "year 1": (FIRST_TIME, FIRST_TIME + dt.timedelta(hours=2)),
    "year 9999": (LAST_TIME, LAST_TIME + dt.timedelta(minutes=119)),
}


@pytest.fixture
def bad(leader, consultant, steering):
    """One of each dated thing at year 1 and at year 9999, saved as a bulk update would."""
    rows = {"mapping": {}, "steering": {}}
    for name, (starts, ends) in BAD_TIMES.items():
        meeting = MeetingFactory(organiser=consultant, title=f"Møde {name}")
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts, ends_at=ends)
        rows["mapping"][name] = meeting
        steering_meeting = SteeringMeetingFactory(created_by=leader, place=f"Rådhuset {name}")
        AgendaItemFactory(meeting=steering_meeting, title="Velkomst")
        SteeringMeeting.objects.filter(pk=steering_meeting.pk).update(
            starts_at=starts, ends_at=ends, agenda_sent_at=starts
        )
        rows["steering"][name] = steering_meeting
        decision = Decision.objects.create(
            meeting=steering_meeting, text=f"Beslutning {name}", recorded_by=leader
        )
        FollowUpTask.objects.create(
            decision=decision, title=f"Opgave {name}", owner=consultant, due_on=dt.date(2026, 1, 1)
        )
    FollowUpTask.objects.filter(title="Opgave year 1").update(due_on=FIRST_DAY)
    FollowUpTask.objects.filter(title="Opgave year 9999").update(due_on=LAST_DAY)

    programme = build_offer_plan(leader)
    Phase.objects.filter(pk=programme["phase1"].pk).update(starts_on=FIRST_DAY)
    Phase.objects.filter(pk=programme["phase2"].pk).update(ends_on=LAST_DAY)
    Activity.objects.filter(pk=programme["Kortlægning"].pk).update(
        planned_start=FIRST_DAY, planned_end=LAST_DAY
    )
    entry = TimeEntry.objects.create(
        user=consultant,
        activity=programme["Kortlægning"],
        date=dt.date(2026, 1, 5),
        hours=4,
    )
    TimeEntry.objects.filter(pk=entry.pk).update(date=FIRST_DAY)

    strategy_plan = build_drafted_plan(by=leader, state=Strategy.State.ADOPTED)
    first, second, _third = strategy_plan.actions
    Action.objects.filter(pk=first.pk).update(starts_on=FIRST_DAY, ends_on=FIRST_DAY)
    Action.objects.filter(pk=second.pk).update(starts_on=FIRST_DAY, ends_on=LAST_DAY)
    Strategy.objects.filter(pk=strategy_plan.strategy.pk).update(
        starts_on=FIRST_DAY, ends_on=LAST_DAY
    )
    ProgressUpdate.objects.create(
        action=second,
        date=dt.date(2026, 2, 1),
        state=Action.State.UNDER_WAY,
        percent_done=10,
        by=leader,
    )
    ProgressUpdate.objects.filter(action=second).update(date=LAST_DAY)
    rows["strategy"] = strategy_plan.strategy
    return rows


def get(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, (user.username, url, params)
    return response


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("role", ["leader", "consultant"])
def test_the_mapping_meeting_list_and_its_exports_answer(client, bad, role, request):
    user = request.getfixturevalue(role)
    url = reverse("mapping:meeting-list")
    assert "Møde year 9999" in get(client, user, url).content.decode()
    csv = get(client, user, url, export="csv").content.decode("utf-8-sig")
    assert "Møde year 9999" in csv
    # The year written with its four digits (strftime wrote year 1 as "1-01-01").
    assert ";0001-01-01 00:50;" in csv.replace("\r\n", "\n")
    sheet = load_workbook(io.BytesIO(get(client, user, url, export="xlsx").content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    # Excel has no day before 1900: year 1 is written as text, year 9999 as a date.
    assert rows["Møde year 1"][2] == "01.01.0001 00:50"
    assert rows["Møde year 9999"][2] == dt.datetime(9999, 12, 31, 22, 0)  # noqa: DTZ001


@pytest.mark.parametrize("name", list(BAD_TIMES))
def test_a_mapping_meeting_page_and_its_calendar_file_answer(client, bad, consultant, name):
    meeting = bad["mapping"][name]
    get(client, consultant, reverse("mapping:meeting-detail", args=[meeting.pk]))
    response = get(client, consultant, reverse("mapping:meeting-ics", args=[meeting.pk]))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event["DTEND"].dt > event["DTSTART"].dt


@pytest.mark.parametrize("role", ["leader", "consultant", "steering"])
def test_the_programme_pages_answer(client, bad, role, request):
    user = request.getfixturevalue(role)
    home = get(client, user, reverse("programme:home"))
    drawn = home.context["timeline"]
    # The plan's own dates decide the axis; year 1 and 9999 are drawn at its edges.
    assert drawn.starts.year >= 2000 and drawn.ends.year <= 2101
    assert len(drawn.ticks) <= 13
    for row in drawn.rows:
        assert CHART_LEFT <= row.x <= row.x + row.width <= CHART_RIGHT or row.markers
    page = get(client, user, reverse("programme:meeting-list")).content.decode()
    assert "Rådhuset year 1" in page
    assert "Rådhuset year 9999" in page
    get(client, user, reverse("programme:task-list"))
    get(client, user, reverse("programme:decision-list"))
    get(client, user, reverse("home"))


@pytest.mark.parametrize("role", ["leader", "consultant", "steering"])
@pytest.mark.parametrize("name", list(BAD_TIMES))
def test_a_steering_meeting_page_calendar_and_pdf_answer(client, bad, role, name, request):
    user = request.getfixturevalue(role)
    meeting = bad["steering"][name]
    get(client, user, reverse("programme:meeting-detail", args=[meeting.pk]))
    ics = get(client, user, reverse("programme:meeting-ics", args=[meeting.pk]))
    (event,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert event["DTEND"].dt > event["DTSTART"].dt
    pdf = get(client, user, reverse("programme:meeting-agenda-pdf", args=[meeting.pk]))
    assert "Velkomst" in pdf_text(pdf.content)


@pytest.mark.parametrize("role", ["leader", "consultant"])
def test_the_budget_and_its_exports_answer(client, bad, role, request):
    user = request.getfixturevalue(role)
    get(client, user, reverse("programme:budget"))
    get(client, user, reverse("programme:budget"), format="xlsx")
    get(client, user, reverse("programme:budget-pdf"))
    get(client, user, reverse("programme:time-list"))


@pytest.mark.parametrize("role", ["leader", "consultant", "steering"])
def test_the_strategy_timeline_and_overview_answer(client, bad, role, request):
    user = request.getfixturevalue(role)
    strategy = bad["strategy"]
    page = get(client, user, reverse("strategy:plan-timeline", args=[strategy.pk]))
    drawn = page.context["timeline"]
    assert drawn.starts.year >= 2000 and drawn.ends.year <= 2100
    assert len(drawn.ticks) <= 13
    bars = [row for row in drawn.rows if row.has_bar]
    assert len(bars) == 3
    for row in bars:
        assert drawn.chart_left <= row.x <= row.x + row.width <= drawn.chart_right
    # The table beside the drawing gives the dates as they are.
    assert "01.01.0001" in page.content.decode() and "31.12.9999" in page.content.decode()
    get(client, user, reverse("strategy:plan-overview", args=[strategy.pk]))


@pytest.mark.parametrize("role", ["leader", "consultant"])
def test_the_strategy_exports_answer(client, bad, role, request):
    user = request.getfixturevalue(role)
    url = reverse("strategy:plan-export", args=[bad["strategy"].pk])
    get(client, user, url, format="xlsx")
    get(client, user, url, format="pdf")


def test_the_interim_report_preview_answers(client, bad, leader):
    get(client, leader, reverse("mapping:report-preview"))
    get(client, leader, reverse("mapping:report-preview-pdf"))
