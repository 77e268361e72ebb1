"""The import of organisations and contacts from a spreadsheet: upload, column choice, preview,
commit, as a person drives it.

The requests only record what the person chose and queue a background job for each step
that reads the file (mapping/spreadsheets/jobs.py, the steps themselves in
mapping/services/spreadsheet_steps.py): reading it, preparing the preview, importing. The
batch's state says which is under way, and the job moves it on, or to FAILED with a message
when it cannot (a file over a limit, a step out of time). A double click queues a step once:
its job's idempotency key names the batch, the step and the preview's revision.

The file is kept through Django's storage API between the upload and the commit, and deleted
when the import is done or cancelled, or its file refused: by then its contents are in the
portal or refused. After an import of only the good rows, the rows with problems take its
place, as a file to download, correct and import again; `import_batches_clean` forgets it
with the others.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mapping.models import ImportBatch
from mapping.services.spreadsheet_steps import (
    ImportRefused,
    delete_file_after_commit,
    import_batch_failed,
    import_batch_sheet,
)
from mapping.spreadsheets import SpreadsheetError
from mapping.spreadsheets.limits import time_limit
from mapping.spreadsheets.rejects import rejects_file
from mapping.spreadsheets.stored import preview_from_json, sheet_from_json, stored_problems
from portal import jobs
from portal.i18n import stored_text
from portal.models import Job

__all__ = [
    "ImportRefused",
    "import_batch_cancel",
    "import_batch_create",
    "import_batch_job",
    "import_batch_preview",
    "import_batch_refused",
    "import_batch_rejects",
    "import_batch_set_columns",
    "import_batch_settle",
    "import_batch_sheet",
    "import_batch_sheet_summary",
    "import_batch_start_commit",
    "import_batches_clean",
]

# A job still "running" this long after its time limit was killed with its worker (the
# soft limit stops it with a message well before).
OVERDUE_AFTER = 5 * 60


def _steps():
    # The jobs module registers the tasks and calls the steps module; imported here, when a
    # step is queued, so that neither imports the other at start-up.
    from mapping.spreadsheets import jobs as import_jobs

    return import_jobs


def _key(batch, step):
    if step == "read":
        return f"mapping.import:{batch.pk}:read"
    return f"mapping.import:{batch.pk}:{step}:{batch.revision}"


def _enqueue(task, batch, step, by, url_name, *args):
    return jobs.enqueue(
        task,
        batch.pk,
        *args,
        translation.get_language(),
        user=by,
        about=batch,
        # Not the file's name: it may name a person, and the job's record outlives erasure.
        subject=stored_text(gettext_noop("Import %(number)s")) % {"number": batch.pk},
        key=_key(batch, step),
        result_url=reverse(url_name, args=[batch.pk]),
    )


@transaction.atomic
def import_batch_create(*, name, data, by):
    """Keep an uploaded file (checked only for its size, by the form) and queue the job
    that reads it: the file is read once that job has run (state READING until then)."""
    extension = "xlsx" if name.lower().endswith(".xlsx") else "csv"
    batch = ImportBatch(original_name=name[-255:], created_by=by, state=ImportBatch.State.READING)
    # A name of our own: the original may hold personal data, and the storage needs no hint.
    batch.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    try:
        batch.full_clean()
        batch.save()
    except Exception:
        batch.file.delete(save=False)
        raise
    _enqueue(_steps().import_read, batch, "read", by, "mapping:import-columns")
    return batch


def _locked(batch):
    return ImportBatch.objects.select_for_update().get(pk=batch.pk)


def _refuse_unless(batch, *states):
    if batch.state in states:
        return
    if batch.state in ImportBatch.FINISHED:
        raise ImportRefused(
            _("This import is already %(state)s.") % {"state": batch.get_state_display().lower()}
        )
    if batch.state == ImportBatch.State.FAILED:
        raise ImportRefused(_("The import stopped. Choose the columns again, or cancel it."))
    raise ImportRefused(
        _("This import is busy (%(state)s). Wait until that is done.")
        % {"state": batch.get_state_display().lower()}
    )


def import_batch_sheet_summary(*, batch):
    """The headings, examples and number of rows the reading job found (or None)."""
    return sheet_from_json(batch.sheet)


@transaction.atomic
def import_batch_set_columns(*, batch, column_map, by):
    """Keep the person's column choice and queue the preview's job (state PREPARING)."""
    batch = _locked(batch)
    _refuse_unless(batch, ImportBatch.State.PREVIEW, ImportBatch.State.FAILED)
    if sheet_from_json(batch.sheet) is None:
        raise ImportRefused(_("The file of this import was not read. Upload it again."))
    batch.column_map = column_map
    batch.revision += 1
    batch.state = ImportBatch.State.PREPARING
    batch.preview = {}
    batch.error = ""
    batch.full_clean()
    batch.save(update_fields=["column_map", "revision", "state", "preview", "error"])
    _enqueue_preview(batch, by)
    return batch


def import_batch_refused(*, batch_id, message, by):
    """An import refused by its job (the organisations changed since the preview, a row could
    not be saved): nothing was saved. The batch goes back to a new preview, which shows the
    portal as it is now, with the reason above it."""
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch_id, state=ImportBatch.State.IMPORTING)
            .first()
        )
        if batch is None:
            return None
        batch.revision += 1
        batch.state = ImportBatch.State.PREPARING
        batch.preview = {}
        batch.error = message
        batch.save(update_fields=["revision", "state", "preview", "error"])
        _enqueue_preview(batch, by)
    return batch


def _enqueue_preview(batch, by):
    _enqueue(
        _steps().import_preview, batch, "preview", by, "mapping:import-preview", batch.revision
    )


def import_batch_preview(*, batch):
    """The stored preview of `batch` as it stands: (plan, good plan) as the preview job made
    them, or (None, None) when there is none for its current column choice."""
    return preview_from_json(batch.preview, revision=batch.revision)


@transaction.atomic
def import_batch_start_commit(*, batch, by, digest, good_rows_only=False):
    """Queue the import of every row of `batch` (or only its good rows), once: a second click
    finds the import under way. Refused at once when the preview the person saw is not the
    stored one (`digest`), or cannot be imported; the job checks it all again."""
    batch = _locked(batch)
    if batch.state == ImportBatch.State.IMPORTING:
        return batch  # a double click: the first one queued it
    _refuse_unless(batch, ImportBatch.State.PREVIEW)
    plan, good = import_batch_preview(batch=batch)
    chosen = good if good_rows_only else plan
    if chosen is None or not chosen.can_commit:
        raise ImportRefused(
            _("Nothing was imported: the file has errors. Correct them and upload it again.")
        )
    if digest != chosen.digest:
        raise ImportRefused(
            _(
                "Nothing was imported: the organisations changed since the preview was shown. "
                "Look at the preview again before you import."
            )
        )
    batch.state = ImportBatch.State.IMPORTING
    batch.error = ""
    batch.save(update_fields=["state", "error"])
    _enqueue(
        _steps().import_commit,
        batch,
        "commit",
        by,
        "mapping:import-result",
        by.pk,
        digest,
        good_rows_only,
    )
    return batch


def import_batch_rejects(*, batch):
    """The rows of `batch` with problems, as a file to correct and import again, with its
    name: (bytes, file name). Before the import, from the uploaded file and the problems the
    preview found; after an import of the good rows, the file kept from then.
    SpreadsheetError when there is none."""
    stem = PurePath(batch.original_name).stem or "import"
    with translation.override(settings.LANGUAGE_CODE):
        suffix = _("problems")
    if batch.state == ImportBatch.State.PREVIEW:
        plan, _good = import_batch_preview(batch=batch)
        if plan is None:
            raise SpreadsheetError(_("Look at the preview first."), code="missing")
        problems = stored_problems(batch.preview)
        sheet = import_batch_sheet(batch=batch)
        with translation.override(settings.LANGUAGE_CODE):
            data, extension = rejects_file(sheet, problems)
        return data, f"{stem}-{suffix}.{extension}"
    if batch.state != ImportBatch.State.DONE or not (batch.summary or {}).get("skipped"):
        raise SpreadsheetError(_("This import has no rows with problems."), code="missing")
    try:
        with batch.file.open("rb") as stored:
            data = stored.read()
    except (FileNotFoundError, OSError, ValueError):
        raise SpreadsheetError(
            _("The file of the rows with problems is no longer kept."), code="missing"
        ) from None
    return data, f"{stem}-{suffix}{PurePath(batch.file.name).suffix}"


def import_batch_job(*, batch):
    """The newest job about `batch`: the one of its current step while it is busy."""
    return jobs.latest(batch)


def _alive(job, now):
    """Whether `job` may still move its batch on: queued or waiting, or running within its
    time limit (and the worker's margin after it)."""
    if job is None or job.finished:
        return False
    if job.state != Job.State.RUNNING or job.started_at is None:
        return True
    return job.started_at > now - timedelta(seconds=time_limit() + OVERDUE_AFTER)


def import_batch_settle(*, batch, job):
    """A busy batch whose job has failed, finished or died without moving it on is failed,
    with the job's error: the job's failure step does this, and this catches the case that
    it could not run (a worker killed at its hard time limit). Returns the batch."""
    if not batch.busy or _alive(job, timezone.now()):
        return batch
    message = (job.error if job is not None else "") or _(
        "The import stopped without finishing. Start it again, or cancel it."
    )
    import_batch_failed(batch_id=batch.pk, message=message, state=batch.state)
    batch.refresh_from_db()
    return batch


def _running(batch, now):
    """Whether a job is working on `batch` now (a queued one has not begun: cancelling the
    batch makes it do nothing when it starts)."""
    if not batch.busy:
        return False
    job = jobs.latest(batch)
    return job is not None and job.state == Job.State.RUNNING and _alive(job, now)


def _forget(batch):
    """What was read from the upload, and the upload once the transaction has committed:
    they hold personal data."""
    delete_file_after_commit(batch)
    batch.sheet = {}
    batch.preview = {}


@transaction.atomic
def import_batch_cancel(*, batch, by):
    """Cancel an import that is not done, unless its import is running."""
    batch = _locked(batch)
    if batch.state in ImportBatch.FINISHED:
        _refuse_unless(batch)  # says it is already done or cancelled
    if batch.state == ImportBatch.State.IMPORTING and _running(batch, timezone.now()):
        raise ImportRefused(
            _("The import is under way and cannot be cancelled now. Wait until it is done.")
        )
    batch.state = ImportBatch.State.CANCELLED
    batch.summary = {"cancelled_by": by.pk, "at": timezone.now().isoformat()}
    _forget(batch)
    batch.save(update_fields=["state", "summary", "file", "sheet", "preview"])
    return batch


def import_batches_clean(*, older_than):
    """Forget the uploaded files of imports started before `older_than`: they hold personal
    data, and an import left unfinished keeps its file until someone finishes it. Such
    imports are cancelled; one that a job is working on now is left alone. Returns (imports
    whose file was deleted, imports cancelled, imports left to their running job)."""
    now = timezone.now()
    deleted = cancelled = running = 0
    with transaction.atomic():
        batches = (
            ImportBatch.objects.select_for_update()
            .filter(created_at__lt=older_than)
            .exclude(file="")
            .order_by("pk")
        )
        for batch in batches:
            if _running(batch, now):
                running += 1
                continue
            if batch.state not in ImportBatch.FINISHED:
                batch.state = ImportBatch.State.CANCELLED
                batch.summary = {"cancelled_by": None, "expired": True, "at": now.isoformat()}
                cancelled += 1
            if batch.file.storage.exists(batch.file.name):
                deleted += 1
            _forget(batch)
            batch.file = ""
            batch.save(update_fields=["state", "summary", "file", "sheet", "preview"])
    return deleted, cancelled, running
