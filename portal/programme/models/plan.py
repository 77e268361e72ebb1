"""The programme plan: the offer's phases and activities, the hours and kroner they were
estimated at, and the time the consultants register against them.

Costs and totals are computed from hours × rate, never typed in.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.validators import DateRangeValidator, day_text, programme_date

# Danish VAT (moms) on the consultants' invoices.
VAT_RATE = Decimal("0.25")
# The offer's hourly rate, excluding VAT, transport and stay included.
DEFAULT_HOURLY_RATE = Decimal("825.00")
# No single registration may claim more hours than a working day can hold.
MAX_HOURS_PER_ENTRY = Decimal("16")
# An activity is flagged when its used hours pass these shares of its estimate.
WARNING_SHARES = (Decimal("0.9"), Decimal("1.0"))


CENT = Decimal("0.01")


def round_money(amount):
    """Kroner to the øre, halves rounded up as on an invoice (not to the even øre)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def with_vat(amount):
    return round_money(amount * (1 + VAT_RATE))


def validate_hours_per_entry(value):
    """No more than MAX_HOURS_PER_ENTRY in one registration. The message is translated when
    it is shown, in the language of the person who reads it."""
    if value is not None and value > MAX_HOURS_PER_ENTRY:
        raise ValidationError(
            _("No more than %(limit)s hours in one registration."),
            code="max_value",
            params={"limit": MAX_HOURS_PER_ENTRY},
        )


class Phase(models.Model):
    """A phase of the offer (fase 1: mapping and strategy, fase 2: implementation)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    starts_on = models.DateField(_("starts"), validators=[programme_date])
    ends_on = models.DateField(_("ends"), validators=[programme_date])
    contracted = models.BooleanField(
        _("contracted"),
        default=False,
        help_text=_("Time can only be registered on a phase that the municipality has ordered."),
    )
    history = HistoricalRecords(table_name="portal_historicalphase")

    class Meta:
        db_table = "portal_phase"
        ordering = ("number",)
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="portal_phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it starts."),
            )
        ]

    def __str__(self):
        return _("Phase %(number)s: %(name)s") % {"number": self.number, "name": self.name}

    def get_absolute_url(self):
        return reverse("programme:phase-detail", args=[self.pk])

    def contains(self, day):
        return self.starts_on <= day <= self.ends_on


class Activity(models.Model):
    """An activity of a phase, with its estimate. Its cost is hours × rate."""

    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="activities"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    hourly_rate = models.DecimalField(
        _("hourly rate (excl. VAT)"),
        max_digits=9,
        decimal_places=2,
        default=DEFAULT_HOURLY_RATE,
        validators=[MinValueValidator(Decimal("0"))],
    )
    planned_start = models.DateField(_("planned start"), validators=[programme_date])
    planned_end = models.DateField(_("planned end"), validators=[programme_date])
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="programme_activities",
    )
    # Who, when and why: every change to the plan is kept with its reason.
    history = HistoricalRecords(table_name="portal_historicalactivity")

    class Meta:
        db_table = "portal_activity"
        ordering = ("phase__number", "position", "pk")
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="portal_activity_ends_after_start",
                violation_error_message=_("An activity cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_hours__gte=0) & models.Q(hourly_rate__gte=0),
                name="portal_activity_estimate_not_negative",
                violation_error_message=_("Hours and rate cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme:activity-detail", args=[self.pk])

    @property
    def cost(self):
        """The estimate in kroner, excluding VAT."""
        return round_money(self.estimated_hours * self.hourly_rate)

    @property
    def cost_with_vat(self):
        return with_vat(self.cost)

    def clean(self):
        super().clean()
        if self.phase_id and self.planned_start and self.planned_end:
            phase = self.phase
            if not (phase.contains(self.planned_start) and phase.contains(self.planned_end)):
                raise ValidationError(
                    {
                        "planned_start": _(
                            "The activity must lie within its phase (%(start)s to %(end)s)."
                        )
                        % {
                            "start": day_text(phase.starts_on),
                            "end": day_text(phase.ends_on),
                        }
                    }
                )


class TimeEntry(models.Model):
    """Hours a consultant spent on an activity on a day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consultant"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="time_entries"
    )
    date = models.DateField(
        _("date"),
        validators=[
            DateRangeValidator(
                not_in_future=True, future_message=_("Time cannot be registered in the future.")
            )
        ],
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(
                Decimal("0.25"), message=_("Register at least a quarter of an hour.")
            ),
            validate_hours_per_entry,
        ],
    )
    # The activity's rate when the time was registered: a later change of the rate does not
    # rewrite what was spent. The time services fill it in from the activity.
    hourly_rate = models.DecimalField(
        _("hourly rate (excl. VAT)"),
        max_digits=9,
        decimal_places=2,
        default=DEFAULT_HOURLY_RATE,
        editable=False,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(
        _("registered"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )

    class Meta:
        db_table = "portal_timeentry"
        ordering = ("-date", "-created_at")
        verbose_name = _("time registration")
        verbose_name_plural = _("time registrations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=MAX_HOURS_PER_ENTRY),
                name="portal_time_entry_hours_in_range",
                violation_error_message=format_lazy(
                    _("Hours must be more than 0 and at most {limit}."), limit=MAX_HOURS_PER_ENTRY
                ),
            )
        ]

    def __str__(self):
        return f"{day_text(self.date)} {self.user}: {self.hours} ({self.activity})"

    @property
    def cost(self):
        """Hours × the rate the entry was registered at."""
        return round_money(self.hours * self.hourly_rate)

    def clean(self):
        super().clean()
        if not (self.activity_id and self.date):
            return
        phase = self.activity.phase
        if not phase.contracted:
            raise ValidationError(
                {
                    "activity": _("%(phase)s is not contracted; no time can be registered on it.")
                    % {"phase": phase}
                }
            )
        if not phase.contains(self.date):
            raise ValidationError(
                {
                    "date": _("The date must lie within %(phase)s (%(start)s to %(end)s).")
                    % {
                        "phase": phase,
                        "start": day_text(phase.starts_on),
                        "end": day_text(phase.ends_on),
                    }
                }
            )
