"""Registered time for a period: the entries and their totals per person and activity, for
the monthly statement the invoices are checked against.

Scoped by who asks: the project leader reads everyone's time (or one person's), a consultant
only their own, whatever person they ask for.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from portal.access import get_for_user
from portal.programme.models import TimeEntry
from portal.programme.models.plan import with_vat

ZERO = Decimal("0")


def time_entries(*, user, starts_on, ends_on, person=None, activity=None):
    """The entries from `starts_on` to `ends_on` (both included) that `user` may read, by
    date, person and activity."""
    entries = TimeEntry.objects.select_related("activity__phase", "user").filter(
        date__gte=starts_on, date__lte=ends_on
    )
    if not user.is_project_leader:
        person = user
    if person is not None:
        entries = entries.filter(user=person)
    if activity is not None:
        entries = entries.filter(activity=activity)
    return entries.order_by("date", "user__first_name", "user__last_name", "user__pk", "pk")


@dataclass
class TotalRow:
    """Hours and kroner of one person on one activity, of one person, or of everyone."""

    person: object
    activity: object = None
    hours: Decimal = ZERO
    cost: Decimal = ZERO
    kind: str = "activity"


@dataclass
class Totals:
    rows: list = field(default_factory=list)
    hours: Decimal = ZERO
    cost: Decimal = ZERO

    @property
    def cost_with_vat(self):
        return with_vat(self.cost)


def _person_key(user):
    return (user.get_full_name() or user.username, user.pk)


def time_totals(entries):
    """Per person, a row per activity (in the plan's order) and the person's total; then the
    totals of all. Every sum is the sum of the entries' own costs (hours × their rate)."""
    by_person = {}
    for entry in entries:
        activities = by_person.setdefault(entry.user, {})
        row = activities.setdefault(entry.activity, TotalRow(entry.user, entry.activity))
        row.hours += entry.hours
        row.cost += entry.cost
    totals = Totals()
    for person in sorted(by_person, key=_person_key):
        activities = by_person[person]
        order = sorted(activities, key=lambda a: (a.phase.number, a.position, a.pk))
        rows = [activities[activity] for activity in order]
        person_total = TotalRow(
            person,
            hours=sum((row.hours for row in rows), ZERO),
            cost=sum((row.cost for row in rows), ZERO),
            kind="person",
        )
        totals.rows.extend([*rows, person_total])
        totals.hours += person_total.hours
        totals.cost += person_total.cost
    return totals


def entries_visible(*, user):
    """The time entries `user` may know of: the project leader's every one, other staff
    their own, nobody else any."""
    if user.is_project_leader:
        return TimeEntry.objects.all()
    if user.is_programme_staff:
        return TimeEntry.objects.filter(user=user)
    return TimeEntry.objects.none()


def time_entry_get_for_user(*, user, pk, for_change=False):
    """A time entry `user` may know of (404 for others); only its owner changes it (403 for
    the project leader on someone else's)."""
    return get_for_user(
        entries_visible(user=user).select_related("activity__phase", "user"),
        pk=pk,
        for_change=for_change,
        may_change=lambda entry: entry.user_id == user.pk,
    )
