from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal import registry


def navigation(request):
    """The role's navigation: the bar's items and those of the person's own menu. Providers
    query lazily, once: only pages that render the menu pay."""
    items = SimpleLazyObject(lambda: registry.nav_items(request))
    return {
        "nav_items": SimpleLazyObject(lambda: [item for item in items if not item.personal]),
        "personal_nav_items": SimpleLazyObject(lambda: [item for item in items if item.personal]),
        "municipality": settings.PORTAL_MUNICIPALITY,
    }
