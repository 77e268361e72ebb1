"""The rows of an import that have problems, as a file to correct and import again: the same
format (CSV or XLSX) and columns as the file that was uploaded, only the rows with problems,
and one more column naming each row's problems."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mapping.spreadsheets.cells import cell_text
from portal.export import defuse

# Wide enough to read a problem or two without widening the column by hand.
PROBLEMS_WIDTH = 80


def problems_text(row):
    """A row's problems, one a line, each with the column and the value it is about."""
    lines = []
    for error in row.errors:
        if error.column and error.value:
            prefix = _("Column “%(column)s”, value “%(value)s”:") % {
                "column": error.column,
                "value": error.value,
            }
        elif error.column:
            prefix = _("Column “%(column)s”:") % {"column": error.column}
        else:
            prefix = ""
        lines.append(f"{prefix} {error.message}".strip())
    return "\n".join(lines)


def rejected_rows(sheet, problems):
    """(row number, cells as in the file, problems) for each row with `problems` ({row
    number: text}, as stored.problems_of gives them)."""
    return [(number, cells, problems[number]) for number, cells in sheet.rows if number in problems]


def rejects_file(sheet, problems):
    """(bytes, extension) of the file of the rows with problems ({row number: text})."""
    headers = [*sheet.headers, _("Problems")]
    rows = [[*cells, text] for _number, cells, text in rejected_rows(sheet, problems)]
    if sheet.format == "xlsx":
        return _xlsx(headers, rows), "xlsx"
    return _csv(headers, rows, sheet.delimiter), "csv"


def _csv(headers, rows, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([defuse(cell_text(value)) for value in row])
    # Danish Excel opens UTF-8 CSV correctly only with a byte-order mark.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(headers, rows):
    """Cells keep their types (numbers, dates); text is never run as a formula."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = str(_("Problems"))
    worksheet.append(headers)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append(row)
        cells = worksheet[worksheet.max_row]
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
        cells[-1].alignment = Alignment(wrap_text=True, vertical="top")
    worksheet.column_dimensions[get_column_letter(len(headers))].width = PROBLEMS_WIDTH
    worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
