from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal import registry


def navigation(request):
    """The role's navigation. Providers query lazily: only pages that render the menu pay."""
    return {
        "nav_items": SimpleLazyObject(lambda: registry.nav_items(request)),
        "municipality": settings.PORTAL_MUNICIPALITY,
    }
