"""The background job that makes a frozen version's PDF (portal.jobs).

Freezing (`mapping.services.reports.report_freeze`) makes the numbered version at once and
queues this job. The job reads the mapping and the narrative as they are when it runs,
renders the PDF, stores it through the private storage with its checksum, page count and key
figures, and marks the version ready; its progress is WeasyPrint's: the mapping read, the
HTML written, each page laid out, the PDF written. If it fails, the version says why, and the
project leader may try again (a new job, `report_pdf_retry`).

A freeze of a report that has not changed since the newest ready version keeps no second,
identical version: the job finds the HTML it would render for that version's number and date
the same as that version's, removes the new row before rendering anything, and points the
job's result at the older version.
"""

import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import mapping.reports as report_package
from mapping.models import ReportNarrative, ReportVersion
from portal import jobs
from portal.models import Job

PdfState = ReportVersion.PdfState
TASK = "mapping.report_pdf"
# The report is written in the municipality's language, whoever freezes it.
REPORT_LANGUAGE = "da"


class Progress:
    """The job's progress in steps: the mapping read, the HTML written, each page laid out,
    the PDF written and stored. The number of pages is known only once they are laid out:
    until then the previous version's count stands in for it (none for the first)."""

    STEPS_BESIDES_PAGES = 4

    def __init__(self, job, *, expected_pages=None):
        self.job = job
        self.pages = expected_pages
        self.laid_out = 0
        self.done = 0
        jobs.job_progress(job, 0, self.total)

    @property
    def total(self):
        return None if self.pages is None else self.pages + self.STEPS_BESIDES_PAGES

    def __call__(self, step, page=None):
        if step == "data":
            self.done = 1
        elif step == "html":
            self.done = 2
        elif step == "page":
            # A second layout pass (for the page references) starts again at page 1: the
            # bar does not go back.
            if page <= self.laid_out:
                return
            self.laid_out = page
            if self.pages is not None and page > self.pages:
                self.pages = page
            self.done = 2 + page
        elif step == "pdf":
            self.pages = self.laid_out
            self.done = 3 + self.laid_out
        elif step == "stored":
            # Written whatever the time since the last: the total may have changed since.
            self.done = self.total or self.done
        jobs.job_progress(self.job, self.done, self.total)


def version_pdf_make(*, version, progress=None):
    """Make `version`'s PDF from the report as it is now, store it and mark it ready.

    Returns the version, or the newest ready version when that one already holds the
    report as it is (the new row is then removed). Does nothing to a version that is not
    being prepared (made already, or removed).
    """
    if not ReportVersion.objects.filter(pk=version.pk, pdf_state=PdfState.PREPARING).exists():
        return version
    previous = (
        ReportVersion.objects.filter(pdf_state=PdfState.READY, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    narrative = ReportNarrative.current()
    if previous is not None and previous.source_checksum:
        again = report_package.source_checksum(
            narrative=narrative,
            version_number=previous.number,
            frozen_at=previous.frozen_at,
            language=REPORT_LANGUAGE,
        )
        if again == previous.source_checksum:
            ReportVersion.objects.filter(pk=version.pk, pdf_state=PdfState.PREPARING).delete()
            return previous
    frozen_at = timezone.now()
    report = report_package.build_interim_report(
        narrative=narrative,
        version_number=version.number,
        frozen_at=frozen_at,
        language=REPORT_LANGUAGE,
        progress=progress,
    )
    return _store(version, report, frozen_at=frozen_at)


def _store(version, report, *, frozen_at):
    """Store the PDF's bytes, then mark the version ready with them; a row that is no longer
    being prepared, or a save that fails, leaves no file behind."""
    field = version.pdf.field
    name = field.generate_filename(version, f"delrapport-v{version.number}.pdf")
    stored = field.storage.save(name, ContentFile(report.pdf), max_length=field.max_length)
    try:
        with transaction.atomic():
            locked = (
                ReportVersion.objects.select_for_update()
                .filter(pk=version.pk, pdf_state=PdfState.PREPARING)
                .first()
            )
            if locked is None:
                field.storage.delete(stored)
                return version
            locked.pdf.name = stored
            locked.checksum = hashlib.sha256(report.pdf).hexdigest()
            locked.source_checksum = report.source_checksum
            locked.page_count = report.page_count
            locked.figures = _json_figures(report.figures)
            locked.frozen_at = frozen_at
            locked.pdf_state = PdfState.READY
            locked.pdf_error = ""
            locked.full_clean()
            locked.save()
    except BaseException:
        field.storage.delete(stored)
        raise
    return locked


def _json_figures(figures):
    """The key figures as JSON can hold them: Decimals become strings, never floats."""
    result = {}
    for key, value in figures.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, dict):
            value = _json_figures(value)
        result[str(key)] = value
    return result


def _pdf_failed(job, error):
    """The job has finally failed: the version says why, and offers to try again."""
    ReportVersion.objects.filter(pk=job.object_id, pdf_state=PdfState.PREPARING).update(
        pdf_state=PdfState.FAILED,
        pdf_error=job.error or str(error)[:2000],
    )


# Never tried again by itself: nothing outside fails it, and a render that kills its worker
# would only do so again; the project leader tries again from the version page.
@jobs.task(TASK, label=_("Make the interim report's PDF"), on_failure=_pdf_failed, max_retries=0)
def make_report_pdf(job, version_id):
    """Render and store the PDF of the version `version_id`, if it is still being prepared."""
    version = ReportVersion.objects.filter(pk=version_id, pdf_state=PdfState.PREPARING).first()
    if version is None:
        return
    previous_pages = (
        ReportVersion.objects.filter(pdf_state=PdfState.READY, number__lt=version.number)
        .order_by("-number")
        .values_list("page_count", flat=True)
        .first()
    )
    progress = Progress(job, expected_pages=previous_pages)
    made = version_pdf_make(version=version, progress=progress)
    if made.pk == version.pk:
        progress("stored")
    else:
        # Nothing had changed: the job's result is the version that holds the report.
        Job.objects.filter(pk=job.pk).update(result_url=made.get_absolute_url())
        job.result_url = made.get_absolute_url()
