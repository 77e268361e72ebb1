"""The budget as XLSX: numbers a spreadsheet can calculate with, kroner shown as kroner
(`#,##0.00 "kr."`), equal to the sums the budget page shows; the CSV the Danish way."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.export import MONEY_FORMAT
from portal.programme.selectors import budget as selectors
from tests.factories.programme import build_offer_plan, register_hours

pytestmark = pytest.mark.django_db

MONEY_COLUMNS = ["D", "E", "G", "I"]  # rate, estimated, used, remaining


@pytest.fixture
def sheet(client, leader, consultant, settings):
    plan = build_offer_plan(leader)
    register_hours(consultant, plan["Opsamling"], "45")
    register_hours(consultant, plan["Kortlægning"], "10.25")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(consultant)
    response = client.get(reverse("programme:budget"), {"format": "xlsx"})
    return load_workbook(io.BytesIO(response.content)).active


def rows_by_activity(sheet):
    return {row[1].value: row for row in sheet.iter_rows(min_row=2)}


def test_the_kroner_are_numbers_shown_as_kroner(sheet):
    opsamling = rows_by_activity(sheet)["Opsamling"]
    for column in MONEY_COLUMNS:
        cell = opsamling[ord(column) - ord("A")]
        assert cell.data_type == "n", column
        assert cell.number_format == MONEY_FORMAT, column
    assert opsamling[3].value == 825
    assert opsamling[4].value == 41250
    assert opsamling[6].value == 37125
    assert opsamling[8].value == 4125
    # Hours are plain numbers.
    assert (opsamling[5].value, opsamling[5].number_format) == (45, "General")


def test_the_totals_equal_the_budgets_sums(sheet):
    totals = selectors.budget_overview()["totals"]
    rows = rows_by_activity(sheet)
    excl, incl = rows["Total, excl. VAT"], rows["Total, incl. VAT"]
    assert Decimal(str(excl[4].value)) == totals.estimated_cost == Decimal("540375.00")
    assert Decimal(str(excl[6].value)) == totals.used_cost == Decimal("45581.25")
    assert Decimal(str(incl[4].value)) == totals.estimated_cost_with_vat
    assert Decimal(str(incl[6].value)) == totals.used_cost_with_vat == Decimal("56976.56")
    assert Decimal(str(incl[8].value)) == totals.remaining_cost_with_vat
    assert incl[8].value == pytest.approx(incl[4].value - incl[6].value)
    for cell in (excl[4], incl[4], incl[6], incl[8]):
        assert cell.number_format == MONEY_FORMAT


def test_the_csv_writes_the_kroner_the_danish_way(client, leader, consultant):
    plan = build_offer_plan(leader)
    register_hours(consultant, plan["Opsamling"], "45")
    client.force_login(leader)
    response = client.get(reverse("programme:budget"), {"export": "csv"})
    text = response.content.decode("utf-8")
    assert ";41.250,00;" in text
    assert ";37.125,00;" in text
