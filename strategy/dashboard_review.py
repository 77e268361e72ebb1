"""The review's dashboard panels (wired into strategy.dashboard later): for the staff, the
latest submitted version of each draft with its review state and unanswered comments; for a
steering group member, the versions that await their verdict."""

from portal.registry import Panel
from strategy.selectors import review as selectors

REVIEW_PANEL_ORDER = 40


def panels(request):
    user = request.user
    if not user.is_authenticated:
        return []
    if user.is_programme_staff:
        return [
            Panel(
                "strategy/review/panel_review.html",
                {"versions": selectors.latest_submitted_versions()},
                order=REVIEW_PANEL_ORDER,
            )
        ]
    if user.is_steering_group:
        return [
            Panel(
                "strategy/review/panel_awaiting.html",
                {"awaiting": list(selectors.versions_awaiting_verdict(member=user))},
                order=REVIEW_PANEL_ORDER,
            )
        ]
    return []
