"""Reads of the budget: estimated against used hours and kroner per activity, per phase and
for the programme, with the warnings at 90 % and 100 %; and a kept baseline against today's
plan. Every figure is computed here from activities and time entries, never stored."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Count, F, Prefetch, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import formatting
from portal.programme.models import Activity, BudgetBaseline, Phase
from portal.programme.models.plan import WARNING_SHARES, round_money, with_vat

ZERO = Decimal("0")
NEAR_SHARE, OVER_SHARE = WARNING_SHARES


class Level(models.TextChoices):
    """How much of an estimate is used: fine, past 90 % (a warning), at or past 100 %."""

    FINE = "", ""
    NEAR = "near", gettext_lazy("Near the estimate")
    OVER = "over", gettext_lazy("Estimate used up")


def _percent(share):
    return f"{formatting.number(_whole(share * 100))} %"


def _whole(value):
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def level_text(level):
    """The words that go with a warning. The shares are filled in, so that no translation
    has to carry a bare "%" sign."""
    if level == Level.NEAR:
        return _("At least %(share)s of the estimate used") % {"share": _percent(NEAR_SHARE)}
    if level == Level.OVER:
        return _("The estimate is used up (%(share)s or more)") % {"share": _percent(OVER_SHARE)}
    return ""


def warning_level(*, used, estimate):
    """The warning for `used` hours of an `estimate`: at 90 % a warning, at 100 % a stronger
    one. Hours used on an activity estimated at nothing are over its estimate."""
    if estimate <= 0:
        return Level.OVER if used > 0 else Level.FINE
    share = used / estimate
    if share >= OVER_SHARE:
        return Level.OVER
    if share >= NEAR_SHARE:
        return Level.NEAR
    return Level.FINE


@dataclass(frozen=True)
class Figures:
    """Estimated against used, in hours and kroner excl. VAT."""

    estimated_hours: Decimal = ZERO
    estimated_cost: Decimal = ZERO
    used_hours: Decimal = ZERO
    used_cost: Decimal = ZERO

    @property
    def remaining_hours(self):
        return self.estimated_hours - self.used_hours

    @property
    def remaining_cost(self):
        return self.estimated_cost - self.used_cost

    @property
    def percent_used(self):
        """Used hours as a whole percentage of the estimate (None when nothing is estimated)."""
        if self.estimated_hours <= 0:
            return None
        return _whole(self.used_hours * 100 / self.estimated_hours)

    @property
    def level(self):
        return warning_level(used=self.used_hours, estimate=self.estimated_hours)

    @property
    def level_label(self):
        return level_text(self.level)

    @property
    def estimated_cost_with_vat(self):
        return with_vat(self.estimated_cost)

    @property
    def used_cost_with_vat(self):
        return with_vat(self.used_cost)

    @property
    def remaining_cost_with_vat(self):
        # The difference of the two rounded amounts, so that the row adds up as shown.
        return self.estimated_cost_with_vat - self.used_cost_with_vat

    def __add__(self, other):
        return Figures(
            self.estimated_hours + other.estimated_hours,
            self.estimated_cost + other.estimated_cost,
            self.used_hours + other.used_hours,
            self.used_cost + other.used_cost,
        )


def figures_of(activity):
    """The figures of an activity annotated with `used_hours` and `used_amount` (see
    `_with_used`). Used kroner are each entry's hours at the rate it was registered at,
    so a later change of the activity's rate does not rewrite what was spent."""
    return Figures(
        estimated_hours=activity.estimated_hours,
        estimated_cost=activity.cost,
        used_hours=activity.used_hours or ZERO,
        used_cost=round_money(activity.used_amount or ZERO),
    )


HOURS = models.DecimalField(max_digits=10, decimal_places=2)
# Hours (2 places) × rate (2 places): exact to 4 places, rounded to the øre once summed.
AMOUNT = models.DecimalField(max_digits=16, decimal_places=4)


def _sum_hours(prefix=""):
    return Coalesce(Sum(f"{prefix}hours"), Value(ZERO), output_field=HOURS)


def _sum_amount(prefix=""):
    """Hours × each entry's own rate, summed."""
    product = Sum(F(f"{prefix}hours") * F(f"{prefix}hourly_rate"), output_field=AMOUNT)
    return Coalesce(product, Value(ZERO), output_field=AMOUNT)


def _with_used(queryset):
    """Annotate the used hours and the exact used kroner, in the same query."""
    return queryset.annotate(
        used_hours=_sum_hours("time_entries__"), used_amount=_sum_amount("time_entries__")
    )


def budget_overview():
    """Every phase (`phase.activity_list`, `phase.figures`) with its activities (each with
    `activity.figures`), the programme's figures, and the activities past 90 %: two queries
    however many activities and registrations there are."""
    activities = _with_used(Activity.objects.select_related("responsible")).order_by(
        "position", "pk"
    )
    phases = list(
        Phase.objects.prefetch_related(
            Prefetch("activities", queryset=activities, to_attr="activity_list")
        )
    )
    total = Figures()
    warnings = []
    for phase in phases:
        phase.figures = Figures()
        for activity in phase.activity_list:
            activity.phase = phase
            activity.figures = figures_of(activity)
            phase.figures += activity.figures
            if activity.figures.level:
                warnings.append(activity)
        total += phase.figures
    return {"phases": phases, "totals": total, "warnings": warnings}


