"""What the strategy adds to the portal's navigation, dashboard and steering group agendas."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import NavItem
from strategy import dashboard_progress, dashboard_review
from strategy.selectors import progress as progress_selectors

MENU_ORDER = 40


def _menu(links):
    return NavItem(
        _("Strategy"),
        children=tuple(NavItem(label, reverse(name, args=args)) for label, name, args in links),
        order=MENU_ORDER,
    )


def nav(request):
    user = request.user
    items = []
    if user.is_authenticated and user.is_programme_staff:
        links = [(_("Strategies and drafts"), "strategy:strategy-list", ())]
        links += [(_("Versions submitted to the steering group"), "strategy:submitted-list", ())]
        links += [(_("Stale actions"), "strategy:stale-list", ())]
        items.append(_menu(links))
    elif user.is_authenticated and user.is_steering_group:
        # The steering group reads the plan in force and what is submitted to it.
        links = []
        strategy = progress_selectors.plan_in_force()
        if strategy is not None:
            links += [(_("The plan in force: overview"), "strategy:plan-overview", (strategy.pk,))]
            links += [(_("The plan in force: timeline"), "strategy:plan-timeline", (strategy.pk,))]
        links += [(_("Versions submitted to you"), "strategy:submitted-list", ())]
        items.append(_menu(links))
    # The public page of the plan in force, for everyone (staff and steering group too).
    return items + dashboard_progress.nav(request)


def panels(request):
    return [*dashboard_review.panels(request), *dashboard_progress.panels(request)]


def agenda_subjects(user):
    """Strategy versions a steering group agenda item may point at: only those submitted to
    the steering group (the members may open no other), newest first per strategy."""
    from strategy.models import StrategyVersion

    versions = (
        StrategyVersion.objects.filter(submitted_at__isnull=False)
        .select_related("strategy")
        .order_by("strategy__title", "strategy__pk", "-number")
    )
    return [(_("Strategy versions"), list(versions[:50]))]
