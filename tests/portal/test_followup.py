"""The follow-up task base (portal.followup): one rule of open, overdue and done for every
app's tasks, by the Danish calendar, and one "mark done / open again" service."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mapping.models import Task
from portal.followup.models import FollowUp
from portal.followup.selectors import followup_models
from portal.followup.services import followup_done, followup_reopen
from portal.models import User
from portal.programme.models import FollowUpTask
from tests.conftest import make_user
from tests.factories.mapping import TaskFactory
from tests.factories.programme import FollowUpTaskFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


# Each app's task, given its owner: the mapping's and the steering group's (of a decision).
MAKERS = {"mapping": TaskFactory, "steering": FollowUpTaskFactory}


def at(*args):
    """Pretend the clock shows this UTC time."""
    return mock.patch("django.utils.timezone.now", return_value=dt.datetime(*args, tzinfo=UTC))


def test_both_apps_task_models_are_found_in_the_app_registry():
    assert {Task, FollowUpTask} <= set(followup_models())
    assert all(issubclass(model, FollowUp) for model in followup_models())


@pytest.mark.parametrize("app", MAKERS)
def test_a_task_turns_overdue_at_midnight_in_copenhagen_not_in_utc(consultant, app):
    task = MAKERS[app](owner=consultant, due_on=dt.date(2026, 11, 27))
    # 23:30 UTC on the 27th is already 00:30 on the 28th in Copenhagen (UTC+1 in winter).
    with at(2026, 11, 27, 22, 59):
        assert task.state() == FollowUp.State.OPEN
        assert list(type(task).objects.overdue()) == []
    with at(2026, 11, 27, 23, 30):
        assert task.state() == FollowUp.State.OVERDUE
        assert list(type(task).objects.overdue()) == [task]
        assert str(task.get_state_display()) == str(FollowUp.State.OVERDUE.label)


@pytest.mark.parametrize("app", MAKERS)
def test_summer_time_moves_midnight_an_hour(consultant, app):
    task = MAKERS[app](owner=consultant, due_on=dt.date(2026, 6, 10))
    with at(2026, 6, 10, 21, 59):  # 23:59 in Copenhagen (UTC+2)
        assert task.state() == FollowUp.State.OPEN
    with at(2026, 6, 10, 22, 0):
        assert task.state() == FollowUp.State.OVERDUE


@pytest.mark.parametrize("app", MAKERS)
def test_the_queryset_splits_open_overdue_and_done(consultant, app):
    today = timezone.localdate()
    make = MAKERS[app]
    due = make(owner=consultant, due_on=today, title="i dag")
    late = make(owner=consultant, due_on=today - dt.timedelta(days=1), title="i går")
    done = make(owner=consultant, due_on=today - dt.timedelta(days=3), title="færdig")
    followup_done(task=done, by=consultant)
    model = type(due)
    assert set(model.objects.open()) == {due, late}
    assert list(model.objects.overdue(today)) == [late]
    assert list(model.objects.done()) == [done]


@pytest.mark.parametrize("app", MAKERS)
def test_marking_done_records_when_and_who_and_reopening_clears_both(consultant, leader, app):
    task = MAKERS[app](owner=consultant, due_on=timezone.localdate())
    with at(2026, 11, 27, 23, 30):
        followup_done(task=task, by=consultant)
    task.refresh_from_db()
    assert task.done_at == dt.datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    assert task.done_by == consultant
    assert task.state() == FollowUp.State.DONE
    followup_reopen(task=task, by=leader)
    task.refresh_from_db()
    assert (task.done_at, task.done_by) == (None, None)
    assert task.state() == FollowUp.State.OPEN


@pytest.mark.parametrize("app", MAKERS)
def test_marking_done_twice_keeps_the_first_time_and_person(consultant, leader, app):
    task = MAKERS[app](owner=consultant, due_on=timezone.localdate())
    followup_done(task=task, by=consultant)
    task.refresh_from_db()
    first = task.done_at
    followup_done(task=task, by=leader)
    task.refresh_from_db()
    assert (task.done_at, task.done_by) == (first, consultant)


@pytest.mark.parametrize("app", MAKERS)
def test_who_may_mark_a_task_done(consultant, leader, steering, alice, app):
    make = MAKERS[app]
    colleague = make_user("kollega", User.Role.CONSULTANT)
    mine = make(owner=consultant, due_on=timezone.localdate())
    assert mine.may_complete(consultant)
    assert mine.may_complete(leader)
    assert not mine.may_complete(colleague)
    assert not mine.may_complete(alice)
    # A steering group member may own a task, but the project leader marks it done.
    theirs = make(owner=steering, due_on=timezone.localdate())
    assert not theirs.may_complete(steering)
    for refused in (colleague, steering):
        with pytest.raises(PermissionDenied):
            followup_done(task=mine if refused is colleague else theirs, by=refused)
        with pytest.raises(PermissionDenied):
            followup_reopen(task=mine, by=refused)
    mine.refresh_from_db()
    assert mine.done_at is None


def test_a_steering_task_keeps_who_marked_it_done_in_its_history(consultant):
    task = FollowUpTaskFactory(owner=consultant, due_on=timezone.localdate())
    followup_done(task=task, by=consultant)
    newest = task.history.order_by("-history_date").first()
    assert newest.history_user == consultant
    assert newest.done_by_id == consultant.pk


def test_each_task_says_what_it_is_about_and_links_to_it(consultant):
    from tests.conftest import make_organisation

    organisation = make_organisation("Frivilligrådet")
    task = TaskFactory(owner=consultant, due_on=timezone.localdate(), organisation=organisation)
    assert (task.about(), task.get_absolute_url()) == (
        "Frivilligrådet",
        organisation.get_absolute_url(),
    )
    decision_task = FollowUpTaskFactory(owner=consultant, due_on=timezone.localdate())
    meeting = decision_task.decision.meeting
    assert str(meeting) in str(decision_task.about())
    assert decision_task.get_absolute_url() == (
        f"{meeting.get_absolute_url()}#decision-{decision_task.decision_id}"
    )
