"""Reads across every app's follow-up tasks: the person's own, for the "my tasks" list and
the dashboard.

`portal` imports none of the apps: the concrete task models are found in the app registry
as the subclasses of `FollowUp`, so a new app's tasks appear here once its model inherits it.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.http import Http404
from django.utils import timezone

from portal.access import STAFF, get_for_user
from portal.followup.models import FollowUp
from portal.models import User

# Those who may be given a task: the programme's staff and the steering group.
TASK_OWNERS = (*STAFF, User.Role.STEERING_GROUP)


@cache
def followup_models():
    """Every concrete follow-up task model of the installed apps, in a stable order (the app
    registry does not change once loaded, so it is read once)."""
    found = [model for model in apps.get_models() if issubclass(model, FollowUp)]
    return tuple(sorted(found, key=lambda model: model._meta.label_lower))


def followup_kind(model):
    """How a task model is named in a URL: its label, e.g. `mapping.task`."""
    return model._meta.label_lower


def may_own_tasks(user):
    return user.is_authenticated and user.is_active and user.has_role(TASK_OWNERS)


@dataclass(frozen=True)
class MyTaskRow:
    task: FollowUp
    kind: str
    about: str
    url: str
    state: str
    state_label: str
    may_complete: bool


def _row(task, *, user, today):
    state = task.state(today)
    return MyTaskRow(
        task=task,
        kind=followup_kind(type(task)),
        about=str(task.about()),
        url=task.get_absolute_url(),
        state=state,
        state_label=task.State(state).label,
        may_complete=task.may_complete(user),
    )


def _tasks_of(user, *, only_open):
    """One query per app: the user's tasks with what they are about."""
    for model in followup_models():
        queryset = model._default_manager.filter(owner=user)
        if only_open:
            queryset = queryset.open()
        yield from queryset.select_related(*model.subject_related)


def _order(row):
    # Not done first, soonest deadline first (overdue ones come first by their date); then
    # the done ones, the most recently done first.
    if row.task.done_at is None:
        return (0, row.task.due_on.toordinal(), 0, row.task.title)
    return (1, 0, -row.task.done_at.timestamp(), row.task.title)


def my_tasks(*, user, only_open=False):
    """Every task the user owns, in every app: not done (overdue and open) first, then done."""
    today = timezone.localdate()
    rows = [_row(task, user=user, today=today) for task in _tasks_of(user, only_open=only_open)]
    return sorted(rows, key=_order)


def followups_visible(model, *, user):
    """The tasks of `model` that `user` may know of: the programme's staff every one, others
    only their own."""
    queryset = model._default_manager.all()
    return queryset if user.is_programme_staff else queryset.filter(owner=user)


def followup_get_for_user(*, user, kind, pk, for_change=False):
    """A task of any app by its kind and pk, or 404 for those who may not know of it
    (`followups_visible`). Changing it is marking it done or open again: the task's own rule
    (`may_complete`), 403 for the others (the services check it too)."""
    model = next((m for m in followup_models() if followup_kind(m) == kind), None)
    if model is None:
        raise Http404
    return get_for_user(
        followups_visible(model, user=user),
        pk=pk,
        for_change=for_change,
        may_change=lambda task: task.may_complete(user),
    )
