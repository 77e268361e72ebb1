"""Progress on the plan in force: recording where an action stands.

The newest update (by date, then by time of registration) sets the action's state; an
update dated before the newest one is kept in the history but does not overwrite the state.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strategy.models import Action, ProgressUpdate
from strategy.selectors.in_force import is_in_force, status_of
from strategy.services.feedback_loop import notify_feedback_givers


def not_in_force_message(strategy, *, status=None):
    """Why progress cannot be recorded on `strategy`'s actions, naming what the plan is
    today (a draft, an ended plan, a plan in force from a later date, ...)."""
    status = status or status_of(strategy)
    return _(
        "Progress is recorded only for the actions of the plan in force: the adopted plan "
        "whose period covers today. This action's plan is not in force (%(status)s)."
    ) % {"status": status.label}


def check_in_force(action):
    """Refuse progress on an action of a plan that is not in force today.

    Adopted is not enough: an adopted plan whose period has ended is history (migration 0004
    made the plans it once marked replaced adopted again), and one adopted for a period that
    has not started yet is not in force either: the plan it follows stays in force, with its
    progress, until that day (see `strategy.selectors.in_force`). Its actions have not
    started, so there is no progress to record; the overview, the timeline and the stale
    list follow the plan in force alone, and progress on any other plan would be counted
    nowhere. So progress is recorded on the plan in force only.
    """
    if not is_in_force(action.strategy):
        raise ValidationError(not_in_force_message(action.strategy), code="not_in_force")


@transaction.atomic
def progress_add(
    *, action, by, date, state, percent_done, indicator_value=None, note="", request=None
):
    """Record a progress update for an action of the plan in force.

    The action's row is locked while the update is saved, so two updates at once take
    turns and the newest always wins. When the update makes the action done, the people
    whose feedback it answers are told once the transaction has committed.
    """
    action = Action.objects.select_for_update().select_related("strategy").get(pk=action.pk)
    check_in_force(action)
    if date is not None and date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")}, code="future")
    update = ProgressUpdate(
        action=action,
        date=date,
        state=state,
        percent_done=percent_done,
        indicator_value=indicator_value,
        note=(note or "").strip(),
        by=by,
    )
    update.full_clean()
    update.save()
    newest = action.progress.order_by("-date", "-created_at", "-pk").first()
    if newest.pk == update.pk and action.state != update.state:
        action.state = update.state
        action.full_clean()
        action._history_user = by
        action.save(update_fields=["state"])
        if action.state == Action.State.DONE:
            transaction.on_commit(
                lambda: notify_feedback_givers(
                    actions=[action], event="done", by=by, request=request
                ),
                robust=True,
            )
    return update
