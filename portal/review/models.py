"""The review's abstract models: a member's comment (or staff's answer to one) and a member's
verdict. Each app keeps its own table with a thin subclass that adds the version it reviews
(`version_key`) and, on the comment, the field naming the part (`part_key`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.review.states import ReviewState
from portal.validators import programme_date

TEXT_MAX = 5000


class AbstractReviewed(models.Model):
    """What a reviewed version has: when and by whom it was sent to the steering group. The
    subclass has a `number` and says which versions a newer one supersedes (`REVIEW_SERIES`,
    portal.review.states)."""

    ReviewState = ReviewState
    REVIEW_SERIES = ()

    submitted_at = models.DateTimeField(
        _("submitted to the steering group"),
        null=True,
        blank=True,
        validators=[programme_date],
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


def version_key(to, *, related_name):
    """The comment's or verdict's version: `to`, the app's reviewed model."""
    return models.ForeignKey(
        to, verbose_name=_("version"), on_delete=models.CASCADE, related_name=related_name
    )


def part_key(verbose_name, *, help_text):
    """The comment's part of the version (a chapter, a section); empty for the whole."""
    return models.CharField(verbose_name, max_length=40, blank=True, help_text=help_text)


class AbstractComment(models.Model):
    """A steering group member's comment on a version (one part, or the whole), or a staff
    member's answer to one (`answer_to`)."""

    text = models.TextField(_("comment"), max_length=TEXT_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_to = models.ForeignKey(
        "self",
        verbose_name=_("answer to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
    )
    created_at = models.DateTimeField(
        _("written"),
        default=timezone.now,
        validators=[programme_date],
    )

    class Meta:
        abstract = True
        ordering = ("created_at", "pk")

    def __str__(self):
        return self.text[:60]


class AbstractVerdict(models.Model):
    """A steering group member's verdict on a version: approved or changes requested. One per
    member and version; it may be changed."""

    class Verdict(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("steering group member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    comment = models.TextField(_("comment"), max_length=TEXT_MAX, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now, validators=[programme_date])

    class Meta:
        abstract = True
        ordering = ("given_at",)
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="%(app_label)s_verdict_once")
        ]

    def __str__(self):
        return f"{self.member}: {self.get_verdict_display()}"
