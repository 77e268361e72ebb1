"""Events and sign-ups for the tests of the participant's side (sign-ups, their pages and
jobs)."""

import datetime

from django.utils import timezone

from network.models import Event, SignUp
from network.services import signups as services


def make_event(*, capacity=2, days=10, hours=2, **fields):
    """A published public event `days` from now (negative: in the past)."""
    starts = timezone.now() + datetime.timedelta(days=days)
    values = {
        "title": "Netværksmøde: Indkøb",
        "description": "Om indkøb hos socialøkonomiske virksomheder.",
        "kind": Event.Kind.NETWORK,
        "place": "Rådhuset, Haderslev",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=hours),
        "capacity": capacity,
        "state": Event.State.PUBLISHED,
        **fields,
    }
    return Event.objects.create(**values)


def sign_up(event, n, *, by, **extra):
    """Person number `n`, signed up by staff `by` (no e-mail to confirm)."""
    return services.signup_create(
        event=event, name=f"Person {n}", email=f"p{n}@example.dk", by=by, **extra
    )


def states(event):
    return {s.email: s.state for s in SignUp.objects.filter(event=event)}


def move_into_past(event, *, hours_ago):
    """Move `event` so that it ended `hours_ago` hours ago (past dates are kept by update())."""
    ends = timezone.now() - datetime.timedelta(hours=hours_ago)
    Event.objects.filter(pk=event.pk).update(
        starts_at=ends - datetime.timedelta(hours=2), ends_at=ends
    )
    event.refresh_from_db()
    return event
