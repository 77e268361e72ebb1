"""Reads for the recommendation to the city council and the council's decision."""

from portal.access import get_for_user
from strategy.models import Strategy


def council_strategy_get_for_user(*, user, pk, for_change=False):
    """A strategy as it goes before the city council: its recommendation and the council's
    decision. The programme's staff read them (404 for anyone else); the project leader
    alone writes the recommendation, records the decision and applies its amendments (403
    for the other staff)."""
    visible = Strategy.objects.all() if user.is_programme_staff else Strategy.objects.none()
    return get_for_user(
        visible, pk=pk, for_change=for_change, may_change=lambda _strategy: user.is_project_leader
    )
