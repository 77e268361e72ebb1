"""The adopted plan in action: progress updates per action, and the e-mails that tell the
people who gave feedback what became of it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import Feedback
from portal.validators import past_date, programme_date
from strategy.models.plan import Action


class ProgressUpdate(models.Model):
    """Where an action stood on a date. The newest update sets the action's state."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="progress"
    )
    date = models.DateField(_("date"), default=timezone.localdate, validators=[past_date])
    state = models.CharField(_("state"), max_length=20, choices=Action.State.choices)
    percent_done = models.PositiveSmallIntegerField(
        _("percentage done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    indicator_value = models.DecimalField(
        _("indicator's current value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(
        _("internal note"),
        max_length=5000,
        blank=True,
        help_text=_("For the programme's staff; never shown on the public page."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(
        _("registered"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )

    class Meta:
        ordering = ("-date", "-created_at")
        get_latest_by = ("date", "created_at")
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_done__lte=100),
                name="strategy_progress_percent_at_most_100",
                violation_error_message=_("Percentage done is at most 100."),
            )
        ]

    def __str__(self):
        return f"{self.action}: {self.date:%d.%m.%Y} {self.percent_done} %"


class FeedbackNotice(models.Model):
    """An e-mail that told the person behind a piece of feedback that an action answering it
    was adopted or done. Kept so that nobody is told the same twice."""

    class Event(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        DONE = "done", _("Done")

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="notices"
    )
    feedback = models.ForeignKey(
        Feedback, verbose_name=_("feedback"), on_delete=models.CASCADE, related_name="notices"
    )
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, validators=[programme_date])
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        ordering = ("-sent_at",)
        verbose_name = _("feedback notice")
        verbose_name_plural = _("feedback notices")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "feedback", "event"], name="strategy_notice_once"
            )
        ]

    def __str__(self):
        return f"{self.action} → {self.feedback_id} ({self.get_event_display()})"
