"""The dates and years the portal means, as validators on the models' fields, so that forms,
imports and the admin all refuse the same dates with the same message at the field.

A date no one means (year 1 from a slip of the keyboard, 9999 from a placeholder) was once
accepted and then broke every page that drew or exported it. The programme runs for years,
not centuries: its dates lie within FIRST_DAY..LAST_DAY. An organisation's founding year may
lie further back, but not before FIRST_FOUNDING_YEAR, and not in the future.
"""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
FIRST_FOUNDING_YEAR = 1800


def day_text(day):
    """27.11.2026, whatever the year (strftime writes year 1 as '1', not '0001')."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def calendar_day(value):
    """The day of a date or date-time; an aware time counts by its Danish day. A time too
    close to the ends of the calendar to move into Danish time keeps its own day."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            with contextlib.suppress(OverflowError):
                value = timezone.localtime(value)
        return value.date()
    return value


@deconstructible
class DateRangeValidator:
    """Refuses a date (or a date-time, by its day) before `first` or after `last`; with
    `not_in_future` also one after today, with `future_message` (or a general one)."""

    range_message = _("Enter a date between %(first)s and %(last)s.")
    default_future_message = _("The date cannot be in the future.")

    def __init__(self, first=FIRST_DAY, last=LAST_DAY, *, not_in_future=False, future_message=None):
        self.first = first
        self.last = last
        self.not_in_future = not_in_future
        self.future_message = future_message

    def __call__(self, value):
        if value is None:
            return
        day = calendar_day(value)
        if not self.first <= day <= self.last:
            raise ValidationError(
                self.range_message,
                code="date_range",
                params={"first": day_text(self.first), "last": day_text(self.last)},
            )
        if self.not_in_future and day > timezone.localdate():
            raise ValidationError(self.future_message or self.default_future_message, code="future")

    def __eq__(self, other):
        return isinstance(other, DateRangeValidator) and (
            self.first,
            self.last,
            self.not_in_future,
            str(self.future_message),
        ) == (other.first, other.last, other.not_in_future, str(other.future_message))


# A date or time of the programme: meetings, phases, deadlines, actions, and the moments
# the portal itself records (created, sent, frozen).
programme_date = DateRangeValidator()
# A date on which something already happened: a check, a contact, a decision.
past_date = DateRangeValidator(not_in_future=True)


def validate_founding_year(value):
    """A founding year from FIRST_FOUNDING_YEAR to this year."""
    if value is None:
        return
    this_year = timezone.localdate().year
    if value > this_year:
        raise ValidationError(_("The founding year cannot be in the future."), code="future")
    if value < FIRST_FOUNDING_YEAR:
        raise ValidationError(
            _("Enter a year from %(first)s to %(last)s."),
            code="year_range",
            params={"first": FIRST_FOUNDING_YEAR, "last": this_year},
        )
