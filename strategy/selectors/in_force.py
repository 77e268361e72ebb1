"""Which adopted plan is in force, computed from the plans' periods and today's date.

Adoption only records that the city council adopted a plan. The plan in force is the
adopted plan whose period covers today; when two periods overlap, the one that started last.
A plan adopted for a period that starts later is "adopted, in force from <its start>" and
becomes the plan in force on that day without anyone doing anything: no stored flag is
flipped, so there is nothing to forget or to run twice. The plan it follows stays in force,
with its progress, until then.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from strategy.models import Strategy

State = Strategy.State

# What a strategy is today, beyond its stored state.
IN_FORCE, UPCOMING, ENDED, REPLACED = "in_force", "upcoming", "ended", "replaced"


def adopted_plans():
    return Strategy.objects.filter(state=State.ADOPTED)


def _covering(today):
    started = Q(starts_on__isnull=True) | Q(starts_on__lte=today)
    not_ended = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    return started & not_ended


def plan_in_force(today=None):
    """The adopted plan whose period covers `today` (the latest started on an overlap), or
    None."""
    today = today or timezone.localdate()
    return (
        adopted_plans()
        .filter(_covering(today))
        .order_by(F("starts_on").desc(nulls_last=True), "-pk")
        .first()
    )


def upcoming_plans(today=None):
    """Adopted plans whose period has not started yet, the soonest first."""
    today = today or timezone.localdate()
    return adopted_plans().filter(starts_on__gt=today).order_by("starts_on", "pk")


@dataclass(frozen=True)
class PlanStatus:
    code: str  # a Strategy.State value, or IN_FORCE, UPCOMING, ENDED, REPLACED
    label: str
    since: date | None = None  # the day it comes (or came) into force, or ended

    @property
    def in_force(self):
        return self.code == IN_FORCE

    @property
    def upcoming(self):
        return self.code == UPCOMING


def _day(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


_LOOK_UP = object()


def status_of(strategy, *, in_force=_LOOK_UP, today=None):
    """What `strategy` is today: a draft, being amended, rejected, or adopted and then in
    force, in force from a later date, ended, or replaced by a newer plan. `in_force` is the
    plan in force (looked up when not given, one query)."""
    today = today or timezone.localdate()
    if strategy.state == State.REPLACED:
        return PlanStatus(REPLACED, _("Adopted, replaced by a newer plan"))
    if strategy.state != State.ADOPTED:
        return PlanStatus(strategy.state, strategy.get_state_display())
    if in_force is _LOOK_UP:
        in_force = plan_in_force(today)
    if in_force is not None and in_force.pk == strategy.pk:
        return PlanStatus(IN_FORCE, _("Adopted, in force"), strategy.starts_on)
    if strategy.starts_on and strategy.starts_on > today:
        return PlanStatus(
            UPCOMING,
            _("Adopted, in force from %(date)s") % {"date": _day(strategy.starts_on)},
            strategy.starts_on,
        )
    if strategy.ends_on and strategy.ends_on < today:
        return PlanStatus(
            ENDED,
            _("Adopted, the period ended %(date)s") % {"date": _day(strategy.ends_on)},
            strategy.ends_on,
        )
    return PlanStatus(REPLACED, _("Adopted, replaced by a newer plan"))


def with_status(strategies, today=None):
    """`strategies` (a list) with `.status` set on each, in two queries at most."""
    today = today or timezone.localdate()
    in_force = plan_in_force(today)
    for strategy in strategies:
        strategy.status = status_of(strategy, in_force=in_force, today=today)
    return strategies


def is_in_force(strategy, today=None):
    if strategy.state != State.ADOPTED:
        return False
    found = plan_in_force(today)
    return found is not None and found.pk == strategy.pk
