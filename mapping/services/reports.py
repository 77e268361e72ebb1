"""The interim report's workflows: writing the narrative, freezing numbered versions, and the
steering group's review (submission, comments, answers, verdicts)."""

import importlib
import logging
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import ReportNarrative, ReportVersion
from mapping.reports import jobs as report_jobs
from mapping.review_policy import POLICY
from portal import emails, jobs, review, steering
from portal.models import Job
from portal.records import assign
from portal.review import selectors as review_selectors
from portal.review import services as review_services

logger = logging.getLogger(__name__)

State = ReportVersion.ReviewState
PdfState = ReportVersion.PdfState

# The report is written in the municipality's language, whoever freezes it.
REPORT_LANGUAGE = report_jobs.REPORT_LANGUAGE


def report_package():
    """The PDF package (mapping.reports), loaded when first needed: it pulls in WeasyPrint."""
    return importlib.import_module("mapping.reports")


# --- The narrative ---------------------------------------------------------------------


@transaction.atomic
def narrative_update(*, by, **values):
    """Save the project leader's narrative sections (`values`: the texts of
    `ReportNarrative.SECTIONS`); history records who."""
    narrative = ReportNarrative.current()
    assign(narrative, values, fields=ReportNarrative.SECTIONS)
    narrative.updated_by = by
    narrative.full_clean()
    narrative._history_user = by
    narrative.save()
    return narrative


# --- Freezing --------------------------------------------------------------------------


def report_freeze(*, by, latest_seen=None):
    """Freeze the report as it is now: a new numbered version at once, whose PDF a
    background job makes (`mapping.reports.jobs`); the version is being prepared until then.

    Returns `(version, created)`. Freezing is idempotent, because a double click must not
    make two identical versions: `latest_seen` is the number of the newest version the
    person's page showed (0 for none); when a newer one exists by the time the lock is
    ours, that one is returned. While the newest version's PDF is being prepared (or could
    not be made) that version is returned too: a second freeze would only copy it. With or
    without a token, the job keeps no version of a report that has not changed since the
    newest ready one: it removes the new row and points to that one.

    The narrative row is locked while the version is numbered, so two freezes at the same
    time take turns (the unique number is the last line of defence). The job is queued
    when the transaction commits: a freeze that does not commit starts none.
    """
    with transaction.atomic():
        ReportNarrative.current()  # make sure the row exists before it is locked
        ReportNarrative.objects.select_for_update().get(pk=1)
        latest = ReportVersion.objects.order_by("-number").first()
        if latest is not None and latest_seen is not None and latest.number != latest_seen:
            return latest, False
        if latest is not None and latest.pdf_state == PdfState.PREPARING:
            pdf_job(latest)  # a lost job fails the version here, to be tried again
            latest.refresh_from_db()
        if latest is not None and not latest.pdf_ready:
            return latest, False
        version = ReportVersion(
            number=latest.number + 1 if latest is not None else 1,
            frozen_by=by,
            pdf_state=PdfState.PREPARING,
        )
        version.full_clean()
        version.save()
        _queue_pdf(version, by=by, key=f"report-pdf:{version.pk}")
    return version, True


def _queue_pdf(version, *, by, key):
    return jobs.enqueue(
        report_jobs.make_report_pdf,
        version.pk,
        user=by,
        about=version,
        key=key,
        result_url=version.get_absolute_url(),
    )


@transaction.atomic
def report_pdf_retry(*, version, by):
    """Try again to make the PDF of a version whose job failed: a new job, under a new key.
    Refused unless the PDF could not be made (a double click finds it being prepared)."""
    locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if not locked.pdf_failed:
        raise ValidationError(
            _(
                "There is nothing to try again: the PDF of version %(number)s is ready or "
                "being prepared."
            ),
            code="not_failed",
            params={"number": locked.number},
        )
    locked.pdf_state = PdfState.PREPARING
    locked.pdf_error = ""
    locked.save(update_fields=["pdf_state", "pdf_error"])
    # A key of its own: the failed job's key would find that job. The lock above is what
    # makes a double click try once.
    _queue_pdf(locked, by=by, key=f"report-pdf:{locked.pk}:{uuid.uuid4().hex}")
    return locked


