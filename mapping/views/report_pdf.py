"""The interim report's versions and their PDFs: freezing numbers a version at once and a
background job makes its PDF (mapping.reports.jobs); until then the version is being prepared.

The pages of versions (mapping.views.reports) show how far the job has come to those who may
follow it (`with_pdf_jobs`); the PDF is served only once it exists; the project leader tries
again when the job failed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from mapping.models import ReportVersion
from mapping.selectors import reports as selectors
from mapping.services import reports as services
from portal import jobs, refusals
from portal.access import EVERYONE_LOGGED_IN, PROJECT_LEADER, role_required


def pdf_name(number=None):
    return f"delrapport-v{number}.pdf" if number else "delrapport-udkast.pdf"


@role_required(PROJECT_LEADER)
@require_POST
def report_freeze(request):
    """Number a new version and queue its PDF; the version's page shows how far it has come.

    Without a worker (a laptop) the job has already run when the service returns, so the
    message says what it did.
    """
    # The form carries the newest version its page showed, so a double click (or a second
    # window) freezes once and the second request is shown the version the first made.
    latest_seen = request.POST.get("latest_seen", "")
    version, created = services.report_freeze(
        by=request.user, latest_seen=int(latest_seen) if latest_seen.isdigit() else None
    )
    try:
        current = selectors.version_get_for_user(
            user=request.user, pk=version.pk, with_review=False
        )
    except Http404:
        # The job found the report unchanged since the newest ready version: that one holds it.
        return no_new_version(request)
    if not created:
        _tell_existing(request, current)
    elif current.pdf_ready:
        messages.success(
            request,
            _("Version %(number)s was frozen: %(pages)s pages, stored for good.")
            % {"number": current.number, "pages": current.page_count},
        )
    elif current.pdf_failed:
        messages.error(request, _pdf_failed_text(current))
    else:
        messages.info(
            request,
            _(
                "Version %(number)s is frozen and its PDF is being prepared. This page shows "
                "how far it has come; you may leave it and come back."
            )
            % {"number": current.number},
        )
    return redirect(current)


def _tell_existing(request, version):
    """Why a freeze made no new version: the one it found instead."""
    if version.pdf_ready:
        messages.info(request, _no_new_version_text(version))
    elif version.pdf_failed:
        messages.warning(
            request,
            _(
                "No new version was made: the PDF of version %(number)s could not be made. "
                "Try again here before freezing a new version."
            )
            % {"number": version.number},
        )
    else:
        messages.info(
            request,
            _("No new version was made: version %(number)s is still being prepared.")
            % {"number": version.number},
        )


def _pdf_failed_text(version):
    return _("The PDF of version %(number)s could not be made: %(error)s") % {
        "number": version.number,
        "error": version.pdf_error,
    }


def _no_new_version_text(version):
    return _("No new version was made: version %(number)s already holds the report as it is.") % {
        "number": version.number
    }


def no_new_version(request):
    """The freeze's version was removed by its job because nothing had changed: the newest
    ready version holds the report as it is."""
    ready = selectors.versions_visible(user=request.user).filter(
        pdf_state=ReportVersion.PdfState.READY
    )
    target = ready.first()
    if target is None:
        return redirect("mapping:report-home")
    messages.info(request, _no_new_version_text(target))
    return redirect(target)


def with_pdf_jobs(versions, user):
    """The versions whose PDF is not ready, each with `pdf_job`: the job making it, when
    `user` may follow it (None otherwise). Usually none, and at most the newest."""
    waiting = [version for version in versions if not version.pdf_ready]
    for version in waiting:
        job = services.pdf_job(version)
        if job is not None and job.finished and version.pdf_state == version.PdfState.PREPARING:
            version.refresh_from_db()  # its job was lost and has just been settled as failed
        version.pdf_job = job if job is not None and jobs.may_follow(user, job) else None
    return waiting


@role_required(EVERYONE_LOGGED_IN)
@require_safe
@xframe_options_sameorigin
def version_pdf(request, pk):
    """The frozen PDF, exactly as stored, to those who may see the version (404 for others).

    Served from the storage through this view, never from a public media URL. The version
    page shows it in a frame, hence same-origin framing.
    """
    version = selectors.version_get_for_user(user=request.user, pk=pk, with_review=False)
    if not version.pdf_ready:
        return render(
            request, "mapping/reports/pdf_not_ready.html", {"version": version}, status=409
        )
    download = request.GET.get("download") == "1"
    response = FileResponse(
        version.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=download,
        filename=pdf_name(version.number),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


@role_required(PROJECT_LEADER)
@require_POST
def report_pdf_retry(request, pk):
    """The project leader tries again to make the PDF of a version whose job failed."""
    version = selectors.version_get_for_user(user=request.user, pk=pk, with_review=False)
    try:
        services.report_pdf_retry(version=version, by=request.user)
    except ValidationError as error:
        refusals.as_message(request, error)
        return redirect(version)
    # Without a worker the job has run: say what it did (it removes a version whose report
    # has not changed since the newest ready one).
    try:
        version = selectors.version_get_for_user(
            user=request.user, pk=version.pk, with_review=False
        )
    except Http404:
        return no_new_version(request)
    if version.pdf_ready:
        messages.success(
            request,
            _("The PDF of version %(number)s was made: %(pages)s pages, stored for good.")
            % {"number": version.number, "pages": version.page_count},
        )
    elif version.pdf_failed:
        messages.error(request, _pdf_failed_text(version))
    else:
        messages.info(
            request,
            _("The PDF of version %(number)s is being prepared again.")
            % {"number": version.number},
        )
    return redirect(version)
