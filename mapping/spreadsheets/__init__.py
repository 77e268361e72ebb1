"""Spreadsheets in and out: reading an import file, planning what each of its rows does to the
organisations the portal holds, and the export that an import reads back without loss.

One module per concept: `columns` (the fields a column can fill and the guess of headings),
`reading` (the file), `cells` (one cell), `matching` (rows to organisations and to each
other), `plan` (what the preview shows and the commit saves), `planning` (making the plan)
and `export`. The names other code uses are re-exported here.
"""

from mapping.spreadsheets.columns import CHOICES, TARGETS, TARGETS_BY_KEY, guess_columns
from mapping.spreadsheets.export import organisation_export
from mapping.spreadsheets.plan import ACTION_LABELS, Action
from mapping.spreadsheets.planning import plan_good_rows, plan_import
from mapping.spreadsheets.reading import (
    IMPORT_EXTENSIONS,
    SpreadsheetError,
    max_bytes,
    read_spreadsheet,
    too_big_message,
)

__all__ = [
    "ACTION_LABELS",
    "CHOICES",
    "IMPORT_EXTENSIONS",
    "TARGETS",
    "TARGETS_BY_KEY",
    "Action",
    "SpreadsheetError",
    "guess_columns",
    "max_bytes",
    "organisation_export",
    "plan_good_rows",
    "plan_import",
    "read_spreadsheet",
    "too_big_message",
]