def phase_budget(*, phase):
    """The activities of one phase, each with `figures`, and the phase's figures: one query."""
    activities = list(
        _with_used(phase.activities.select_related("responsible")).order_by("position", "pk")
    )
    figures = Figures()
    for activity in activities:
        activity.phase = phase
        activity.figures = figures_of(activity)
        figures += activity.figures
    return {"activities": activities, "figures": figures}


def activity_time(*, activity, user):
    """An activity's figures, the registrations on it that `user` may see one by one, and
    the totals of the others: at most two queries.

    A person's hours, day by day and with their notes, are theirs and the project leader's
    business: the project leader sees every row, a consultant their own, the steering group
    none; everyone sees the totals. Returns {"figures", "entries", "others" (hours, cost and
    count of the rows not shown, or None when all are shown), "all_shown"}.
    """
    annotated = (
        _with_used(Activity.objects.filter(pk=activity.pk))
        .annotate(used_count=Count("time_entries"))
        .get()
    )
    figures = figures_of(annotated)
    entries = activity.time_entries.select_related("user", "activity").order_by(
        "-date", "-created_at"
    )
    if user.is_project_leader:
        return {"figures": figures, "entries": list(entries), "others": None, "all_shown": True}
    shown = list(entries.filter(user=user)) if user.is_programme_staff else []
    shown_amount = sum((entry.hours * entry.hourly_rate for entry in shown), ZERO)
    others = {
        "hours": figures.used_hours - sum((entry.hours for entry in shown), ZERO),
        "cost": round_money(annotated.used_amount - shown_amount),
        "count": annotated.used_count - len(shown),
    }
    return {"figures": figures, "entries": shown, "others": others, "all_shown": False}


# --- Baselines ---------------------------------------------------------------------------


class Change(models.TextChoices):
    SAME = "same", gettext_lazy("Unchanged")
    CHANGED = "changed", gettext_lazy("Changed")
    ADDED = "added", gettext_lazy("Added since")
    REMOVED = "removed", gettext_lazy("Removed since")


def baseline_list():
    return list(BudgetBaseline.objects.select_related("created_by").order_by("-created_at", "-pk"))


@dataclass(frozen=True)
class Side:
    """Hours and kroner (excl. VAT) on one side of a comparison."""

    hours: Decimal = ZERO
    cost: Decimal = ZERO

    @property
    def cost_with_vat(self):
        return with_vat(self.cost)

    def __add__(self, other):
        return Side(self.hours + other.hours, self.cost + other.cost)

    def __sub__(self, other):
        return Side(self.hours - other.hours, self.cost - other.cost)


def _row(*, name, phase_number, activity, then, now, change):
    return {
        "name": name,
        "phase_number": phase_number,
        "activity": activity,
        "then": then,
        "now": now,
        "difference": now - then,
        "change": change,
        "change_label": Change(change).label,
    }


def baseline_compare(*, baseline):
    """A baseline against today's plan, per activity and per phase, with the activities
    added and removed since. Activities are matched by identity, not name, so a renamed
    activity is one changed row. Three queries."""
    lines = list(baseline.lines.all())
    phases = list(Phase.objects.prefetch_related("activities"))
    by_activity = {line.activity_id: line for line in lines if line.activity_id}
    groups = {}

    def group(number, label=None):
        if number not in groups:
            groups[number] = {
                "number": number,
                "label": label or _("Phase %(number)s") % {"number": number},
                "rows": [],
                "then": Side(),
                "now": Side(),
            }
        elif label:
            groups[number]["label"] = label
        return groups[number]

    current = set()
    for phase in phases:
        entry = group(phase.number, str(phase))
        for activity in phase.activities.all():
            current.add(activity.pk)
            now = Side(activity.estimated_hours, activity.cost)
            line = by_activity.get(activity.pk)
            if line is None:
                row = _row(
                    name=activity.name,
                    phase_number=phase.number,
                    activity=activity,
                    then=Side(),
                    now=now,
                    change=Change.ADDED,
                )
            else:
                then = Side(line.hours, line.cost)
                same = then == now and line.name == activity.name
                row = _row(
                    name=activity.name,
                    phase_number=phase.number,
                    activity=activity,
                    then=then,
                    now=now,
                    change=Change.SAME if same else Change.CHANGED,
                )
            entry["rows"].append(row)
            entry["now"] += now
    for line in lines:
        then = Side(line.hours, line.cost)
        group(line.phase_number)["then"] += then
        if line.activity_id not in current:
            group(line.phase_number)["rows"].append(
                _row(
                    name=line.name,
                    phase_number=line.phase_number,
                    activity=None,
                    then=then,
                    now=Side(),
                    change=Change.REMOVED,
                )
            )
    ordered = [groups[number] for number in sorted(groups)]
    for entry in ordered:
        entry["difference"] = entry["now"] - entry["then"]
    then = sum((entry["then"] for entry in ordered), Side())
    now = sum((entry["now"] for entry in ordered), Side())
    return {
        "baseline": baseline,
        "phases": ordered,
        "then": then,
        "now": now,
        "difference": now - then,
        "added": [row for entry in ordered for row in entry["rows"] if row["change"] == "added"],
        "removed": [
            row for entry in ordered for row in entry["rows"] if row["change"] == "removed"
        ],
    }
