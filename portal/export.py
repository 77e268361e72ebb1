"""Export of any staff list to CSV or XLSX, with the list's current filters.

A list view calls `export_response` when the request asks for `?export=csv` or
`?export=xlsx`; the columns are (heading, function of a row) pairs, so what is exported is
exactly what the list means, not the raw database columns. A column may name its kind as a
third element: `(heading, function, MONEY)` shows its numbers as kroner in a spreadsheet,
`(heading, function, PERCENT)` its whole percentages (107) as percentages (107 %).

In XLSX, numbers (Decimal too) stay numbers, dates are shown as 27.11.2026 and times as
27.11.2026 11:31, Danish time, so the sheet reads the Danish way and still calculates. The
sheet is named after the list (`title`, the page's heading), its header row is bold, frozen
and filtered, and its columns are as wide as their content (see `portal.export_sheet`).
"""

import contextlib
import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import tablib
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook

from portal import export_sheet
from portal.validators import day_text

# A column's kind, the optional third element of a column: its numbers are kroner, or whole
# percentages.
MONEY = "money"
PERCENT = "percent"
MONEY_FORMAT = '#,##0.00 "kr."'
PERCENT_FORMAT = "0 %"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"

FORMATS = {
    # Danish Excel opens UTF-8 CSV correctly only with a byte-order mark; semicolons because
    # the comma is the Danish decimal separator.
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def requested_format(request):
    """'csv' or 'xlsx' when the request asks for an export, else None."""
    value = request.GET.get("export")
    return value if value in FORMATS else None


# A cell that starts like a formula is run by spreadsheet programs (CSV injection). Such
# text gets a leading apostrophe in CSV, which the import strips again; plain numbers and
# phone numbers ('+45 20 00 00 01', '-3') are left alone.
FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().]*$)")


def defuse(value):
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        # isoformat, not strftime: year 1 stays '0001-01-01', as a spreadsheet reads it.
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, Decimal):
        return str(value)
    return defuse(value)


def _kind(column):
    return column[2] if len(column) > 2 else None


def dataset(rows, columns):
    data = tablib.Dataset(headers=[str(column[0]) for column in columns])
    for row in rows:
        data.append([_cell(column[1](row)) for column in columns])
    return data


def _is_number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _number_format(value, kind):
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    if kind == MONEY and _is_number(value):
        return MONEY_FORMAT
    if kind == PERCENT and _is_number(value):
        return PERCENT_FORMAT
    return None


# Excel counts days from 1900; an earlier date (one no one means, year 1) would be a
# negative serial that Excel refuses, so it is written as text.
EXCEL_FIRST_DAY = datetime.date(1900, 1, 1)


def _excel_value(value, kind):
    if isinstance(value, datetime.date) and value.year < EXCEL_FIRST_DAY.year:
        text = day_text(value)
        if isinstance(value, datetime.datetime):
            text += f" {value:%H:%M}"
        return text
    if kind == PERCENT and _is_number(value):
        # A spreadsheet's percentage is a share: 107 % is 1.07.
        return Decimal(str(value)) / 100
    return value


def _xlsx(data, kinds, *, title):
    """The dataset as XLSX, every text a text cell: '=1+1' is shown, never calculated."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(data.headers)
    for row in data:
        row = [_excel_value(value, kind) for value, kind in zip(row, kinds, strict=False)]
        sheet.append(row)
        for cell, value, kind in zip(sheet[sheet.max_row], row, kinds, strict=False):
            if cell.data_type == "f":
                cell.data_type = "s"
            number_format = _number_format(value, kind)
            if number_format:
                cell.number_format = number_format
    export_sheet.lay_out(sheet, title=title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        # Danish time to the minute: spreadsheets read '2026-11-27 11:31' as a date and time.
        if timezone.is_aware(value):
            # A time at the very end of the calendar (9999) cannot move; it stays in UTC.
            with contextlib.suppress(OverflowError):
                value = timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))
        return value.replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(value, (int, float, Decimal)) or hasattr(value, "isoformat"):
        return value
    return str(value)


def export_response(rows, columns, *, export_format, filename, title=None):
    """An HTTP response with `rows` as a CSV or XLSX download named `filename.<ext>`; the
    XLSX sheet is named `title` (the list's heading on its page), else after the file."""
    content_type, extension = FORMATS[export_format]
    data = dataset(rows, columns)
    if export_format == "csv":
        safe = tablib.Dataset(headers=data.headers)
        for row in data:
            safe.append([_csv_value(value) for value in row])
        body = "\ufeff" + safe.export("csv", delimiter=";")
    else:
        title = str(title) if title else filename.replace("-", " ").capitalize()
        body = _xlsx(data, [_kind(column) for column in columns], title=title)
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{extension}"'
    return response
