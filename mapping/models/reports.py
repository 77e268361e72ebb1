"""The interim report (delrapport): the narrative the project leader writes, the frozen
versions whose PDF never changes, and the steering group's review of them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.review.models import (
    AbstractComment,
    AbstractReviewed,
    AbstractVerdict,
    part_key,
    version_key,
)
from portal.storage import private_storage
from portal.validators import programme_date


class ReportNarrative(models.Model):
    """The sections of the interim report that people write; the rest is computed.

    One row: the programme has one interim report, frozen as many versions as needed.
    """

    introduction = models.TextField(_("introduction"), max_length=20000, blank=True)
    method = models.TextField(_("method"), max_length=20000, blank=True)
    conclusions = models.TextField(_("conclusions"), max_length=20000, blank=True)
    recommendations = models.TextField(
        _("recommendations for the strategy"), max_length=20000, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, validators=[programme_date])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    SECTIONS = ("introduction", "method", "conclusions", "recommendations")

    class Meta:
        verbose_name = _("interim report text")
        verbose_name_plural = _("interim report texts")

    def __str__(self):
        return str(_("Interim report"))

    @classmethod
    def current(cls):
        narrative, _created = cls.objects.get_or_create(pk=1)
        return narrative


class ReportVersion(AbstractReviewed):
    """A frozen, numbered version of the interim report. Its PDF never changes.

    Freezing makes the numbered row at once; a background job (mapping.reports.jobs) reads
    the mapping, renders the PDF and stores it with its checksum, page count and key
    figures, and marks it ready. Until then the version is being prepared: it has no PDF,
    and it cannot be submitted to the steering group.
    """

    # The steering group's review (portal.review): one interim report, so every version
    # is superseded by any newer one submitted (REVIEW_SERIES = ()).

    class PdfState(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    number = models.PositiveIntegerField(_("version"), unique=True)
    pdf = models.FileField(
        _("PDF"), upload_to="reports/interim/", storage=private_storage, blank=True
    )
    # A version made with its PDF (as every one was before the job made them) is ready.
    pdf_state = models.CharField(
        _("state of the PDF"),
        max_length=10,
        choices=PdfState.choices,
        default=PdfState.READY,
    )
    pdf_error = models.TextField(_("why the PDF could not be made"), max_length=2000, blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    # The HTML the PDF was rendered from: a freeze of an unchanged report compares it
    # instead of rendering the PDF again. Empty for versions frozen before it was kept.
    source_checksum = models.CharField(
        _("SHA-256 checksum of the HTML"), max_length=64, blank=True, editable=False
    )
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # The key figures at freezing, so that two versions can be compared without the PDFs.
    figures = models.JSONField(_("key figures"), default=dict, blank=True)
    # When the mapping was read for the PDF: set again by the job that renders it.
    frozen_at = models.DateTimeField(_("frozen"), default=timezone.now, validators=[programme_date])
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ("-number",)
        verbose_name = _("interim report version")
        verbose_name_plural = _("interim report versions")

    def __str__(self):
        return str(_("Interim report, version %(number)s") % {"number": self.number})

    def get_absolute_url(self):
        return reverse("mapping:report-version", args=[self.pk])

    @property
    def pdf_ready(self):
        return self.pdf_state == self.PdfState.READY

    @property
    def pdf_failed(self):
        return self.pdf_state == self.PdfState.FAILED


class ReviewComment(AbstractComment):
    """A steering group member's comment on a version (a chapter, or the whole), or a staff
    member's answer to one."""

    version = version_key(ReportVersion, related_name="comments")
    chapter = part_key(_("chapter"), help_text=_("Empty for the report as a whole."))

    class Meta(AbstractComment.Meta):
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")


class ReviewVerdict(AbstractVerdict):
    """A steering group member's verdict on a version: approved or changes requested."""

    version = version_key(ReportVersion, related_name="verdicts")

    class Meta(AbstractVerdict.Meta):
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