def pdf_job(version):
    """The newest job that makes (or made) `version`'s PDF, or None. A job lost on the way
    (its message, or its worker killed) is settled as failed first, and with it the
    version, so that the project leader can try again."""
    return jobs.settle(jobs.latest(version, report_jobs.TASK))


def pdf_job_removed(pk):
    """Whether the version `pk` is gone because its own job found the report unchanged
    since the newest ready version (`mapping.reports.jobs`)."""
    return (
        Job.objects.filter(
            task=report_jobs.TASK,
            content_type=ContentType.objects.get_for_model(ReportVersion),
            object_id=pk,
            state=Job.State.SUCCEEDED,
        ).exists()
        and not ReportVersion.objects.filter(pk=pk).exists()
    )


# --- The review ------------------------------------------------------------------------


def review_state(version):
    """The review state of one version: not submitted, open, changes requested, approved or
    superseded."""
    return review_selectors.state_of(policy=POLICY, version=version)


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


@transaction.atomic
def report_submit(*, version, by, request=None, notify=True):
    """Submit a frozen version to the steering group and e-mail every member a link to it;
    a member without a login gets an account and the invitation to choose a password in
    the same e-mail (`portal.steering.reach`). An older version under review is superseded.

    Returns every member as a `portal.steering.Recipient` (those who cannot be reached too,
    with the reason) and the deliveries of the e-mails (`emails.Outcome`). The e-mails are
    recorded with the submission and go out once it has committed; one that fails is kept
    as a failed delivery, to be sent again, and does not undo it.
    """
    # Lock the row, so that two submissions at once send one set of e-mails.
    submitted_at, pdf_state = (
        ReportVersion.objects.select_for_update()
        .filter(pk=version.pk)
        .values_list("submitted_at", "pdf_state")
        .get()
    )
    if submitted_at is not None:
        raise ValidationError(
            _("Version %(number)s was already submitted to the steering group."),
            code="already_submitted",
            params={"number": version.number},
        )
    if pdf_state != PdfState.READY:
        # The members read the PDF on the version's page, which the e-mail links to.
        raise ValidationError(
            _("The PDF of version %(number)s is not ready: submit it once it is."),
            code="pdf_not_ready",
            params={"number": version.number},
        )
    review.check_may_submit(version)
    version.submitted_at = timezone.now()
    version.submitted_by = by
    version.full_clean()
    version.save(update_fields=["submitted_at", "submitted_by"])
    recipients = steering.reach(by=by, request=request) if notify else steering.recipients()
    outcome = emails.Outcome()
    if notify:
        url = _absolute(request, version.get_absolute_url())
        login_url = _absolute(request, reverse("login"))
        outcome = steering.mail_submitted(
            template="report_submitted",
            version=version,
            recipients=recipients,
            context={"version": version, "submitted_by": by, "url": url, "login_url": login_url},
            by=by,
        )
    return recipients, outcome


# The steering group's comments, staff's answers and the members' verdicts: the shared
# review (portal.review) under the report's policy; a comment's part is its chapter.


def review_comment_add(*, version, by, chapter, text):
    """A steering group member's comment on a chapter ("" for the report as a whole)."""
    return review_services.comment_add(
        policy=POLICY, version=version, by=by, part=chapter, text=text
    )


def review_comment_answer(*, comment, by, text):
    """A staff member's answer to a member's comment, on the same chapter."""
    return review_services.comment_answer(policy=POLICY, comment=comment, by=by, text=text)


def review_verdict_give(*, version, member, verdict, comment=""):
    """Give or change a member's verdict on a version: approved or changes requested."""
    return review_services.verdict_give(
        policy=POLICY, version=version, member=member, verdict=verdict, comment=comment
    )
