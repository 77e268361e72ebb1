"""What an import may take on: the file's size, what an XLSX file unpacks to, the number of
rows, and the time a step may run. Each is a setting (portal/settings.py, IMPORT_*).

The upload request checks only the size; a background job reads the file and checks the
rest while it reads, so that a file made to exhaust the server (the audit's 436 KB workbook
that unpacks to 100 MB, a CSV file of 100,000 rows) is refused before it costs much: the
unpacked size from the zip archive's directory, before openpyxl opens anything; the rows
while they are read, stopping at the first row over the limit.
"""

import time

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_ROWS = 20_000
DEFAULT_TIME_LIMIT = 10 * 60
# A member of a workbook that unpacks to more than this many times its packed size is a zip
# bomb, not a spreadsheet: the sheets Excel, LibreOffice and openpyxl write pack 5 to 30
# times. Small members (styles, themes) may pack tighter without harm.
MAX_PACK_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024


class SpreadsheetError(Exception):
    """A file that cannot be imported at all, with the reason a person can act on."""

    def __init__(self, message, code="spreadsheet"):
        super().__init__(message)
        self.message = message
        self.code = code


class ImportTimeUp(SpreadsheetError):
    """A step of an import ran out of time (IMPORT_TIME_LIMIT)."""


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_unpacked_bytes():
    return getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)


def max_rows():
    return getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def time_limit():
    """Seconds that one step of an import (reading, preview, import) may run."""
    return getattr(settings, "IMPORT_TIME_LIMIT", DEFAULT_TIME_LIMIT)


def too_big_message():
    return _("The file is larger than %(size)s. Split it into smaller files.") % {
        "size": filesizeformat(max_bytes())
    }


def too_many_rows_message():
    return _(
        "The file has more than %(rows)s rows. Split it into files of at most %(rows)s rows "
        "each and import them one by one."
    ) % {"rows": number_format(max_rows(), force_grouping=True)}


class Deadline:
    """The end of the time a step may run, checked now and then by the loops that read and
    plan the rows: past it, the step stops with a message instead of running on."""

    def __init__(self, seconds=None):
        self.seconds = time_limit() if seconds is None else seconds
        self.ends = time.monotonic() + self.seconds

    def check(self):
        if time.monotonic() > self.ends:
            raise ImportTimeUp(
                _(
                    "The import took longer than %(duration)s and was stopped. Nothing was "
                    "saved. Split the file into smaller files and import them one by one."
                )
                % {"duration": _duration(self.seconds)},
                code="time",
            )


def _duration(seconds):
    if seconds >= 120:
        minutes = seconds // 60
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}


def check_unpacked_size(archive):
    """Refuse a zip archive (an XLSX file) that unpacks to too much, from the sizes its
    directory declares: in total, and for each member against its packed size. Nothing is
    unpacked to find out. (A member that declares less than it holds is cut off at what it
    declares by Python's zipfile, which then fails its checksum.)"""
    members = archive.infolist()
    unpacked = sum(info.file_size for info in members)
    limit = max_unpacked_bytes()
    if unpacked > limit or any(info.file_size > limit for info in members):
        raise SpreadsheetError(
            _(
                "The workbook unpacks to %(size)s, more than the %(limit)s an import may "
                "read. Save the sheet as CSV (semicolon separated), or split it into smaller "
                "workbooks."
            )
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
            code="unpacked",
        )
    for info in members:
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and info.file_size / packed > MAX_PACK_RATIO:
            raise SpreadsheetError(
                _(
                    "The workbook would unpack to %(ratio)s times its size, far more than a "
                    "spreadsheet does, and is refused: a file like it can fill the server's "
                    "memory. Open it in Excel, save it again and upload that, or save it as CSV."
                )
                % {"ratio": number_format(info.file_size // packed, force_grouping=True)},
                code="unpacked",
            )
