"""The mapping's upkeep as background jobs: CVR checks in the register (nightly, and for one
organisation once its CVR number is saved), and forgetting the uploads of unfinished imports
(daily). Celery beat starts the nightly and daily runs (CELERY_BEAT_SCHEDULE); the commands
`check_cvr` and `clean_imports` do the same by hand."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mapping import cvr
from mapping.services import cvr as cvr_services
from mapping.services.spreadsheets import import_batches_clean
from portal import jobs

logger = logging.getLogger(__name__)


def _not_checked(run, total):
    return ngettext(
        "%(failed)d of %(total)d organisation could not be checked in the CVR register: %(error)s",
        "%(failed)d of %(total)d organisations could not be checked in the CVR register: %(error)s",
        total,
    ) % {"failed": run.failed, "total": total, "error": run.register_errors[-1]}


@jobs.task("mapping.check_cvr", label=_("Check CVR numbers in the CVR register"))
def check_cvr(job, older_than_days=None, organisation_ids=None):
    """Look each organisation up in the register (those not checked in `older_than_days`
    days, or only `organisation_ids`) and store what it says; a ceased company is flagged.

    A register that times out or answers with a server error makes the job try again later
    (with back-off, on a worker), for the organisations not checked since it started; one
    that refuses the portal's credentials fails it with the reason."""
    backend = cvr.get_backend()
    if backend is None:
        logger.info("No CVR look-up is configured: no CVR numbers checked")
        return
    # Those checked by an earlier try of this job are done.
    checked_before = job.started_at or timezone.now()
    if older_than_days is not None:
        checked_before = min(checked_before, timezone.now() - timedelta(days=older_than_days))
    organisations = cvr_services.organisations_to_check(
        checked_before=checked_before, ids=organisation_ids
    )
    total = organisations.count()
    jobs.job_progress(job, 0, total)
    run = cvr_services.organisations_check_cvr(
        organisations=organisations,
        backend=backend,
        progress=lambda done: jobs.job_progress(job, done, total),
    )
    if run.temporary_errors:
        raise jobs.TryAgain(_not_checked(run, total))
    if run.register_errors:
        raise jobs.JobFailed(_not_checked(run, total))


def check_cvr_later(organisation):
    """Queue the check of one organisation's CVR number once the current transaction has
    committed (a saved number is checked by the server, whatever the form was filled in
    with); nothing without a register or a number."""
    if not organisation.cvr or not getattr(settings, "CVR_LOOKUP_BACKEND", ""):
        return None
    return jobs.enqueue(check_cvr, organisation_ids=[organisation.pk], about=organisation)


@jobs.task("mapping.clean_imports", label=_("Forget the uploads of unfinished imports"))
def clean_imports(job):
    """Delete the uploaded files of imports older than IMPORT_KEEP_DAYS days and cancel those
    still at the preview (`import_batches_clean`, as `manage.py clean_imports` does)."""
    older_than = timezone.now() - timedelta(days=settings.IMPORT_KEEP_DAYS)
    deleted, cancelled, running = import_batches_clean(older_than=older_than)
    logger.info(
        "Imports cleaned: %d files deleted, %d cancelled, %d left alone while their job runs",
        deleted,
        cancelled,
        running,
    )
    jobs.job_progress(job, 1, 1)
