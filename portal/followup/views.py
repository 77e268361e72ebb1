"""The one "my tasks" list: every task the logged-in person owns, from every app, with
"mark as done" and "open again" where they may."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.access import role_required
from portal.followup import selectors, services
from portal.views import back_url

TASK_OWNERS = selectors.TASK_OWNERS


def done(request, task, *, default):
    """Mark `task` done for the person asking (the one rule: `followup_done`), say so, and go
    back to the page the button was on: every app's "done" button ends here."""
    services.followup_done(task=task, by=request.user)
    messages.success(request, _("“%(title)s” is done.") % {"title": task.title})
    return redirect(back_url(request, default))


@role_required(TASK_OWNERS)
@require_safe
def my_tasks(request):
    rows = selectors.my_tasks(user=request.user)
    return render(
        request,
        "portal/followup/my_tasks.html",
        {
            "not_done": [row for row in rows if row.task.done_at is None],
            "done": [row for row in rows if row.task.done_at is not None],
        },
    )


@role_required(TASK_OWNERS)
@require_POST
def task_done(request, kind, pk):
    task = selectors.followup_get_for_user(user=request.user, kind=kind, pk=pk, for_change=True)
    return done(request, task, default=reverse("my-tasks"))


@role_required(TASK_OWNERS)
@require_POST
def task_reopen(request, kind, pk):
    task = selectors.followup_get_for_user(user=request.user, kind=kind, pk=pk, for_change=True)
    services.followup_reopen(task=task, by=request.user)
    messages.success(request, _("“%(title)s” is open again.") % {"title": task.title})
    return redirect(back_url(request, reverse("my-tasks")))


urlpatterns = [
    path("tasks/", my_tasks, name="my-tasks"),
    path("tasks/<str:kind>/<int:pk>/done/", task_done, name="my-task-done"),
    path("tasks/<str:kind>/<int:pk>/reopen/", task_reopen, name="my-task-reopen"),
]
