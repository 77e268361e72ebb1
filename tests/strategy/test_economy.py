"""The finances' figures: each action's budget spread over the years of its period by days,
summed per year and focus area, with totals that add up exactly."""

from datetime import date
from decimal import Decimal

import pytest

from strategy.economy import budget_by_year_and_focus_area, spread_over_years


def action(focus_area, budget, starts_on, ends_on, hours="0.00", **extra):
    return {
        "id": extra.pop("id", 1),
        "focus_area": focus_area,
        "budget": budget,
        "budget_hours": hours,
        "starts_on": starts_on,
        "ends_on": ends_on,
        **extra,
    }


def snapshot(*actions, areas=((1, "Vækst"), (2, "Samspil"))):
    return {
        "title": "Plan",
        "focus_areas": [
            {"id": pk, "position": i, "title": title, "goals": []}
            for i, (pk, title) in enumerate(areas, start=1)
        ],
        "actions": list(actions),
    }


def test_it_puts_a_one_year_action_wholly_in_its_year():
    assert spread_over_years(Decimal("226875.00"), date(2027, 3, 1), date(2027, 9, 30)) == {
        2027: Decimal("226875.00")
    }


def test_it_spreads_over_years_by_days():
    # 2027: 184 days (1.7.–31.12.), 2028 (a leap year): 182 days (1.1.–30.6.); 366 in all.
    parts = spread_over_years(Decimal("366000.00"), date(2027, 7, 1), date(2028, 6, 30))
    assert parts == {2027: Decimal("184000.00"), 2028: Decimal("182000.00")}


def test_it_counts_the_leap_day():
    # The whole of 2028 (366 days) and the whole of 2029 (365 days).
    parts = spread_over_years(Decimal("731.00"), date(2028, 1, 1), date(2029, 12, 31))
    assert parts == {2028: Decimal("366.00"), 2029: Decimal("365.00")}


def test_it_puts_the_rounding_remainder_on_the_last_year():
    # 100 kr. over three whole years of 365, 366 and 365 days: 33,30 + 33,39 + the rest.
    parts = spread_over_years(Decimal("100.00"), date(2027, 1, 1), date(2029, 12, 31))
    assert parts == {2027: Decimal("33.30"), 2028: Decimal("33.39"), 2029: Decimal("33.31")}
    assert sum(parts.values()) == Decimal("100.00")


@pytest.mark.parametrize(
    ("budget", "starts_on", "ends_on"),
    [
        ("0.01", date(2027, 12, 31), date(2028, 1, 1)),
        ("1000000.00", date(2026, 2, 28), date(2030, 3, 1)),
        ("999999.99", date(2027, 6, 15), date(2031, 6, 14)),
        ("1.00", date(2027, 1, 1), date(2033, 1, 1)),
        ("7.77", date(2028, 2, 29), date(2028, 2, 29)),
    ],
)
def test_it_sums_each_actions_parts_exactly_to_its_budget(budget, starts_on, ends_on):
    parts = spread_over_years(Decimal(budget), starts_on, ends_on)

    assert sum(parts.values()) == Decimal(budget)
    assert list(parts) == list(range(starts_on.year, ends_on.year + 1))
    assert all(part >= 0 and part == part.quantize(Decimal("0.01")) for part in parts.values())


def test_it_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        spread_over_years(Decimal("10.00"), date(2028, 1, 2), date(2028, 1, 1))


def test_it_sums_the_budgets_per_year_and_focus_area_with_totals():
    table = budget_by_year_and_focus_area(
        snapshot(
            action(1, "366000.00", "2027-07-01", "2028-06-30", hours="10.50", id=1),
            action(1, "50000.00", "2028-01-01", "2028-12-31", hours="4.00", id=2),
            action(2, "226875.00", "2029-01-01", "2029-12-31", id=3),
        )
    )

    assert table.years == [2027, 2028, 2029]
    growth, interplay = table.rows
    assert (growth.title, growth.focus_area_id) == ("Vækst", 1)
    assert growth.amounts == [Decimal("184000.00"), Decimal("232000.00"), Decimal("0.00")]
    assert growth.total == Decimal("416000.00")
    assert growth.hours == Decimal("14.50")
    assert interplay.amounts == [Decimal("0.00"), Decimal("0.00"), Decimal("226875.00")]
    assert interplay.total == Decimal("226875.00")
    assert table.year_totals == [Decimal("184000.00"), Decimal("232000.00"), Decimal("226875.00")]
    assert table.total == Decimal("642875.00") == sum(table.year_totals)
    assert table.hours_total == Decimal("14.50")


def test_it_keeps_a_focus_area_without_actions_with_zeros():
    table = budget_by_year_and_focus_area(snapshot(action(1, "10.00", "2027-01-01", "2027-01-01")))

    assert [row.title for row in table.rows] == ["Vækst", "Samspil"]
    assert table.rows[1].amounts == [Decimal("0.00")]
    assert table.rows[1].total == Decimal("0.00")


def test_it_never_drops_an_action_whose_focus_area_is_missing():
    table = budget_by_year_and_focus_area(
        snapshot(action(99, "12.34", "2027-01-01", "2027-12-31"), areas=((1, "Vækst"),))
    )

    assert table.total == Decimal("12.34")
    assert table.rows[-1].focus_area_id == 99


def test_it_has_an_empty_table_for_a_plan_without_actions():
    table = budget_by_year_and_focus_area(snapshot())

    assert table.years == []
    assert table.total == Decimal("0.00")
    assert all(row.total == 0 for row in table.rows)
