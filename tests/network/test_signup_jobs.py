"""The scheduled upkeep of sign-ups: a reminder once, the evaluation once, forgetting the
participants after the stated period and sign-ups never confirmed; an evaluation's answers
appear in the mapping's feedback by theme."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mapping.models import Feedback, FeedbackTag
from mapping.selectors.meetings import feedback_by_theme
from network.models import Evaluation, SignUp
from network.services import evaluations, upkeep
from portal import jobs
from tests.network.signup_helpers import make_event, move_into_past, sign_up

pytestmark = pytest.mark.django_db
State = SignUp.State


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


@override_settings(NETWORK_REMINDER_HOURS=48)
def test_a_reminder_goes_out_once_to_those_with_a_place(consultant, run):
    soon = make_event(capacity=1, days=1)
    later = make_event(capacity=1, days=5)
    confirmed, waiting = sign_up(soon, 1, by=consultant), sign_up(soon, 2, by=consultant)
    sign_up(later, 3, by=consultant)
    mail.outbox.clear()
    assert run(upkeep.reminders_send) == 1
    assert run(upkeep.reminders_send) == 0
    [message] = mail.outbox
    assert message.to == [confirmed.email]
    assert confirmed.token in message.body
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.reminded_at is not None
    assert waiting.reminded_at is None


def test_the_evaluation_is_asked_for_once_after_the_event(consultant, run):
    event = make_event(capacity=1)
    participant, waiting = sign_up(event, 1, by=consultant), sign_up(event, 2, by=consultant)
    cancelled = sign_up(make_event(capacity=1), 3, by=consultant)
    cancelled.event.state = cancelled.event.State.CANCELLED
    cancelled.event.save()
    move_into_past(event, hours_ago=1)
    move_into_past(cancelled.event, hours_ago=5)
    mail.outbox.clear()
    assert run(upkeep.evaluations_send) == 0  # ended less than two hours ago
    move_into_past(event, hours_ago=3)
    assert run(upkeep.evaluations_send) == 1
    assert run(upkeep.evaluations_send) == 0
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert participant.token in message.body
    waiting.refresh_from_db()
    assert waiting.evaluation_sent_at is None


def test_events_long_past_are_not_evaluated(consultant, run):
    event = make_event(capacity=1)
    sign_up(event, 1, by=consultant)
    move_into_past(event, hours_ago=24 * 20)
    assert run(upkeep.evaluations_send) == 0


@override_settings(NETWORK_PARTICIPANT_RETENTION_DAYS=30, NETWORK_UNCONFIRMED_HOURS=72)
def test_participants_are_forgotten_after_the_retention_and_the_counts_stay(consultant, run):
    old = make_event(capacity=1)
    recent = make_event(capacity=1)
    sign_up(old, 1, by=consultant), sign_up(old, 2, by=consultant)
    kept = sign_up(recent, 3, by=consultant)
    move_into_past(old, hours_ago=24 * 31)
    move_into_past(recent, hours_ago=24 * 29)
    unconfirmed = make_event(capacity=5)
    from network.services import signups

    stale = signups.signup_create(event=unconfirmed, name="Ny Person", email="ny@example.dk")
    fresh = signups.signup_create(event=unconfirmed, name="Frisk Person", email="f@example.dk")
    SignUp.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=73)
    )
    assert upkeep.participants_forget() == (2, 1)
    rows = list(old.signups.order_by("pk").values_list("name", "email", "user", "state"))
    assert rows == [("", "", None, State.CONFIRMED), ("", "", None, State.WAITING)]
    assert old.signups.filter(erased_at__isnull=False).count() == 2
    kept.refresh_from_db()
    assert kept.email == "p3@example.dk"
    assert list(unconfirmed.signups.all()) == [fresh]
    assert upkeep.participants_forget() == (0, 0)


def test_an_evaluation_becomes_feedback_by_theme(consultant):
    theme = FeedbackTag.objects.create(name="Indkøb")
    event = make_event(capacity=1, title="Netværksmøde: Indkøb")
    event.themes.add(theme)
    signup = sign_up(event, 1, by=consultant)
    move_into_past(event, hours_ago=3)
    evaluation = evaluations.evaluation_submit(
        signup=signup, rating=5, needs="Mere samarbejde", ideas="", barriers="Regler"
    )
    heard = {row["theme"]: row for row in feedback_by_theme()}
    [needs] = heard["needs"]["entries"]
    [barriers] = heard["barriers"]["entries"]
    assert heard["ideas"]["count"] == 0
    assert needs.text == "Mere samarbejde"
    assert needs.source.startswith("Netværksmøde: Indkøb, ")
    assert needs.recorded_by is None
    assert list(needs.tags.all()) == [theme]
    assert set(evaluation.feedback.all()) == {needs, barriers}


def test_an_evaluation_is_taken_once(consultant):
    event = make_event(capacity=1)
    signup = sign_up(event, 1, by=consultant)
    with pytest.raises(Exception):  # noqa: B017,PT011 - before the event
        evaluations.evaluation_submit(signup=signup, rating=3)
    move_into_past(event, hours_ago=3)
    evaluations.evaluation_submit(signup=signup, rating=3, needs="Noget")
    with pytest.raises(Exception):  # noqa: B017,PT011
        evaluations.evaluation_submit(signup=signup, rating=4, needs="Andet")
    assert Evaluation.objects.count() == 1
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    "name", ["network.send_reminders", "network.send_evaluations", "network.forget_participants"]
)
def test_each_job_runs_as_a_recorded_job(name, django_capture_on_commit_callbacks):
    from portal.models import Job

    with django_capture_on_commit_callbacks(execute=True):
        jobs.start_job.apply(args=(name,))
    job = Job.objects.get(task=name)
    assert job.state == Job.State.SUCCEEDED, job.error


@pytest.mark.parametrize(
    "command", ["send_event_reminders", "send_event_evaluations", "forget_event_participants"]
)
def test_each_job_has_a_command(command, capsys):
    call_command(command)
    assert capsys.readouterr().out.strip()
