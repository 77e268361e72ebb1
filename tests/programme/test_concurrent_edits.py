"""Two people save the same record of the programme: the second is told, loses nothing
typed, and can save on purpose (issue 10, item 4). Each test failed on the old code."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import SteeringGroupMember, User
from portal.programme.models import (
    Activity,
    AgendaItem,
    Decision,
    FollowUpTask,
    Phase,
    SteeringMeeting,
    TimeEntry,
)
from tests.concurrency import logged_in, race
from tests.conftest import make_user
from tests.factories.portal import SteeringGroupMemberFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_leader(db):
    return make_user("leder2", User.Role.PROJECT_LEADER)


def field_of(model, pk, name):
    return lambda: getattr(model.objects.get(pk=pk), name)


@pytest.fixture
def activity(leader):
    today = timezone.localdate()
    phase = Phase.objects.create(
        number=1,
        name="Kortlægning",
        starts_on=today - timezone.timedelta(days=30),
        ends_on=today + timezone.timedelta(days=60),
        contracted=True,
    )
    return Activity.objects.create(
        phase=phase,
        position=1,
        name="Interview",
        estimated_hours=Decimal("40"),
        planned_start=phase.starts_on,
        planned_end=phase.ends_on,
        responsible=leader,
    )


def test_a_steering_group_meeting(leader, second_leader):
    meeting = SteeringMeetingFactory(created_by=leader)
    race(
        reverse("programme:meeting-edit", args=[meeting.pk]),
        logged_in(leader),
        logged_in(second_leader),
        "place",
        "Haderslev Rådhus, mødelokale 2",
        "Vojens Bibliotek",
        stored=field_of(SteeringMeeting, meeting.pk, "place"),
    )


def test_an_agenda_item(leader, second_leader):
    meeting = SteeringMeetingFactory(created_by=leader)
    item = AgendaItemFactory(meeting=meeting, title="Delrapporten")
    race(
        reverse("programme:agenda-item-edit", args=[meeting.pk, item.pk]),
        logged_in(leader),
        logged_in(second_leader),
        "description",
        "Til godkendelse.",
        "Til orientering.",
        stored=field_of(AgendaItem, item.pk, "description"),
    )


def test_a_decision(leader, second_leader):
    decision = Decision.objects.create(
        meeting=SteeringMeetingFactory(created_by=leader), text="Budgettet godkendes."
    )
    race(
        reverse("programme:decision-edit", args=[decision.pk]),
        logged_in(leader),
        logged_in(second_leader),
        "text",
        "Budgettet godkendes med en ændring.",
        "Budgettet udsættes.",
        stored=field_of(Decision, decision.pk, "text"),
    )


def test_a_follow_up_task(leader, second_leader, consultant):
    meeting = SteeringMeetingFactory(created_by=leader)
    decision = Decision.objects.create(meeting=meeting, text="Budgettet godkendes.")
    task = FollowUpTask.objects.create(
        decision=decision,
        title="Sende budgettet",
        owner=consultant,
        due_on=timezone.localdate(meeting.starts_at) + timezone.timedelta(days=14),
    )
    race(
        reverse("programme:task-edit", args=[task.pk]),
        logged_in(leader),
        logged_in(second_leader),
        "title",
        "Sende budgettet til kommunen",
        "Sende budgettet til styregruppen",
        stored=field_of(FollowUpTask, task.pk, "title"),
    )


def test_a_steering_group_member(leader, second_leader):
    member = SteeringGroupMemberFactory()
    race(
        reverse("programme:member-edit", args=[member.pk]),
        logged_in(leader),
        logged_in(second_leader),
        "organisation",
        "Haderslev Kommune, Beskæftigelse",
        "Haderslev Kommune, Erhverv",
        stored=field_of(SteeringGroupMember, member.pk, "organisation"),
    )


def test_a_phase(leader, second_leader, activity):
    phase = activity.phase
    race(
        reverse("programme:phase-edit", args=[phase.pk]),
        logged_in(leader),
        logged_in(second_leader),
        "name",
        "Kortlægning og analyse",
        "Kortlægning af området",
        stored=field_of(Phase, phase.pk, "name"),
        extra={"reason": ["Aftalt med styregruppen"]},
    )


def test_an_activity(leader, second_leader, activity):
    race(
        reverse("programme:activity-edit", args=[activity.pk]),
        logged_in(leader),
        logged_in(second_leader),
        "name",
        "Interview med virksomheder",
        "Interview med foreninger",
        stored=field_of(Activity, activity.pk, "name"),
        extra={"reason": ["Aftalt med styregruppen"]},
    )


def test_a_time_entry_in_two_tabs(consultant, activity):
    entry = TimeEntry.objects.create(
        user=consultant,
        activity=activity,
        date=timezone.localdate(),
        hours=Decimal("2"),
        hourly_rate=0,
    )
    race(
        reverse("programme:time-edit", args=[entry.pk]),
        logged_in(consultant),
        logged_in(consultant),
        "note",
        "Interview i Vojens",
        "Interview i Gram",
        stored=field_of(TimeEntry, entry.pk, "note"),
    )
