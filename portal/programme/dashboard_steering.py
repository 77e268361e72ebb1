"""What the steering group adds to the dashboard: follow-up tasks and the next meeting.

The project leader sees every open follow-up task (a person's own are on "My tasks", the
portal's one list of everyone's tasks from every app). Staff and the steering group see the
next meeting. Enterprise users see none of it.
"""

from django.utils import timezone

from portal.programme.models import FollowUpTask
from portal.programme.selectors import steering as selectors
from portal.registry import Panel

# How many tasks the panel lists before "all follow-up tasks".
DASHBOARD_TASKS = 8


def _tasks_panel(request):
    user = request.user
    today = timezone.localdate()
    tasks = selectors.open_tasks()
    return Panel(
        "programme/steering/panel_tasks.html",
        {
            "rows": [
                selectors.task_row(t, user=user, today=today) for t in tasks[:DASHBOARD_TASKS]
            ],
            "open_count": tasks.count(),
            "overdue_count": FollowUpTask.objects.overdue(today).count(),
            "next": request.get_full_path(),
        },
        order=14,
    )


def _next_meeting_panel(request):
    meeting, entries = selectors.next_meeting()
    return Panel(
        "programme/steering/panel_next_meeting.html",
        {"meeting": meeting, "entries": entries},
        order=16,
    )


def panels(request):
    user = request.user
    if not user.is_authenticated or not (user.is_programme_staff or user.is_steering_group):
        return []
    result = [_tasks_panel(request)] if user.is_project_leader else []
    result.append(_next_meeting_panel(request))
    return result
