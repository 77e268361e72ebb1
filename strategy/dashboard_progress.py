"""What the plan in action adds to the dashboard and the navigation (wired into
`strategy.dashboard` at integration): a staff member's own stale and late actions, all
stale actions for the project leader, and the public page's link for everyone."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import NavItem, Panel
from strategy.selectors import progress as selectors

# How many actions a panel lists before its link to the whole list.
PANEL_ACTIONS = 8


def panels(request):
    user = request.user
    if not user.is_authenticated or not user.is_programme_staff:
        return []
    strategy = selectors.plan_in_force()
    if strategy is None:
        return []
    actions = selectors.plan_actions(strategy=strategy, in_force=True)
    result = []
    mine = [a for a in actions if a.owner_person_id == user.pk and (a.stale or a.late)]
    if mine:
        result.append(
            Panel(
                "strategy/progress/panel_mine.html",
                {
                    "actions": mine[:PANEL_ACTIONS],
                    "stale_count": sum(a.stale for a in mine),
                    "late_count": sum(a.late for a in mine),
                },
                order=14,
            )
        )
    if user.is_project_leader:
        stale = [a for a in actions if a.stale]
        result.append(
            Panel(
                "strategy/progress/panel_stale.html",
                {"actions": stale[:PANEL_ACTIONS], "stale_count": len(stale)},
                order=16,
            )
        )
    return result


def nav(request):
    """The public page of the plan, for everyone. Always linked, so that no page pays a
    query for it; the page itself says so when no plan is in force yet."""
    return [NavItem(_("The plan"), reverse("strategy:public-plan"))]
