"""E-mail that did not go out, on the project leader's dashboard (only while there is some)."""

from portal import deliveries
from portal.registry import Panel


def panels(request):
    user = request.user
    if not user.is_authenticated or not user.is_project_leader:
        return []
    count = deliveries.unsent().count()
    if not count:
        return []
    return [Panel("portal/mail/includes/unsent_panel.html", {"count": count}, order=5)]
