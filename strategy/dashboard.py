"""What the strategy adds to the portal's navigation, dashboard and steering group agendas."""

from django.utils.translation import gettext as _


def nav(request):
    # Wired once the views land (integration step).
    return []


def panels(request):
    return []


def agenda_subjects(user):
    """Strategy versions a steering group agenda item may point at."""
    from strategy.models import StrategyVersion

    versions = StrategyVersion.objects.select_related("strategy").order_by(
        "strategy__title", "-number"
    )
    return [(_("Strategy versions"), list(versions[:50]))]
