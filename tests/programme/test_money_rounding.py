"""Money is rounded to the øre with halves rounded up, as on an invoice, and the VAT
columns add up: remaining incl. VAT is estimated incl. VAT minus used incl. VAT."""

from decimal import Decimal

import pytest

from portal.programme.models import Activity, BaselineLine, TimeEntry
from portal.programme.models.plan import round_money, with_vat
from portal.programme.selectors.budget import Figures


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [
        ("10.10", "12.63"),  # 12.625: half an øre, rounded up (banker's rounding gives 12.62)
        ("0.02", "0.03"),  # 0.025
        ("10.01", "12.51"),  # 12.5125
        ("226875", "283593.75"),
    ],
)
def test_vat_rounds_half_an_ore_up(amount, rounded):
    assert with_vat(Decimal(amount)) == Decimal(rounded)


def test_a_cost_of_half_an_ore_rounds_up():
    assert round_money(Decimal("0.125")) == Decimal("0.13")
    assert round_money(Decimal("0.145")) == Decimal("0.15")


def test_an_activitys_cost_rounds_half_up():
    # 0.5 hours × 0.25 kr. = 0.125 kr.
    activity = Activity(estimated_hours=Decimal("0.50"), hourly_rate=Decimal("0.25"))
    assert activity.cost == Decimal("0.13")


def test_an_entrys_and_a_baseline_lines_cost_round_half_up():
    assert TimeEntry(hours=Decimal("0.50"), hourly_rate=Decimal("0.25")).cost == Decimal("0.13")
    assert BaselineLine(hours=Decimal("0.50"), hourly_rate=Decimal("0.25")).cost == Decimal("0.13")


def test_the_vat_row_adds_up():
    figures = Figures(
        estimated_hours=Decimal("1"),
        estimated_cost=Decimal("10.10"),
        used_hours=Decimal("1"),
        used_cost=Decimal("10.01"),
    )
    assert figures.estimated_cost_with_vat == Decimal("12.63")
    assert figures.used_cost_with_vat == Decimal("12.51")
    # with_vat(0.09) would be 0.11: the row would not add up.
    assert figures.remaining_cost_with_vat == Decimal("0.12")
    assert (
        figures.used_cost_with_vat + figures.remaining_cost_with_vat
        == figures.estimated_cost_with_vat
    )
