"""Reads of the programme plan: the phases with their activities and computed totals, one
phase or activity, and the plan's change history with what changed, field by field."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import formatting
from portal.programme.models import Activity, Phase, SteeringMeeting
from portal.programme.models.plan import with_vat
from portal.validators import day_text

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
MONEY_FIELDS = {"hourly_rate"}
HOURS_FIELDS = {"estimated_hours"}

KIND_LABELS = {
    "+": gettext_lazy("Added"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Removed"),
}


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


def phase_get(*, pk):
    return get_object_or_404(Phase, pk=pk)


def activity_get(*, pk):
    return get_object_or_404(Activity.objects.select_related("phase", "responsible"), pk=pk)


def phase_list():
    return list(Phase.objects.all())


def steering_meetings():
    """The steering group's meetings, oldest first, for the plan's timeline."""
    return list(SteeringMeeting.objects.order_by("starts_at", "pk"))


# --- The change history -----------------------------------------------------------------


def _labels_for(records):
    """Names for the ids a history holds (responsible users, phases), in two queries."""
    user_ids = {getattr(record, "responsible_id", None) for record in records} - {None}
    phase_ids = {getattr(record, "phase_id", None) for record in records} - {None}
    users = {user.pk: str(user) for user in get_user_model().objects.filter(pk__in=user_ids)}
    phases = {phase.pk: str(phase) for phase in Phase.objects.filter(pk__in=phase_ids)}
    return {"responsible": users, "phase": phases}


def _value_text(model, name, value, labels):
    """A value from the history as a person reads it: names, not ids; Danish numbers."""
    if value is None or value == "":
        return "–"
    if name in labels:
        return labels[name].get(value, f"#{value}")
    if name in MONEY_FIELDS:
        return formatting.money(value)
    if name in HOURS_FIELDS:
        return hours_text(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return day_text(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def _entries(records, model, names, labels, alive):
    """History entries, newest first; `records` are every record of the objects wanted."""
    records = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    entries, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        changes = []
        for name in names:
            attname = model._meta.get_field(name).attname
            new = getattr(record, attname)
            old = getattr(before, attname) if before is not None else None
            if record.history_type == "-" or (before is not None and old == new):
                continue
            if before is None and new in (None, ""):
                continue
            changes.append(
                {
                    "field": model._meta.get_field(name).verbose_name,
                    "old": _value_text(model, name, old, labels) if before is not None else "",
                    "new": _value_text(model, name, new, labels),
                }
            )
        previous[record.id] = record
        name = record.name if model is Activity else str(record.instance)
        entries.append(
            {
                "record": record,
                "when": record.history_date,
                "who": record.history_user,
                "why": record.history_change_reason or "",
                "kind": record.history_type,
                "kind_label": KIND_LABELS[record.history_type],
                "model_label": model._meta.verbose_name,
                "object": name,
                "url": record.instance.get_absolute_url() if record.id in alive else "",
                "changes": changes,
            }
        )
    entries.sort(key=lambda entry: (entry["when"], entry["record"].history_id), reverse=True)
    return entries


def _history(model, queryset, names):
    records = list(queryset.select_related("history_user"))
    alive = set(model.objects.filter(pk__in={r.id for r in records}).values_list("pk", flat=True))
    return _entries(records, model, names, _labels_for(records), alive)


def plan_changes():
    """Every change to the plan, newest first: who, when, why, and what changed (old → new)."""
    entries = _history(Phase, Phase.history.all(), PHASE_FIELDS) + _history(
        Activity, Activity.history.all(), ACTIVITY_FIELDS
    )
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries


def activity_history(*, activity):
    return _history(Activity, Activity.history.filter(id=activity.pk), ACTIVITY_FIELDS)


def phase_history(*, phase):
    return _history(Phase, Phase.history.filter(id=phase.pk), PHASE_FIELDS)
