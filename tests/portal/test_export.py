import io

from openpyxl import load_workbook

from portal.export import defuse, export_response

COLUMNS = [("Navn", lambda row: row[0]), ("Telefon", lambda row: row[1])]
ROWS = [('=HYPERLINK("http://evil")', "+45 20 00 00 01"), ("Æblegården", "-3")]


def test_csv_is_semicolon_separated_utf8_with_bom_and_defused():
    response = export_response(ROWS, COLUMNS, export_format="csv", filename="x")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffNavn;Telefon")
    assert "'=HYPERLINK" in text
    assert "Æblegården;-3" in text
    assert ";+45 20 00 00 01" in text


def test_xlsx_keeps_formula_like_text_as_text():
    response = export_response(ROWS, COLUMNS, export_format="xlsx", filename="x")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil")'
    assert sheet["A3"].value == "Æblegården"


def test_defuse_leaves_numbers_and_phone_numbers_alone():
    assert defuse("+45 20 00 00 01") == "+45 20 00 00 01"
    assert defuse("-12.5") == "-12.5"
    assert defuse("@SUM(A1)") == "'@SUM(A1)"
    assert defuse("-cmd|' /C calc'!A0") == "'-cmd|' /C calc'!A0"
    assert defuse(12) == 12


def test_times_are_local_to_the_minute_and_yes_no_follows_the_language():
    import datetime

    from django.utils import translation

    moment = datetime.datetime(2026, 11, 27, 10, 31, 42, 123456, tzinfo=datetime.UTC)
    columns = [("Hvornår", lambda row: row[0]), ("Aktiv", lambda row: row[1])]
    with translation.override("da"):
        response = export_response([(moment, True)], columns, export_format="csv", filename="x")
    text = response.content.decode("utf-8")
    assert "2026-11-27 11:31;ja" in text  # Copenhagen is UTC+1 in November
    with translation.override("en"):
        response = export_response([(moment, False)], columns, export_format="csv", filename="x")
    assert "2026-11-27 11:31;no" in response.content.decode("utf-8")


def test_xlsx_keeps_decimals_as_numbers_and_shows_money_as_kroner():
    from decimal import Decimal

    from portal.export import MONEY, MONEY_FORMAT

    columns = [
        ("Timer", lambda row: row[0]),
        ("Beløb", lambda row: row[1], MONEY),
        ("Tekst", lambda row: row[2], MONEY),
    ]
    rows = [(Decimal("7.50"), Decimal("226875.25"), "ingen")]
    response = export_response(rows, columns, export_format="xlsx", filename="x")
    sheet = load_workbook(io.BytesIO(response.content)).active
    hours, amount, text = sheet["A2"], sheet["B2"], sheet["C2"]
    assert hours.data_type == "n" and hours.value == 7.5
    assert hours.number_format == "General"
    assert amount.data_type == "n" and amount.value == 226875.25
    assert amount.number_format == MONEY_FORMAT == '#,##0.00 "kr."'
    assert (text.value, text.number_format) == ("ingen", "General")


def test_xlsx_shows_dates_and_danish_times_the_danish_way():
    import datetime

    day = datetime.date(2026, 11, 27)
    moment = datetime.datetime(2026, 6, 15, 7, 5, 42, tzinfo=datetime.UTC)
    columns = [("Dato", lambda row: row[0]), ("Tidspunkt", lambda row: row[1])]
    response = export_response([(day, moment)], columns, export_format="xlsx", filename="x")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].number_format == "DD.MM.YYYY"
    assert sheet["A2"].value.date() == day
    assert sheet["B2"].number_format == "DD.MM.YYYY HH:MM"
    # Copenhagen is UTC+2 in June; to the minute.
    assert sheet["B2"].value == datetime.datetime(2026, 6, 15, 9, 5)  # noqa: DTZ001 (naive, local)


def test_csv_writes_decimals_as_before():
    from decimal import Decimal

    columns = [("Beløb", lambda row: row[0])]
    response = export_response([(Decimal("12.50"),)], columns, export_format="csv", filename="x")
    assert response.content.decode("utf-8").splitlines()[1] == "12.50"
