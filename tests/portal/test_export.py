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
