"""Reads of the programme plan: the phases with their activities and computed totals, one
phase or activity, and the plan's change history with what changed, field by field."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from portal import formatting
from portal.access import get_for_user
from portal.history import history_entries
from portal.programme.models import Activity, Phase, SteeringMeeting
from portal.programme.models.plan import with_vat
from portal.programme.selectors import leader_changes, readers_only

ZERO = Decimal("0")

# The fields of the plan whose changes the history shows, in the order a person reads them.
PHASE_FIELDS = ["number", "name", "description", "starts_on", "ends_on", "contracted"]
ACTIVITY_FIELDS = [
    "phase",
    "position",
    "name",
    "description",
    "estimated_hours",
    "hourly_rate",
    "planned_start",
    "planned_end",
    "responsible",
]


@dataclass(frozen=True)
class Totals:
    """Estimated hours and kroner (excl. VAT) summed from activities; never stored."""

    hours: Decimal = ZERO
    cost: Decimal = ZERO

    @property
    def cost_with_vat(self):
        return with_vat(self.cost)


def totals_of(activities):
    activities = list(activities)
    return Totals(
        hours=sum((activity.estimated_hours for activity in activities), ZERO),
        cost=sum((activity.cost for activity in activities), ZERO),
    )


def hours_text(value):
    """Hours as a person reads them: 30 -> '30', 7.5 -> '7,5'."""
    if value is None:
        return ""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return formatting.number(value)


# How the history writes the plan's kroner and hours.
PLAN_FORMATS = {"hourly_rate": formatting.money, "estimated_hours": hours_text}


def _activities():
    return Activity.objects.select_related("responsible").order_by("position", "pk")


def plan_overview():
    """Every phase with its activities (`phase.activity_list`) and totals (`phase.totals`),
    and the programme's totals, in two queries."""
    phases = list(
        Phase.objects.prefetch_related(
            Prefetch("activities", queryset=_activities(), to_attr="activity_list")
        )
    )
    for phase in phases:
        phase.totals = totals_of(phase.activity_list)
    everything = [activity for phase in phases for activity in phase.activity_list]
    return {"phases": phases, "totals": totals_of(everything)}


def phase_get_for_user(*, user, pk, for_change=False):
    """A phase of the plan: the staff and the steering group read it, the project leader
    changes it (403 for the other readers); 404 for anyone else."""
    return get_for_user(
        readers_only(Phase.objects.all(), user=user),
        pk=pk,
        for_change=for_change,
        may_change=leader_changes(user),
    )


def activity_get_for_user(*, user, pk, for_change=False):
    """An activity of the plan, with its phase; the same rule as the phase's."""
    queryset = Activity.objects.select_related("phase", "responsible")
    return get_for_user(
        readers_only(queryset, user=user),
        pk=pk,
        for_change=for_change,
        may_change=leader_changes(user),
    )


def steering_meetings():
    """The steering group's meetings, oldest first, for the plan's timeline."""
    return list(SteeringMeeting.objects.order_by("starts_at", "pk"))


# --- The change history -----------------------------------------------------------------


def _history(model, queryset, names):
    """Every step of the records in `queryset`, with the first version's values listed and
    a link to each row that still exists."""
    records = list(queryset.select_related("history_user"))
    alive = set(model.objects.filter(pk__in={r.id for r in records}).values_list("pk", flat=True))
    return history_entries(
        records,
        fields=names,
        formats=PLAN_FORMATS,
        initial=True,
        describe=(lambda r: r.name) if model is Activity else (lambda r: str(r.instance)),
        url=lambda r: r.instance.get_absolute_url() if r.id in alive else "",
    )


def plan_changes():
    """Every change to the plan, newest first: who, when, why, and what changed (old → new)."""
    entries = _history(Phase, Phase.history.all(), PHASE_FIELDS) + _history(
        Activity, Activity.history.all(), ACTIVITY_FIELDS
    )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def activity_history(*, activity):
    return _history(Activity, Activity.history.filter(id=activity.pk), ACTIVITY_FIELDS)


def phase_history(*, phase):
    return _history(Phase, Phase.history.filter(id=phase.pk), PHASE_FIELDS)
