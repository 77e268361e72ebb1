"""Reading an import file: telling CSV from XLSX (and from what is neither) by its content,
decoding the text of Danish Excel, and the headings and rows it holds.

Reading goes through tablib (CSV with Python's csv module, XLSX with openpyxl).
"""

import io
import zipfile
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from mapping.spreadsheets.cells import cell_text

IMPORT_EXTENSIONS = ("csv", "xlsx")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# An XLSX file is a zip archive: refuse one that unpacks to far more than it weighs, before
# openpyxl unpacks it into memory.
MAX_UNPACK_RATIO = 20

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format (and other Office 97 files)
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"\x1f\x8b", b"Rar!")


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


class SpreadsheetError(Exception):
    """A file that cannot be imported at all, with the reason a person can act on."""

    def __init__(self, message, code="spreadsheet"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Sheet:
    headers: list
    rows: list  # (row number in the file, [cell values]), blank rows left out
    format: str = "csv"  # "csv" or "xlsx", as the file was, whatever its name
    delimiter: str = ";"  # the CSV file's separator

    def samples(self, index, count=3):
        values = [cell_text(cells[index]) for _number, cells in self.rows]
        return [value for value in values if value][:count]


def read_spreadsheet(data):
    """The headings and rows of a CSV or XLSX file (bytes), or a SpreadsheetError saying why not.

    The format is told from the content, not the name: a PNG called .csv is refused, and an
    XLSX called .csv is read as what it is.
    """
    if len(data) > max_bytes():
        raise SpreadsheetError(too_big_message(), code="too_big")
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."), code="empty")
    if data.startswith(ZIP_MAGIC):
        sheet = _sheet(_read_xlsx(data))
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
    table, delimiter = _read_csv(data)
    sheet = _sheet(table)
    sheet.delimiter = delimiter
    return sheet


def too_big_message():
    return _("The file is larger than %(size)s. Split it into smaller files.") % {
        "size": filesizeformat(max_bytes())
    }


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


def _read_csv(data):
    text = _decode(data)
    # Control characters other than tab and line breaks hardly occur in a text spreadsheet;
    # a binary file that happens to decode as Windows-1252 is full of them.
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(2, len(sample) // 100):
        raise _not_a_spreadsheet()
    delimiter = _delimiter(text)
    try:
        dataset = tablib.Dataset().load(text, format="csv", headers=False, delimiter=delimiter)
    except tablib.InvalidDimensions:
        raise SpreadsheetError(
            _(
                "Some rows have more cells than the first row has headings. Check that every "
                "column has a heading, and that the file uses one separator throughout."
            ),
            code="dimensions",
        ) from None
    except Exception:  # the csv module's errors, e.g. a NUL byte or an endless quoted field
        raise _not_a_spreadsheet() from None
    return [list(row) for row in dataset], delimiter


def _read_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _not_a_spreadsheet() from None
    if unpacked > max_bytes() * MAX_UNPACK_RATIO:
        raise SpreadsheetError(too_big_message(), code="too_big")
    try:
        # Not openpyxl's read-only mode: it trusts the size the sheet declares, which some
        # programs that write XLSX get wrong. The size checks above keep memory in bounds.
        dataset = tablib.Dataset().load(
            io.BytesIO(data), format="xlsx", headers=False, read_only=False
        )
    except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise _not_a_spreadsheet() from None
    return [list(row) for row in dataset]


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
