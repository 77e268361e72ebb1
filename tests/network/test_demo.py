"""The network's demo data: what the issue asks the demo to show, loaded twice without
doubling anything."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from mapping.models import Feedback
from network.models import Department, Event, Mailing, Membership, SignUp, Theme

pytestmark = pytest.mark.django_db

State = SignUp.State


def _counts():
    return (
        Membership.objects.count(),
        Theme.objects.count(),
        Event.objects.count(),
        SignUp.objects.count(),
        Mailing.objects.count(),
        Feedback.objects.exclude(source="").count(),
    )


def test_the_network_demo_shows_each_part_of_the_issue_and_is_idempotent(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    # The background jobs (offers, the mailing) run at the commit, as in `make run`.
    with open("/dev/null", "w") as quiet, django_capture_on_commit_callbacks(execute=True):
        call_command("demo_data", stdout=quiet)
        first = _counts()
        call_command("demo_data", stdout=quiet)
    assert _counts() == first

    assert Membership.objects.filter(status=Membership.Status.ACTIVE).count() == 10
    assert Membership.objects.filter(status=Membership.Status.APPLIED).count() == 1
    assert Theme.objects.count() == 2
    assert Event.objects.count() == 6
    now = timezone.now()
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert kinds == set(Event.Kind.values)
    assert Event.objects.filter(state=Event.State.CANCELLED).count() == 1

    # A full network meeting with a waiting list and an open offer.
    full = Event.objects.get(capacity=8)
    held = full.signups.filter(state__in=SignUp.HOLDS_PLACE).count()
    assert held == full.capacity
    assert full.signups.filter(state=State.WAITING).exists()
    offer = full.signups.get(state=State.OFFERED)
    assert offer.offer_expires_at > now

    # The training reached three departments, with attendance and a no-show.
    training = Event.objects.get(kind=Event.Kind.TRAINING)
    attended = training.signups.filter(state=State.ATTENDED)
    assert Department.objects.filter(signups__in=attended).distinct().count() == 3
    assert training.signups.filter(state=State.CONFIRMED).exists()
    assert training.ends_at < now

    # A past event whose evaluations are feedback in the mapping, by theme.
    past = Event.objects.get(kind=Event.Kind.DIALOGUE)
    assert past.ends_at < now and past.outcome
    heard = Feedback.objects.exclude(source="")
    assert {entry.theme for entry in heard} >= {Feedback.Theme.NEEDS, Feedback.Theme.IDEAS}

    # One sent mailing.
    mailing = Mailing.objects.get()
    assert mailing.state == Mailing.State.SENT
    assert mailing.recipients.exists()
