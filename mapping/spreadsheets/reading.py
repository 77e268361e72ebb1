"""Reading an import file: telling CSV from XLSX (and from what is neither) by its content,
decoding the text of Danish Excel, and the headings and rows it holds.

CSV is read with Python's csv module, XLSX with openpyxl in read-only mode, both row by row:
the rows are counted as they come and reading stops at the first row over IMPORT_MAX_ROWS,
and an XLSX file is refused from its zip directory before openpyxl opens it when it unpacks
to too much (mapping/spreadsheets/limits.py). The reading job (mapping/spreadsheets/jobs.py)
does this, never the upload request.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from mapping.spreadsheets.cells import cell_text
from mapping.spreadsheets.limits import (
    Deadline,
    SpreadsheetError,
    check_unpacked_size,
    max_bytes,
    max_rows,
    too_big_message,
    too_many_rows_message,
)

IMPORT_EXTENSIONS = ("csv", "xlsx")
# Rows read between two looks at the clock (and two reports of progress).
CHECK_EVERY = 500

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format (and other Office 97 files)
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"\x1f\x8b", b"Rar!")


@dataclass
class Sheet:
    headers: list
    rows: list  # (row number in the file, [cell values]), blank rows left out
    format: str = "csv"  # "csv" or "xlsx", as the file was, whatever its name
    delimiter: str = ";"  # the CSV file's separator

    def samples(self, index, count=3):
        values = [cell_text(cells[index]) for _number, cells in self.rows]
        return [value for value in values if value][:count]


def read_spreadsheet(data, *, deadline=None, progress=None):
    """The headings and rows of a CSV or XLSX file (bytes), or a SpreadsheetError saying why not.

    The format is told from the content, not the name: a PNG called .csv is refused, and an
    XLSX called .csv is read as what it is. `progress(rows read, rows expected or None)` is
    told now and then; past the `deadline` (a limits.Deadline) reading stops with ImportTimeUp.
    """
    if len(data) > max_bytes():
        raise SpreadsheetError(too_big_message(), code="too_big")
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."), code="empty")
    counted = _Counted(deadline or Deadline(), progress)
    if data.startswith(ZIP_MAGIC):
        sheet = _sheet(_read_xlsx(data, counted))
        sheet.format = "xlsx"
        return sheet
    if data.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _(
                "This is an Excel file in the old .xls format. Open it in Excel, save it as "
                "'Excel Workbook (.xlsx)' or 'CSV (semicolon separated)', and upload that."
            ),
            code="xls",
        )
    table, delimiter = _read_csv(data, counted)
    sheet = _sheet(table)
    sheet.delimiter = delimiter
    return sheet


class _Counted:
    """The rows of a file as they are read, counted: refused at the first row of content
    past the headings and IMPORT_MAX_ROWS rows, so that a file of 100,000 rows costs no more
    than one at the limit; the clock and the progress looked at every CHECK_EVERY rows."""

    def __init__(self, deadline, progress):
        self.deadline = deadline
        self.progress = progress or (lambda done, total: None)
        self.expected = None  # the rows the file says it has, when it says

    def __call__(self, rows):
        allowed = max_rows() + 1  # and the headings
        filled = 0
        for read, row in enumerate(rows, start=1):
            if any(cell_text(value) for value in row):
                filled += 1
                if filled > allowed:
                    raise SpreadsheetError(too_many_rows_message(), code="too_many_rows")
            if read % CHECK_EVERY == 0:
                self.deadline.check()
                expected = self.expected if self.expected and self.expected >= read else None
                self.progress(read, expected)
            yield row


def _not_a_spreadsheet():
    return SpreadsheetError(
        _(
            "This file is not a spreadsheet. Upload a CSV file or an Excel workbook (.xlsx) "
            "with the column headings in the first row."
        ),
        code="not_spreadsheet",
    )


def _decode(data):
    """Text from Danish Excel: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
    if b"\x00" in data or data.startswith(BINARY_MAGIC):
        raise _not_a_spreadsheet()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_a_spreadsheet() from None


def _delimiter(text):
    """Semicolon (Danish Excel), tab or comma: whichever the heading line uses, in that order."""
    first_line = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    for candidate in (";", "\t", ","):
        if candidate in first_line:
            return candidate
    return ";"


def _read_csv(data, counted):
    text = _decode(data)
    # Control characters other than tab and line breaks hardly occur in a text spreadsheet;
    # a binary file that happens to decode as Windows-1252 is full of them.
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(2, len(sample) // 100):
        raise _not_a_spreadsheet()
    delimiter = _delimiter(text)
    counted.expected = text.count("\n") + 1
    table, width = [], None
    try:
        for row in counted(csv.reader(io.StringIO(text), delimiter=delimiter)):
            if not row:
                continue  # an empty line: no row of the sheet (Excel writes ';;;' for one)
            if width is None:
                width = len(row)
            elif len(row) > width:
                raise SpreadsheetError(
                    _(
                        "Some rows have more cells than the first row has headings. Check "
                        "that every column has a heading, and that the file uses one "
                        "separator throughout."
                    ),
                    code="dimensions",
                )
            table.append(row + [""] * (width - len(row)))
    except csv.Error:  # e.g. a NUL byte, or a quoted field that never ends
        raise _not_a_spreadsheet() from None
    return table, delimiter


def _read_xlsx(data, counted):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_unpacked_size(archive)
    except zipfile.BadZipFile:
        raise _not_a_spreadsheet() from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise _not_a_spreadsheet() from None
    try:
        worksheet = workbook.active
        counted.expected = worksheet.max_row
        # The size a sheet declares is wrong in files from some programs: read every cell.
        worksheet.reset_dimensions()
        return [list(row) for row in counted(worksheet.iter_rows(values_only=True))]
    except SpreadsheetError:
        raise
    except Exception:
        raise _not_a_spreadsheet() from None
    finally:
        workbook.close()


def _sheet(table):
    numbered = [(index + 1, row) for index, row in enumerate(table)]
    numbered = [(number, row) for number, row in numbered if any(cell_text(v) for v in row)]
    if not numbered:
        raise SpreadsheetError(_("The file is empty."), code="empty")
    _heading_number, heading_row = numbered[0]
    rows = numbered[1:]
    if not rows:
        raise SpreadsheetError(
            _("The file has headings but no rows of organisations below them."), code="no_rows"
        )
    # Keep the columns that have a heading or any content; name a column without a heading
    # by its letter, as Excel shows it.
    width = max(len(heading_row), *(len(row) for _n, row in rows))
    keep, headers = [], []
    for index in range(width):
        heading = cell_text(heading_row[index]) if index < len(heading_row) else ""
        has_content = any(index < len(row) and cell_text(row[index]) for _n, row in rows)
        if heading or has_content:
            keep.append(index)
            headers.append(
                heading or _("Column %(letter)s") % {"letter": get_column_letter(index + 1)}
            )
    return Sheet(
        headers=headers,
        rows=[
            (number, [row[index] if index < len(row) else None for index in keep])
            for number, row in rows
        ],
    )
