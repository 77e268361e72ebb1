"""Export of any staff list to CSV or XLSX, with the list's current filters.

A list view calls `export_response` when the request asks for `?export=csv` or
`?export=xlsx`; the columns are (heading, function of a row) pairs, so what is exported is
exactly what the list means, not the raw database columns.
"""

import datetime
import io
import re

import tablib
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook

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
        return value.strftime("%Y-%m-%d %H:%M")
    return defuse(value)


def dataset(rows, columns):
    data = tablib.Dataset(headers=[str(heading) for heading, _value in columns])
    for row in rows:
        data.append([_cell(value(row)) for _heading, value in columns])
    return data


def _xlsx(data):
    """The dataset as XLSX, every text a text cell: '=1+1' is shown, never calculated."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(data.headers)
    for row in data:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        # Local time to the minute: spreadsheets read '2026-11-27 11:31' as a date and time.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, second=0, microsecond=0)
    return value if isinstance(value, (int, float)) or hasattr(value, "isoformat") else str(value)


def export_response(rows, columns, *, export_format, filename):
    """An HTTP response with `rows` as a CSV or XLSX download named `filename.<ext>`."""
    content_type, extension = FORMATS[export_format]
    data = dataset(rows, columns)
    if export_format == "csv":
        safe = tablib.Dataset(headers=data.headers)
        for row in data:
            safe.append([_csv_value(value) for value in row])
        body = "\ufeff" + safe.export("csv", delimiter=";")
    else:
        body = _xlsx(data)
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{extension}"'
    return response
