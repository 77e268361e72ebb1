"""Marking a follow-up task done and opening it again: one workflow for every app's tasks."""

from django.core.exceptions import PermissionDenied
from django.db import transaction


def _locked(task):
    return type(task)._default_manager.select_for_update().get(pk=task.pk)


def _save_done_fields(task, *, by):
    # Only the done fields change, set here and not typed by anyone: nothing to validate,
    # and an old task that no longer passes today's checks can still be closed.
    task._history_user = by  # kept by the models that keep a history, ignored by the others
    task.save(update_fields=["done_at", "done_by"])


@transaction.atomic
def followup_done(*, task, by):
    """Mark `task` done by `by`; refused (PermissionDenied) for those who may not. Marking a
    task done twice keeps the first time and person."""
    if not task.may_complete(by):
        raise PermissionDenied
    task = _locked(task)
    if task.done_at is None:
        task.set_done(by=by)
        _save_done_fields(task, by=by)
    return task


@transaction.atomic
def followup_reopen(*, task, by):
    """Open a task marked done by mistake again; the same people may as may mark it done."""
    if not task.may_complete(by):
        raise PermissionDenied
    task = _locked(task)
    if task.done_at is not None:
        task.set_open()
        _save_done_fields(task, by=by)
    return task
