"""The people page in the navigation: for the project leader only."""

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.registry import NavItem


def nav(request):
    user = request.user
    if not user.is_authenticated or not user.is_active or not user.is_project_leader:
        return []
    return [NavItem(_("People"), reverse("people:person-list"), order=60)]
