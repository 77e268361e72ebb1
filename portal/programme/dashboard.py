"""What the programme plan and the steering group add to the navigation and the dashboard."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.programme import dashboard_plan, dashboard_steering
from portal.registry import NavItem


def nav(request):
    """One "Programme" menu for the staff and the steering group; nothing for others."""
    user = request.user
    if not user.is_authenticated or not (user.is_programme_staff or user.is_steering_group):
        return []
    links = [(_("Plan and timeline"), "programme:home"), (_("Budget"), "programme:budget")]
    if user.is_programme_staff:
        links.append((_("My time"), "programme:time-list"))
    links += [
        (_("Steering group meetings"), "programme:meeting-list"),
        (_("Decisions"), "programme:decision-list"),
        (_("Follow-up tasks"), "programme:task-list"),
        (_("Steering group members"), "programme:member-list"),
    ]
    if user.is_project_leader:
        links.append((_("Background jobs"), "jobs:job-list"))
    return [
        NavItem(
            _("Programme"),
            children=tuple(NavItem(label, reverse(name)) for label, name in links),
            order=50,
        )
    ]


def panels(request):
    return [*dashboard_plan.panels(request), *dashboard_steering.panels(request)]
