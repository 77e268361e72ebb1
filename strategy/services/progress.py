"""Progress on the plan in force: recording where an action stands.

The newest update (by date, then by time of registration) sets the action's state; an
update dated before the newest one is kept in the history but does not overwrite the state.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategy.models import Action, ProgressUpdate, Strategy
from strategy.services.feedback_loop import notify_feedback_givers

NOT_IN_FORCE = _(
    "Progress is recorded only for actions of the plan in force (an adopted strategy). "
    "This action belongs to a plan that is not in force."
)


def check_in_force(action):
    if action.strategy.state != Strategy.State.ADOPTED:
        raise ValidationError(NOT_IN_FORCE, code="not_in_force")


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
