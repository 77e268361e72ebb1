"""The time axis of the portal's SVG timelines (the programme plan's and the strategy's): it
maps days onto x and lists the ticks, and it cannot fail on a date it did not expect; and the
same care for the times in calendar files (`utc`).

A date outside the range the portal means (portal.validators: FIRST_DAY..LAST_DAY) can still
be in the database, written past the models' validation. Such a date does not decide the
axis; it is drawn at the axis' edge, while the table beside the drawing gives it as it is.
Every day is clamped before any arithmetic, so nothing here can overflow (date.max + 1 day).
"""

import datetime
import math

from django.utils import timezone

from portal.validators import FIRST_DAY, LAST_DAY, calendar_day

ONE_DAY = datetime.timedelta(days=1)


def clamp(day):
    """`day` moved into FIRST_DAY..LAST_DAY."""
    return min(max(day, FIRST_DAY), LAST_DAY)


def local_day(moment):
    """The Danish calendar day of a time (see portal.validators.calendar_day)."""
    return calendar_day(moment)


def utc(moment):
    """`moment` in UTC for a calendar file; a time at the very ends of the calendar that
    cannot be moved (year 1 in a zone ahead of UTC) keeps its clock time instead of failing."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        return moment.replace(tzinfo=datetime.UTC)


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    """The first of the month after `day`'s (day must be within FIRST_DAY..LAST_DAY)."""
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class TimeScale:
    """Days from `starts` (inclusive) to `ends` (exclusive) onto x from `left` to `right`."""

    def __init__(self, days, *, left, right, whole_months=False):
        """The axis over `days` (None skipped): the days the portal means decide it; when
        there are none, the clamped others do. With `whole_months` it runs from the first
        of the first month to the first of the month after the last."""
        days = [day for day in days if day is not None]
        meant = [day for day in days if FIRST_DAY <= day <= LAST_DAY]
        chosen = meant or [clamp(day) for day in days] or [clamp(timezone.localdate())]
        first, last = min(chosen), max(chosen)
        if whole_months:
            first, last = month_start(first), next_month(last)
        else:
            last = last + ONE_DAY
        self.starts, self.ends = first, last
        self.left, self.right = left, right

    @property
    def days(self):
        return (self.ends - self.starts).days

    def contains(self, day):
        return self.starts <= day < self.ends

    def x(self, day):
        """Where `day` begins; a day outside the axis sits at its nearer edge."""
        day = min(max(day, self.starts), self.ends)
        return round(self.left + (day - self.starts).days / self.days * (self.right - self.left), 1)

    def bar(self, first, last):
        """x and width of a bar over the days `first` to `last` inclusive (at least 2 wide)."""
        left = self.x(first)
        return left, max(round(self.x(clamp(last) + ONE_DAY) - left, 1), 2)

    def months(self, step=1):
        """The firsts of the month on the axis whose month number fits a `step` of months
        (1, 3, 6 or 12 for every month, quarter, half year or year)."""
        day, found = month_start(self.starts), []
        if day < self.starts:
            day = next_month(day)
        while day < self.ends:
            if (day.month - 1) % step == 0:
                found.append(day)
            day = next_month(day)
        return found

    @property
    def last_day(self):
        return self.ends - ONE_DAY

    def years(self, most=12):
        """The new years on the axis after its first day, every n-th year so that there are
        at most `most`."""
        years = range(self.starts.year + 1, self.last_day.year + 1)
        step = max(1, math.ceil(len(years) / most))
        return [datetime.date(year, 1, 1) for year in years if year % step == 0]
