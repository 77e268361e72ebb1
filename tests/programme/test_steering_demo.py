"""The steering group's demo data: believable, complete and loaded twice without duplicates."""

import io

import pytest
from django.utils import timezone

from portal.models import SteeringGroupMember
from portal.programme import demo_steering
from portal.programme.models import AgendaItem, Decision, FollowUpTask, SteeringMeeting
from tests.factories.mapping import ReportVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(leader, consultant, steering):
    return {"project_leader": leader, "consultant": consultant, "steering_group": steering}


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (SteeringGroupMember, SteeringMeeting, AgendaItem, Decision, FollowUpTask)
    }


def test_it_loads_twice_without_duplicates(users):
    demo_steering.load(users=users, stdout=io.StringIO())
    first = counts()
    demo_steering.load(users=users, stdout=io.StringIO())
    assert counts() == first
    assert first["SteeringGroupMember"] == 5
    assert first["SteeringMeeting"] == 3


def test_the_steering_group_user_is_a_member_and_others_have_no_account(users, steering):
    demo_steering.load(users=users, stdout=io.StringIO())
    linked = SteeringGroupMember.objects.exclude(user=None)
    assert [m.user for m in linked] == [steering]
    assert SteeringGroupMember.objects.filter(user=None).count() == 4
    assert SteeringGroupMember.objects.filter(group_role="chair").count() == 1


def test_there_are_past_and_upcoming_meetings_with_tasks_in_every_state(users):
    demo_steering.load(users=users, stdout=io.StringIO())
    now = timezone.now()
    past = SteeringMeeting.objects.filter(ends_at__lt=now)
    assert past.count() == 2
    assert all(m.minutes and m.agenda_items.exists() and m.decisions.exists() for m in past)
    today = timezone.localdate()
    states = sorted(task.state(today) for task in FollowUpTask.objects.all())
    assert states == ["done", "open", "overdue"]
    upcoming = SteeringMeeting.objects.get(starts_at__gt=now)
    assert upcoming.agenda_items.filter(points_at_budget=True).exists()


@pytest.mark.usefixtures("report_subjects")
def test_the_upcoming_agenda_points_at_the_newest_report_version(users, leader):
    ReportVersionFactory(number=1, frozen_by=leader)
    newest = ReportVersionFactory(number=2, frozen_by=leader)
    demo_steering.load(users=users, stdout=io.StringIO())
    upcoming = SteeringMeeting.objects.get(starts_at__gt=timezone.now())
    assert [item.subject for item in upcoming.agenda_items.exclude(subject_id=None)] == [newest]


@pytest.mark.usefixtures("report_subjects")
def test_a_report_frozen_after_the_first_load_is_pointed_at_on_the_next(users, leader):
    demo_steering.load(users=users, stdout=io.StringIO())
    assert not AgendaItem.objects.exclude(subject_id=None).exists()
    version = ReportVersionFactory(number=1, frozen_by=leader)
    demo_steering.load(users=users, stdout=io.StringIO())
    assert AgendaItem.objects.get(subject_id__isnull=False).subject == version
