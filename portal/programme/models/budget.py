"""Budget baselines: the plan's estimate kept as it stood on a day (the original offer, a
revision the steering group agreed), so that the plan of today can be compared with it."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.programme.models.plan import Activity, round_money
from portal.validators import programme_date


class BudgetBaseline(models.Model):
    """A budget kept as it stood (the original offer, a revision the steering group agreed),
    so that the plan of today can be compared with it."""

    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        db_table = "portal_budgetbaseline"
        ordering = ("created_at",)
        verbose_name = _("budget baseline")
        verbose_name_plural = _("budget baselines")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="portal_budget_baseline_name_unique",
                violation_error_code="unique",
                violation_error_message=_("A baseline with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name


class BaselineLine(models.Model):
    """One activity as it stood in a baseline; names are copied so the line outlives edits."""

    baseline = models.ForeignKey(
        BudgetBaseline, verbose_name=_("baseline"), on_delete=models.CASCADE, related_name="lines"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="baseline_lines",
    )
    phase_number = models.PositiveSmallIntegerField(_("phase"))
    name = models.CharField(_("activity"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    hourly_rate = models.DecimalField(_("hourly rate (excl. VAT)"), max_digits=9, decimal_places=2)

    class Meta:
        db_table = "portal_baselineline"
        ordering = ("phase_number", "pk")
        verbose_name = _("baseline line")
        verbose_name_plural = _("baseline lines")

    def __str__(self):
        return f"{self.baseline}: {self.name}"

    @property
    def cost(self):
        return round_money(self.hours * self.hourly_rate)
