"""The interim report's workflows: writing the narrative, freezing numbered versions, and the
steering group's review (submission, comments, answers, verdicts)."""

import hashlib
import importlib
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import ReportNarrative, ReportVersion, ReviewComment, ReviewVerdict
from mapping.reports.interim import CHAPTERS as REPORT_CHAPTERS
from portal import emails, review, steering
from portal.review import answer_save, verdict_save
from portal.steering import is_reviewer, reviewers

logger = logging.getLogger(__name__)

# The report's chapters, for comments on one of them; "" is the report as a whole.
# The chapters a comment can be about are the PDF's own.
CHAPTERS = [(chapter.key, chapter.title) for chapter in REPORT_CHAPTERS]
GENERAL = ""
GENERAL_LABEL = _("The report as a whole")
CHAPTER_LABELS = {GENERAL: GENERAL_LABEL, **dict(CHAPTERS)}

State = ReportVersion.ReviewState

# The report is written in the municipality's language, whoever freezes it.
REPORT_LANGUAGE = "da"


def report_package():
    """The PDF package (mapping.reports), loaded when first needed: it pulls in WeasyPrint."""
    return importlib.import_module("mapping.reports")


def steering_group_members():
    """The active members of the steering group, the people who review a submitted version
    (one definition for the whole portal: `portal.steering.reviewers`)."""
    return reviewers()


# --- The narrative ---------------------------------------------------------------------


@transaction.atomic
def narrative_update(*, form, by):
    """Save the project leader's narrative sections from a valid form; history records who."""
    narrative = form.save(commit=False)
    narrative.updated_by = by
    narrative.full_clean()
    narrative._history_user = by
    narrative.save()
    return narrative


# --- Freezing --------------------------------------------------------------------------


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


def report_freeze(*, by, latest_seen=None):
    """Freeze the report as it is now: a new numbered version with its PDF, stored for good.

    Returns `(version, created)`. Freezing is idempotent, because a double click must not
    make two identical versions: `latest_seen` is the number of the newest version the
    person's page showed (0 for none); when a newer one exists by the time the lock is
    ours, that one is returned. With or without it, a report that has not changed since the
    newest version (the same figures and texts, a byte-identical PDF) returns that version.

    The narrative row is locked while the version is made, so two freezes at the same time
    take turns and get consecutive numbers (the unique number is the last line of defence).
    The PDF's bytes are stored through the storage API with their SHA-256 checksum, only
    after the row is saved, and removed again if the transaction does not commit; the
    version is never rendered again, so later changes to the data do not touch it.
    """
    stored = None
    try:
        with transaction.atomic():
            ReportNarrative.current()  # make sure the row exists before it is locked
            narrative = ReportNarrative.objects.select_for_update().get(pk=1)
            latest = ReportVersion.objects.order_by("-number").first()
            if latest is not None and latest_seen is not None and latest.number != latest_seen:
                return latest, False
            version, pdf = _version_of_now(narrative=narrative, latest=latest, by=by)
            if version is None:
                return latest, False
            version.full_clean()
            version.save()
            stored = version.pdf.storage.save(
                version.pdf.name, ContentFile(pdf), max_length=version.pdf.field.max_length
            )
            if stored != version.pdf.name:
                version.pdf.name = stored
                version.save(update_fields=["pdf"])
    except BaseException:
        # The row was not saved, or its transaction did not commit: no file left behind.
        if stored is not None:
            version.pdf.storage.delete(stored)
        raise
    return version, True


def _version_of_now(*, narrative, latest, by):
    """(unsaved version, PDF bytes) of the report as it is now, or (None, None) when it is
    the same as the newest version `latest`."""
    number = latest.number + 1 if latest is not None else 1
    frozen_at = timezone.now()
    # The PDF, its page count and its key figures from one reading of the data, so the
    # figures stored with the version are exactly those printed in its PDF.
    report = report_package().build_interim_report(
        narrative=narrative,
        version_number=number,
        frozen_at=frozen_at,
        language=REPORT_LANGUAGE,
    )
    figures = _json_figures(report.figures)
    if latest is not None and _same_as(latest, narrative=narrative, figures=figures):
        return None, None
    version = ReportVersion(
        number=number,
        checksum=hashlib.sha256(report.pdf).hexdigest(),
        page_count=report.page_count,
        figures=figures,
        frozen_at=frozen_at,
        frozen_by=by,
    )
    version.pdf.name = version.pdf.field.generate_filename(version, f"delrapport-v{number}.pdf")
    return version, report.pdf


