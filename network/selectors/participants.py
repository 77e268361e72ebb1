"""Reads for the staff's participant pages of an event: who has a place, who has been offered
one, the waiting list in order, and the attendance checklist."""

from dataclasses import dataclass, field

from network.models import SignUp
from portal.access import get_for_user, staff_only
from portal.collation import danish_order

State = SignUp.State


def signup_get_for_user(*, user, pk, for_change=False):
    """A sign-up, with its event, for the programme's staff; 404 for everyone else (the
    person themselves reaches theirs through the secret link in their e-mails)."""
    return get_for_user(
        staff_only(SignUp.objects.select_related("event"), user), pk=pk, for_change=for_change
    )


@dataclass
class Participants:
    """An event's sign-ups, sorted by where they stand."""

    capacity: int
    confirmed: list = field(default_factory=list)
    offered: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    unconfirmed: list = field(default_factory=list)
    cancelled_count: int = 0
    expired_count: int = 0

    @property
    def attended(self):
        return [signup for signup in self.confirmed if signup.state == State.ATTENDED]

    @property
    def taken(self):
        """Places held: confirmed and attended participants and open offers."""
        return len(self.confirmed) + len(self.offered)

    @property
    def free(self):
        return max(0, self.capacity - self.taken)


def participants_of(*, event):
    """Every sign-up of `event`, sorted by state: one query, however many there are."""
    result = Participants(capacity=event.capacity)
    signups = (
        SignUp.objects.filter(event=event)
        .select_related("department", "department__parent")
        .order_by("created_at", "pk")
    )
    for signup in signups:
        if signup.state in (State.CONFIRMED, State.ATTENDED):
            result.confirmed.append(signup)
        elif signup.state == State.OFFERED:
            result.offered.append(signup)
        elif signup.state == State.WAITING:
            result.waiting.append(signup)
        elif signup.state == State.UNCONFIRMED:
            result.unconfirmed.append(signup)
        elif signup.state == State.CANCELLED:
            result.cancelled_count += 1
        elif signup.state == State.EXPIRED:
            result.expired_count += 1
    result.waiting.sort(key=lambda signup: (signup.position or 0, signup.pk))
    result.offered.sort(key=lambda signup: (signup.offer_expires_at, signup.pk))
    return result


def attendance_list(*, event):
    """The checklist: the event's confirmed participants (attended or not yet), by name;
    one query."""
    return list(
        SignUp.objects.filter(event=event, state__in=(State.CONFIRMED, State.ATTENDED))
        .select_related("department__parent")
        .order_by(danish_order("name"), "pk")
    )
