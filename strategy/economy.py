"""The figures of the recommendation's finances (økonomi), computed from a version's snapshot.

Each action's budget is spread over the calendar years of its period pro rata by days (both
the first and the last day count), rounded to øre; whatever the rounding leaves over goes on
the last year, so an action's parts always add up to its budget exactly. The parts are then
summed per focus area and year, with totals per row, per column and in all.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from strategy.snapshot import decimal_or_none

ORE = Decimal("0.01")
ZERO = Decimal("0.00")


def spread_over_years(budget, starts_on, ends_on):
    """{year: amount} of `budget` spread over the years from `starts_on` to `ends_on`
    (inclusive) by the number of days in each; the parts sum exactly to `budget`."""
    budget = Decimal(budget).quantize(ORE, rounding=ROUND_HALF_UP)
    if ends_on < starts_on:
        raise ValueError("An action cannot end before it starts.")
    total_days = (ends_on - starts_on).days + 1
    years = list(range(starts_on.year, ends_on.year + 1))
    days = {
        year: (min(ends_on, date(year, 12, 31)) - max(starts_on, date(year, 1, 1))).days + 1
        for year in years
    }
    parts = _parts(budget, days, total_days, years, ROUND_HALF_UP)
    if parts[years[-1]] < 0:
        # A few øre over many years: rounding each year up could overshoot the budget;
        # rounding down leaves the remainder (never negative) on the last year instead.
        parts = _parts(budget, days, total_days, years, ROUND_DOWN)
    return parts


def _parts(budget, days, total_days, years, rounding):
    parts = {
        year: (budget * days[year] / total_days).quantize(ORE, rounding=rounding)
        for year in years[:-1]
    }
    parts[years[-1]] = budget - sum(parts.values(), ZERO)
    return parts


@dataclass
class EconomyRow:
    """One focus area: its amounts per year (in the table's year order), total and hours."""

    focus_area_id: int | None
    title: str
    position: int
    amounts: list = field(default_factory=list)
    total: Decimal = ZERO
    hours: Decimal = ZERO
    action_count: int = 0


@dataclass
class EconomyTable:
    """The budgets by year (columns) and focus area (rows), with every total computed."""

    years: list
    rows: list
    year_totals: list
    total: Decimal
    hours_total: Decimal

    @property
    def is_empty(self):
        return not self.rows


def _iso(value):
    return date.fromisoformat(value) if value else None


def budget_by_year_and_focus_area(snapshot):
    """The table of the snapshot's action budgets by calendar year and focus area.

    Rows follow the focus areas' order in the snapshot (those without actions included,
    with zeros); an action whose focus area is not in the snapshot gets a row of its own
    at the end rather than being dropped, so the grand total is always every budget.
    """
    areas = snapshot.get("focus_areas") or []
    actions = snapshot.get("actions") or []
    rows = {
        area["id"]: EconomyRow(area["id"], area["title"], area.get("position") or 0)
        for area in areas
    }
    by_area_year = defaultdict(lambda: defaultdict(lambda: ZERO))
    years = set()
    for action in actions:
        area_id = action.get("focus_area")
        if area_id not in rows:
            rows[area_id] = EconomyRow(area_id, _("Without a focus area"), 10**6)
        row = rows[area_id]
        budget = decimal_or_none(action.get("budget")) or ZERO
        starts_on, ends_on = _iso(action.get("starts_on")), _iso(action.get("ends_on"))
        starts_on = starts_on or ends_on
        ends_on = ends_on or starts_on
        if starts_on is None:
            # No period at all: the budget is still counted, in no year but the total.
            parts = {}
            row.total += budget
        else:
            parts = spread_over_years(budget, starts_on, ends_on)
        for year, amount in parts.items():
            years.add(year)
            by_area_year[area_id][year] += amount
        row.hours += decimal_or_none(action.get("budget_hours")) or ZERO
        row.action_count += 1
    years = sorted(years)
    for area_id, row in rows.items():
        row.amounts = [by_area_year[area_id][year] for year in years]
        row.total += sum(row.amounts, ZERO)
    ordered = list(rows.values())
    year_totals = [sum((row.amounts[i] for row in ordered), ZERO) for i in range(len(years))]
    return EconomyTable(
        years=years,
        rows=ordered,
        year_totals=year_totals,
        total=sum((row.total for row in ordered), ZERO),
        hours_total=sum((row.hours for row in ordered), ZERO),
    )
