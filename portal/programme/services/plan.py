"""Changes to the programme plan and its budget baselines.

Every change to a phase or an activity is recorded by simple-history with who made it and
why (`history_user`, `history_change_reason`); the plan-changes page reads it back.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import Activity, BaselineLine, BudgetBaseline, Phase

# simple-history keeps the reason in a column of 100 characters.
REASON_MAX_LENGTH = 100


def _check_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the plan changes.")}, code="required")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason to %(limit)s characters.") % {"limit": REASON_MAX_LENGTH}}
        )
    return reason


def _save(instance, *, by, reason):
    instance.full_clean()
    instance._history_user = by
    instance._change_reason = reason
    instance.save()
    return instance


def _update(model, pk, *, by, reason, fields):
    """Apply `fields` to the row as it is in the database (locked), and save it only when
    something changed, so the history holds real changes only. Returns (row, changed)."""
    instance = model.objects.select_for_update().get(pk=pk)
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if not changed:
        return instance, False
    for name in changed:
        setattr(instance, name, fields[name])
    return _save(instance, by=by, reason=reason), True


@transaction.atomic
def phase_create(*, by, reason, **fields):
    reason = _check_reason(reason)
    return _save(Phase(**fields), by=by, reason=reason)


@transaction.atomic
def phase_update(*, phase, by, reason, **fields):
    """Change a phase. Returns (phase, whether anything changed)."""
    reason = _check_reason(reason)
    return _update(Phase, phase.pk, by=by, reason=reason, fields=fields)


@transaction.atomic
def activity_create(*, by, reason, **fields):
    reason = _check_reason(reason)
    return _save(Activity(**fields), by=by, reason=reason)


@transaction.atomic
def activity_update(*, activity, by, reason, **fields):
    """Change an activity (an estimate, its dates, who is responsible). Returns (activity,
    whether anything changed); the phase and programme totals follow by themselves."""
    reason = _check_reason(reason)
    return _update(Activity, activity.pk, by=by, reason=reason, fields=fields)


@transaction.atomic
def activity_delete(*, activity, by, reason):
    """Take an activity out of the plan. Refused once time is registered on it: those hours
    must stay where they were spent."""
    reason = _check_reason(reason)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.time_entries.exists():
        raise ValidationError(
            _(
                "Time is registered on this activity, so it cannot be removed. "
                "Change its estimate instead."
            ),
            code="has_time",
        )
    activity._history_user = by
    activity._change_reason = reason
    activity.delete()


@transaction.atomic
def baseline_create(*, name, by):
    """Keep the budget as it stands now under `name`: every activity copied into a line, so
    later changes to the plan can be compared with it."""
    name = (name or "").strip()
    if BudgetBaseline.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("A baseline with this name already exists.")}, code="unique"
        )
    baseline = BudgetBaseline(name=name, created_by=by)
    baseline.full_clean()
    baseline.save()
    lines = [
        BaselineLine(
            baseline=baseline,
            activity=activity,
            phase_number=activity.phase.number,
            name=activity.name,
            hours=activity.estimated_hours,
            hourly_rate=activity.hourly_rate,
        )
        for activity in Activity.objects.select_related("phase")
    ]
    for line in lines:
        # The baseline and the activities were just read: no need to look each up again.
        line.full_clean(exclude=["baseline", "activity"])
    BaselineLine.objects.bulk_create(lines)
    return baseline
