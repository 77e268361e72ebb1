"""The import's background jobs: reading the file, preparing the preview, importing
(registered through mapping/tasks.py; the steps are in mapping/services/spreadsheet_steps.py).

Each runs in the language of the person who started it, so that its messages (a refused
file, the preview's problems) read as the pages around them. Each has IMPORT_TIME_LIMIT
seconds: the steps look at the clock while they read and plan and stop with a message past
it; Celery's soft time limit, a little later, stops one that is stuck where it cannot look
(and the failure step then marks its batch as failed too), so no batch is left busy.
"""

import time

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as language_override

from mapping.models import ImportBatch
from mapping.services import spreadsheet_steps as steps
from mapping.services import spreadsheets as services
from mapping.spreadsheets.limits import Deadline, SpreadsheetError, time_limit
from portal import jobs
from portal.models import Job, User

# Celery's limits, after the steps' own: the soft one raises inside the job, the hard one
# kills the worker process.
SOFT_MARGIN = 30
HARD_MARGIN = 90


def _failure_message(error):
    if isinstance(error, jobs.JobFailed):
        return str(error)
    return _(
        "The import stopped because of an error in the portal (%(error)s). Try again, or "
        "tell the portal's administrator."
    ) % {"error": f"{type(error).__name__}: {error}"}


def _failure_step(state):
    def failed(job, error):
        """The job of a step failed for good: its batch, if still at that step, is failed
        with the reason. (An import refused by its job has moved its batch on already.)"""
        if job.object_id is not None:
            steps.import_batch_failed(
                batch_id=job.object_id, state=state, message=_failure_message(error)
            )

    return failed


def _task(name, label, state):
    return jobs.task(
        name,
        label=label,
        on_failure=_failure_step(state),
        max_retries=0,
        soft_time_limit=time_limit() + SOFT_MARGIN,
        time_limit=time_limit() + HARD_MARGIN,
    )


@_task("mapping.import_read", gettext_lazy("Read an import file"), ImportBatch.State.READING)
def import_read(job, batch_id, language):
    with language_override(language):
        try:
            steps.import_batch_read(batch_id=batch_id, deadline=Deadline(), progress=_progress(job))
        except SpreadsheetError as error:
            raise jobs.JobFailed(error.message) from None


@_task(
    "mapping.import_preview",
    gettext_lazy("Prepare the preview of an import"),
    ImportBatch.State.PREPARING,
)
def import_preview(job, batch_id, revision, language):
    with language_override(language):
        try:
            steps.import_batch_prepare(
                batch_id=batch_id, revision=revision, deadline=Deadline(), progress=_progress(job)
            )
        except SpreadsheetError as error:
            raise jobs.JobFailed(error.message) from None


@_task("mapping.import_commit", gettext_lazy("Import organisations"), ImportBatch.State.IMPORTING)
def import_commit(job, batch_id, user_id, digest, good_rows_only, language):
    batch = ImportBatch.objects.filter(pk=batch_id, state=ImportBatch.State.IMPORTING).first()
    by = User.objects.filter(pk=user_id).first()
    if batch is None or by is None:
        return  # cancelled or erased while it waited (or its user gone: the page says so)
    progress = _InTransactionProgress(job)
    with language_override(language):
        try:
            steps.import_batch_commit(
                batch=batch,
                by=by,
                digest=digest,
                good_rows_only=good_rows_only,
                deadline=Deadline(),
                progress=progress,
            )
        except steps.ImportRefused as refused:
            services.import_batch_refused(batch_id=batch_id, message=refused.message, by=by)
            raise jobs.JobFailed(refused.message) from None
        except SpreadsheetError as error:  # out of time: nothing was saved
            raise jobs.JobFailed(error.message) from None
        finally:
            progress.close()


def _progress(job):
    def report(done, total=None):
        jobs.job_progress(job, done, total)

    return report


class _InTransactionProgress:
    """Progress of the import, which writes its rows in one transaction: the Job row's
    progress written in it would show only when it commits, so on PostgreSQL it is written
    through a second connection of its own (at most every PROGRESS_EVERY seconds). SQLite
    takes one writer at a time: there the progress shows at the end."""

    def __init__(self, job):
        self.job = job
        self.written = 0.0
        self.side = None

    def __call__(self, done, total=None):
        self.job.done = done
        if total is not None:
            self.job.total = total
        now = time.monotonic()
        if now - self.written < jobs.PROGRESS_EVERY:
            return
        self.written = now
        if not transaction.get_connection().in_atomic_block:
            jobs.job_progress(self.job, done, total)
            return
        if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET done = %s, total = %s WHERE id = %s",  # noqa: S608 - the table's own name
                [self.job.done, self.job.total, self.job.pk],
            )

    def close(self):
        """After the transaction: the progress as it ended, on the job's own connection."""
        if self.side is not None:
            self.side.close()
        if self.job.total is not None:
            jobs.job_progress(self.job, self.job.done, self.job.total)
