"""The interim report (delrapport): its key figures, its PDF and its preview in the browser.

    interim_figures() -> dict
    render_interim_report(*, narrative, version_number=None, frozen_at=None, language="da")
        -> (pdf bytes, page count)
    preview_html(*, narrative, request=None) -> str

`FIGURE_LABELS` documents the figures' keys, `figure_rows()` lays two or more versions'
figures side by side, and `CHAPTERS` lists the report's chapters (stable keys, for comments
per chapter). `build_interim_report()` gives the PDF, its page count and the figures it prints
from one reading of the data, for freezing (with its progress, for the job in
`mapping.reports.jobs`), and `source_checksum()` tells whether the report has changed since a
version without rendering the PDF.
"""

from mapping.reports.figures import FIGURE_LABELS, figure_label, figure_rows, interim_figures
from mapping.reports.interim import (
    CHAPTERS,
    InterimReport,
    build_interim_report,
    preview_html,
    render_interim_report,
    source_checksum,
)

__all__ = [
    "CHAPTERS",
    "FIGURE_LABELS",
    "InterimReport",
    "build_interim_report",
    "figure_label",
    "figure_rows",
    "interim_figures",
    "preview_html",
    "render_interim_report",
    "source_checksum",
]
