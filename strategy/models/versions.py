"""Versions of a strategy (one per save, each a full snapshot) and the steering group's
review of a version submitted to it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.review.models import (
    AbstractComment,
    AbstractReviewed,
    AbstractVerdict,
    part_key,
    version_key,
)
from portal.validators import programme_date
from strategy.models.plan import Strategy


class StrategyVersion(AbstractReviewed):
    """The whole strategy as it stood after one save: who, when, what changed, and a
    snapshot (JSON) that never changes, so any two versions can be compared."""

    # The steering group's review (portal.review): a version is superseded by a newer
    # version of the same strategy submitted.
    REVIEW_SERIES = ("strategy",)

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    summary = models.CharField(_("what changed"), max_length=300, blank=True)
    # The summary as the system wrote it: an English message (a msgid) and its parameters,
    # translated when shown, so each reader sees it in their language. `summary` keeps the
    # text in the municipality's language (exports, admin, versions from before).
    summary_message = models.CharField(
        _("what changed (message)"), max_length=200, blank=True, editable=False
    )
    summary_params = models.JSONField(
        _("what changed (parameters)"), default=dict, blank=True, editable=False
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now, validators=[programme_date])
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ("strategy", "-number")
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"], name="strategy_version_number_unique"
            )
        ]

    def __str__(self):
        return _("%(strategy)s, version %(number)s") % {
            "strategy": self.strategy.title,
            "number": self.number,
        }

    def get_absolute_url(self):
        return reverse("strategy:version-detail", args=[self.pk])

    @property
    def summary_text(self):
        """What changed, in the reader's language when the system wrote it."""
        if not self.summary_message:
            return self.summary
        try:
            return gettext(self.summary_message) % self.summary_params
        except (KeyError, TypeError, ValueError):
            return self.summary


class StrategyComment(AbstractComment):
    """A steering group member's comment on a submitted version (a section, or the whole),
    or a staff member's answer to one."""

    version = version_key(StrategyVersion, related_name="comments")
    section = part_key(
        _("section"),
        help_text=_("Empty for the plan as a whole; else 'vision' or a focus area's key."),
    )

    class Meta(AbstractComment.Meta):
        verbose_name = _("strategy comment")
        verbose_name_plural = _("strategy comments")


class StrategyVerdict(AbstractVerdict):
    version = version_key(StrategyVersion, related_name="verdicts")

    class Meta(AbstractVerdict.Meta):
        verbose_name = _("strategy verdict")
        verbose_name_plural = _("strategy verdicts")
