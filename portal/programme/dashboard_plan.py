"""What the programme plan adds to the dashboard: a consultant's own hours this month, and
the activities near or past their estimate for the project leader."""

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from portal.programme.models import TimeEntry
from portal.programme.selectors.budget import budget_overview
from portal.registry import Panel

# Just before the mapping's newest organisations (30), where the plan's panels stood while
# they were portal's (registered before every app's).
PANEL_ORDER = 29

LAST_ENTRIES = 5


def _my_hours(user):
    today = timezone.localdate()
    month = today.replace(day=1)
    entries = TimeEntry.objects.filter(user=user)
    month_hours = entries.filter(date__gte=month, date__lte=today).aggregate(total=Sum("hours"))
    return Panel(
        "programme/timesheets/panel_my_hours.html",
        {
            "month": month,
            "month_hours": month_hours["total"] or Decimal("0"),
            "entries": list(
                entries.select_related("activity").order_by("-date", "-created_at")[:LAST_ENTRIES]
            ),
        },
        order=PANEL_ORDER,
    )


def _budget_warnings():
    overview = budget_overview()
    return Panel(
        "programme/budget/panel_warnings.html",
        {"warnings": overview["warnings"], "totals": overview["totals"]},
        order=PANEL_ORDER,
    )


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    # A person may hold both roles: each role adds its own panel.
    shown = []
    if user.is_project_leader:
        shown.append(_budget_warnings())
    if user.has_role(user.Role.CONSULTANT):
        shown.append(_my_hours(user))
    return shown
