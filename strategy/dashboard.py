"""What the strategy adds to the portal's navigation, dashboard and steering group agendas."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import NavItem
from strategy import dashboard_progress, dashboard_review


def nav(request):
    user = request.user
    items = []
    if user.is_authenticated and user.is_programme_staff:
        links = [(_("Strategies and drafts"), "strategy:strategy-list")]
        links += [(_("Stale actions"), "strategy:stale-list")]
        items.append(
            NavItem(
                _("Strategy"),
                children=tuple(NavItem(label, reverse(name)) for label, name in links),
                order=40,
            )
        )
    # The public page of the plan in force, for everyone (staff and steering group too).
    return items + dashboard_progress.nav(request)


def panels(request):
    return [*dashboard_review.panels(request), *dashboard_progress.panels(request)]


def agenda_subjects(user):
    """Strategy versions a steering group agenda item may point at."""
    from strategy.models import StrategyVersion

    versions = StrategyVersion.objects.select_related("strategy").order_by(
        "strategy__title", "-number"
    )
    return [(_("Strategy versions"), list(versions[:50]))]
