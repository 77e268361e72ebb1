"""Time registration: a consultant's hours on an activity on a day, at the activity's rate
of that moment.

The model refuses hours out of range, a date outside the activity's phase or in the future,
and a phase that is not contracted; here one more rule is kept that needs the other rows: no
person registers more than 16 hours on one day, all their registrations together. The
activity and its phase are locked while an entry is saved, so that a change to the plan made
at the same moment (new phase dates, a phase no longer contracted) cannot leave the entry
outside it.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import formats
from django.utils.translation import gettext as _

from portal.programme.models import Activity, Phase, TimeEntry
from portal.programme.selectors.plan import hours_text

# A working day, however long, holds no more; more is a typing error (15 for 1,5).
MAX_HOURS_PER_DAY = Decimal("16")


def day_total(*, user, date, exclude=None):
    """Hours `user` has registered on `date`, leaving out the entry `exclude`."""
    entries = TimeEntry.objects.filter(user=user, date=date)
    if exclude is not None and exclude.pk:
        entries = entries.exclude(pk=exclude.pk)
    return entries.aggregate(total=Sum("hours"))["total"] or Decimal("0")


def check_day_total(*, user, date, hours, exclude=None):
    """Refuse `hours` more on `date` when the day would then hold more than 16 hours."""
    already = day_total(user=user, date=date, exclude=exclude)
    if already + hours <= MAX_HOURS_PER_DAY:
        return
    params = {
        "limit": hours_text(MAX_HOURS_PER_DAY),
        "already": hours_text(already),
        "date": formats.date_format(date, "SHORT_DATE_FORMAT"),
        "left": hours_text(max(MAX_HOURS_PER_DAY - already, Decimal("0"))),
    }
    if already >= MAX_HOURS_PER_DAY:
        message = _(
            "No more than %(limit)s hours can be registered on one day, and %(already)s are "
            "already registered on %(date)s."
        )
    else:
        message = _(
            "No more than %(limit)s hours can be registered on one day: %(already)s are "
            "already registered on %(date)s, so at most %(left)s more can be."
        )
    raise ValidationError({"hours": message % params}, code="day_full")


def _lock(user):
    # Two registrations of one person at the same time take turns, so the day total holds.
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


def _lock_activity(activity):
    """The activity and its phase as they are now, locked (in the plan services' order:
    activity, then phase)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    activity.phase = Phase.objects.select_for_update().get(pk=activity.phase_id)
    return activity


def _save(entry):
    entry.full_clean()
    check_day_total(user=entry.user, date=entry.date, hours=entry.hours, exclude=entry)
    entry.save()
    return entry


@transaction.atomic
def time_entry_create(*, user, activity, date, hours, note=""):
    _lock(user)
    activity = _lock_activity(activity)
    return _save(
        TimeEntry(
            user=user,
            activity=activity,
            date=date,
            hours=hours,
            note=note,
            hourly_rate=activity.hourly_rate,
        )
    )


@transaction.atomic
def time_entry_update(*, entry, activity, date, hours, note=""):
    """Change an entry. It keeps the rate it was registered at, unless it moves to another
    activity: then it takes that activity's rate."""
    _lock(entry.user)
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    moved = entry.activity_id != activity.pk
    activity = _lock_activity(activity)
    entry.activity, entry.date, entry.hours, entry.note = activity, date, hours, note
    if moved:
        entry.hourly_rate = activity.hourly_rate
    return _save(entry)


@transaction.atomic
def time_entry_delete(*, entry):
    TimeEntry.objects.filter(pk=entry.pk).delete()
