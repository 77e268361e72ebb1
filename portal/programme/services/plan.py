"""Changes to the programme plan and its budget baselines.

Every change to a phase or an activity is recorded by simple-history with who made it and
why (`history_user`, `history_change_reason`); the plan-changes page reads it back.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from portal.programme.models import Activity, BaselineLine, BudgetBaseline, Phase, TimeEntry
from portal.programme.services.errors import unique_error_on

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


def _update(model, pk, *, by, reason, fields, check=None):
    """Apply `fields` to the row as it is in the database (locked), let `check` refuse the
    result, and save it only when something changed, so the history holds real changes
    only. Returns (row, changed)."""
    instance = model.objects.select_for_update().get(pk=pk)
    before = {name: getattr(instance, model._meta.get_field(name).attname) for name in fields}
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if not changed:
        return instance, False
    for name in changed:
        setattr(instance, name, fields[name])
    if check is not None:
        check(instance, before)
    return _save(instance, by=by, reason=reason), True


# --- The plan's rules that need other rows ---------------------------------------------
# The forms call these for early feedback; the services call them again with the rows
# locked, so that a registration or another change made meanwhile cannot slip past them.


def check_phase_change(*, phase, starts_on, ends_on, contracted, was_contracted):
    """Refuse new dates or contract state of an existing `phase` that would leave one of its
    activities or registered hours outside it."""
    errors = {}
    if phase.pk and starts_on and ends_on:
        outside = Q(planned_start__lt=starts_on) | Q(planned_end__gt=ends_on)
        if Activity.objects.filter(phase=phase).filter(outside).exists():
            errors.setdefault("starts_on", []).append(
                _("Some of the phase's activities lie outside these dates; move them first.")
            )
        entries = TimeEntry.objects.filter(activity__phase=phase)
        if entries.filter(Q(date__lt=starts_on) | Q(date__gt=ends_on)).exists():
            errors.setdefault("starts_on", []).append(
                _("Time is registered on days outside these dates; the phase must hold them.")
            )
    ends_contract = was_contracted and not contracted
    if phase.pk and ends_contract and TimeEntry.objects.filter(activity__phase=phase).exists():
        errors["contracted"] = [
            _("Time is registered on this phase, so it stays contracted."),
        ]
    if errors:
        raise ValidationError(errors)


def check_activity_phase(*, activity_id, old_phase_id, new_phase_id):
    """Refuse moving an activity with registered time to another phase."""
    if (
        activity_id
        and new_phase_id != old_phase_id
        and TimeEntry.objects.filter(activity_id=activity_id).exists()
    ):
        raise ValidationError(
            {"phase": _("Time is registered on this activity, so it stays in its phase.")},
            code="has_time",
        )


def _lock_phase(pk):
    """The phase as it is now, locked until the change is saved: an activity is checked
    against the dates the phase really has, not those a form read a moment ago."""
    return Phase.objects.select_for_update().get(pk=pk)


def _check_phase(phase, before):
    check_phase_change(
        phase=phase,
        starts_on=phase.starts_on,
        ends_on=phase.ends_on,
        contracted=phase.contracted,
        was_contracted=before.get("contracted", phase.contracted),
    )


def _check_activity(activity, before):
    check_activity_phase(
        activity_id=activity.pk,
        old_phase_id=before.get("phase", activity.phase_id),
        new_phase_id=activity.phase_id,
    )
    activity.phase = _lock_phase(activity.phase_id)


@transaction.atomic
def phase_create(*, by, reason, **fields):
    reason = _check_reason(reason)
    return _save(Phase(**fields), by=by, reason=reason)


@transaction.atomic
def phase_update(*, phase, by, reason, **fields):
    """Change a phase. Returns (phase, whether anything changed)."""
    reason = _check_reason(reason)
    return _update(Phase, phase.pk, by=by, reason=reason, fields=fields, check=_check_phase)


@transaction.atomic
def activity_create(*, by, reason, **fields):
    reason = _check_reason(reason)
    if fields.get("phase") is not None:
        fields["phase"] = _lock_phase(fields["phase"].pk)
    return _save(Activity(**fields), by=by, reason=reason)


@transaction.atomic
def activity_update(*, activity, by, reason, **fields):
    """Change an activity (an estimate, its dates, who is responsible). Returns (activity,
    whether anything changed); the phase and programme totals follow by themselves."""
    reason = _check_reason(reason)
    return _update(
        Activity, activity.pk, by=by, reason=reason, fields=fields, check=_check_activity
    )


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


def _name_taken():
    return ValidationError({"name": _("A baseline with this name already exists.")}, code="unique")


@transaction.atomic
def baseline_create(*, name, by):
    """Keep the budget as it stands now under `name`: every activity copied into a line, so
    later changes to the plan can be compared with it."""
    name = (name or "").strip()
    baseline = BudgetBaseline(name=name, created_by=by)
    try:
        baseline.full_clean()
        # Two people keeping the same name at once both pass full_clean(): the database's
        # unique constraint decides, and the loser is told as if full_clean() had caught it.
        with transaction.atomic():
            baseline.save()
    except ValidationError as error:
        raise unique_error_on(error, "name") from None
    except IntegrityError:
        raise _name_taken() from None
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