def _same_as(version, *, narrative, figures):
    """Whether the report now is the one frozen as `version`: the same figures, texts not
    saved since, and the PDF rendered with that version's number and date is byte for byte
    the stored one (rendering is deterministic; the cheap checks spare most re-renderings)."""
    if version.figures != figures or narrative.updated_at > version.frozen_at:
        return False
    again = report_package().build_interim_report(
        narrative=narrative,
        version_number=version.number,
        frozen_at=version.frozen_at,
        language=REPORT_LANGUAGE,
    )
    return hashlib.sha256(again.pdf).hexdigest() == version.checksum


# --- The review ------------------------------------------------------------------------


# One definition of the review's states for both reviews (portal.review).
state_from_counts = review.state_from_counts


def review_state(version):
    """The review state of one version: not submitted, open, changes requested or approved."""
    if version.submitted_at is None:
        return State.NOT_SUBMITTED
    member_ids = list(steering_group_members().values_list("pk", flat=True))
    verdicts = version.verdicts.all()
    return state_from_counts(
        submitted=True,
        superseded=review.newer_version(version) is not None,
        changes_requested=verdicts.filter(verdict=ReviewVerdict.Verdict.CHANGES_REQUESTED).count(),
        approvals=verdicts.filter(
            verdict=ReviewVerdict.Verdict.APPROVED, member_id__in=member_ids
        ).count(),
        members=len(member_ids),
    )


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
    submitted_at = (
        ReportVersion.objects.select_for_update()
        .filter(pk=version.pk)
        .values_list("submitted_at", flat=True)
        .get()
    )
    if submitted_at is not None:
        raise ValidationError(
            _("Version %(number)s was already submitted to the steering group."),
            code="already_submitted",
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
        for recipient in recipients:
            if not recipient.reachable:
                continue
            outcome += emails.send(
                "report_submitted",
                to=[recipient.email],
                context={
                    "version": version,
                    "member": recipient.user,
                    "submitted_by": by,
                    "url": url,
                    "login_url": login_url,
                    "invitation": recipient.invitation,
                },
                language=recipient.language,
                about=version,
                recipient_user=recipient.user,
                key=f"report_submitted:{version.pk}:{recipient.user.pk}",
                user=by,
            )
    return recipients, outcome


def _check_chapter(chapter):
    if chapter not in CHAPTER_LABELS:
        raise ValidationError({"chapter": _("Choose a chapter of the report.")}, code="chapter")


def _check_member_may_review(version, member):
    # A former member (inactive in the programme's member list) reviews nothing either.
    if not member.is_active or not is_reviewer(member):
        raise ValidationError(_("Only steering group members review the report."), code="role")
    if version.submitted_at is None:
        raise ValidationError(
            _("This version has not been submitted to the steering group."), code="not_submitted"
        )
    review.check_open(version)


@transaction.atomic
def review_comment_add(*, version, by, chapter, text):
    """A steering group member's comment on a chapter ("" for the report as a whole)."""
    _check_member_may_review(version, by)
    _check_chapter(chapter)
    comment = ReviewComment(version=version, chapter=chapter, text=text.strip(), author=by)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def review_comment_answer(*, comment, by, text):
    """The project leader's answer to a member's comment, on the same chapter."""
    if not by.is_project_leader:
        raise ValidationError(_("Only the project leader answers comments."), code="role")
    return answer_save(comment=comment, by=by, text=text, part="chapter")


@transaction.atomic
def review_verdict_give(*, version, member, verdict, comment=""):
    """Give or change a member's verdict on a version: approved or changes requested."""
    _check_member_may_review(version, member)
    return verdict_save(
        model=ReviewVerdict, version=version, member=member, verdict=verdict, comment=comment
    )
