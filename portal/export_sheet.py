"""How an exported XLSX sheet looks when Danish Excel opens it: named after the list, a bold
header row that stays on screen and carries a filter, and columns as wide as what they hold
(long texts wrap in a column of at most `MAX_WIDTH` characters)."""

import datetime
import re
from decimal import Decimal

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Excel's limits on a sheet's name.
MAX_TITLE = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Column widths in characters of the default font.
MIN_WIDTH = 6
MAX_WIDTH = 60
# Room for the filter's drop-down button next to a heading.
FILTER_BUTTON = 3


def sheet_title(text):
    """`text` as Excel accepts a sheet's name: no []:*?/\\, at most 31 characters (cut at
    a word where it can), not empty, not starting or ending with an apostrophe."""
    title = " ".join(FORBIDDEN.sub(" ", str(text)).split()).strip("'")
    if len(title) > MAX_TITLE:
        head = title[: MAX_TITLE + 1]
        cut = head.rsplit(" ", 1)[0] if " " in head else ""
        title = cut if len(cut) >= MAX_TITLE // 2 else title[:MAX_TITLE]
        title = title.rstrip(" ,.;-–'")
    # "History" is reserved by Excel for its change tracking.
    if not title or title.lower() == "history":
        title = f"{title or 'Data'} 1"
    return title


def _shown_length(cell):
    """About how many characters the cell shows, as its number format prints it."""
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, bool):
        return 5
    if isinstance(value, (int, float, Decimal)):
        if "%" in cell.number_format:
            return len(f"{value * 100:.0f}") + 2
        text = f"{value:,.2f}" if "0.00" in cell.number_format else f"{value:,}"
        return len(text) + (4 if "kr." in cell.number_format else 0)
    return max((len(line) for line in str(value).splitlines()), default=0)


def _fit_columns(sheet):
    for index, column in enumerate(sheet.iter_cols(), start=1):
        header, *cells = column
        widest = max(
            [len(str(header.value or "")) + FILTER_BUTTON, *(_shown_length(cell) for cell in cells)]
        )
        width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
        if widest + 2 > MAX_WIDTH:
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


def lay_out(sheet, *, title):
    """Name the sheet, make its first row a bold, frozen, filtered header, fit the columns."""
    sheet.title = sheet_title(title)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if sheet.max_column and sheet[1][0].value is not None:
        sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    _fit_columns(sheet)
