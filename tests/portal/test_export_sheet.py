"""XLSX exports read well in Danish Excel: the sheet named after the list, a bold frozen
header row with a filter, columns as wide as their content, percentages as percentages,
kroner as kroner and dates as dates."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from portal.export import (
    DATE_FORMAT,
    MONEY,
    MONEY_FORMAT,
    PERCENT,
    PERCENT_FORMAT,
    export_response,
)
from portal.export_sheet import MAX_WIDTH, sheet_title

LONG_TEXT = "Underleverandørsamarbejdsaftalerne med Haderslev Kommunes indkøbsafdeling " * 3
COLUMNS = [
    ("Aktivitet", lambda row: row[0]),
    ("Forbrugt", lambda row: row[1], MONEY),
    ("Forbrugt (%)", lambda row: row[2], PERCENT),
    ("Dato", lambda row: row[3]),
    ("Note", lambda row: row[4]),
]
ROWS = [
    ("Kortlægning", Decimal("103125.00"), Decimal("107"), datetime.date(2026, 11, 27), "kort"),
    ("Opsamling", Decimal("24750.50"), 92, datetime.date(2027, 1, 4), LONG_TEXT),
]


def sheet_of(rows=ROWS, columns=COLUMNS, **kwargs):
    response = export_response(rows, columns, export_format="xlsx", filename="budget", **kwargs)
    return load_workbook(io.BytesIO(response.content)).active


def test_the_sheet_is_named_after_the_list():
    assert sheet_of(title="Budget").title == "Budget"
    # Without a title, after the file's name.
    assert sheet_of().title == "Budget"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Budget: estimeret mod forbrugt", "Budget estimeret mod forbrugt"),
        ("Kontakter [gamle] / nye?", "Kontakter gamle nye"),
        (
            "Kontaktpersoner, der er opbevaret længere end opbevaringsperioden",
            "Kontaktpersoner, der er",
        ),
        ("Socialøkonomiskevirksomhedsudviklingsprogrammet", "Socialøkonomiskevirksomhedsudvi"),
        ("'Citat'", "Citat"),
        ("***", "Data 1"),
        ("History", "History 1"),
    ],
)
def test_a_sheet_name_is_one_excel_accepts(title, expected):
    name = sheet_title(title)
    assert name == expected
    assert len(name) <= 31
    assert not set(name) & set("[]:*?/\\")


def test_the_header_row_is_bold_frozen_and_filtered():
    sheet = sheet_of(title="Budget")
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"


def test_the_columns_are_as_wide_as_their_content():
    sheet = sheet_of(title="Budget")
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["A"] >= len("Kortlægning")
    assert widths["B"] >= len("103.125,00 kr.")
    assert widths["D"] >= len("27.11.2026")
    assert widths["E"] == MAX_WIDTH  # a long text wraps in a column of the most width
    assert sheet["E3"].alignment.wrap_text
    assert widths["D"] < widths["A"] < widths["E"]


def test_percentages_are_percentages_money_is_kroner_and_dates_are_dates():
    sheet = sheet_of(title="Budget")
    assert sheet["C2"].value == pytest.approx(1.07)  # the budget's 107 is 107 %
    assert sheet["C2"].number_format == PERCENT_FORMAT
    assert sheet["C3"].value == pytest.approx(0.92)
    assert sheet["B3"].value == pytest.approx(24750.5)
    assert sheet["B3"].number_format == MONEY_FORMAT
    assert sheet["D2"].value.date() == datetime.date(2026, 11, 27)
    assert sheet["D2"].number_format == DATE_FORMAT


def test_csv_keeps_the_percentage_as_written():
    response = export_response(ROWS, COLUMNS, export_format="csv", filename="budget")
    assert ";107;" in response.content.decode("utf-8")
