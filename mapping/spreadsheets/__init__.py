"""Spreadsheets in and out: reading an import file, planning what each of its rows does to the
organisations the portal holds, and the export that an import reads back without loss.

One module per concept: `columns` (the fields a column can fill and the guess of headings),
`limits` (what an import may take on: size, rows, time), `reading` (the file), `cells` (one
cell), `matching` (rows to organisations and to each other), `plan` (what the preview shows
and the commit saves), `planning` (making the plan), `stored` (what the pages show, kept on
the batch), `rejects` (the rows with problems, as a file), `jobs` (the background jobs that
read and import) and `export`. The names other code uses are re-exported here.
"""

from mapping.spreadsheets.columns import CHOICES, TARGETS, TARGETS_BY_KEY, guess_columns
from mapping.spreadsheets.export import organisation_export
from mapping.spreadsheets.limits import (
    ImportTimeUp,
    SpreadsheetError,
    max_bytes,
    too_big_message,
)
from mapping.spreadsheets.plan import ACTION_LABELS, Action
from mapping.spreadsheets.planning import plan_good_rows, plan_import
from mapping.spreadsheets.reading import IMPORT_EXTENSIONS, read_spreadsheet

__all__ = [
    "ACTION_LABELS",
    "CHOICES",
    "IMPORT_EXTENSIONS",
    "TARGETS",
    "TARGETS_BY_KEY",
    "Action",
    "ImportTimeUp",
    "SpreadsheetError",
    "guess_columns",
    "max_bytes",
    "organisation_export",
    "plan_good_rows",
    "plan_import",
    "read_spreadsheet",
    "too_big_message",
]
