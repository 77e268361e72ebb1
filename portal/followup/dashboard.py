"""What the follow-up tasks add to the navigation and the dashboard: "My tasks" for everyone
who may be given one, and a panel with their open tasks from every app."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.followup import selectors
from portal.registry import NavItem, Panel

# How many of a person's open tasks the dashboard lists before "all my tasks".
DASHBOARD_TASKS = 8


def nav(request):
    if not selectors.may_own_tasks(request.user):
        return []
    return [NavItem(_("My tasks"), reverse("my-tasks"), order=5, personal=True)]


def panels(request):
    """The person's open and overdue tasks: one query per app. The programme's staff always
    see it; a steering group member when they have an open task."""
    user = request.user
    if not selectors.may_own_tasks(user):
        return []
    rows = selectors.my_tasks(user=user, only_open=True)
    if not rows and not user.is_programme_staff:
        return []
    return [
        Panel(
            "portal/followup/panel_my_tasks.html",
            {
                "rows": rows[:DASHBOARD_TASKS],
                "open_count": len(rows),
                "overdue_count": sum(row.state == row.task.State.OVERDUE for row in rows),
                "next": request.get_full_path(),
            },
            order=15,
        )
    ]
