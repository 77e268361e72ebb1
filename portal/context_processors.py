from django.conf import settings

from portal import registry


def navigation(request):
    """The role's navigation. Providers query lazily: only pages that render the menu pay."""
    return {
        "nav_items": _Lazy(lambda: registry.nav_items(request)),
        "municipality": settings.PORTAL_MUNICIPALITY,
    }


class _Lazy:
    def __init__(self, compute):
        self._compute = compute
        self._value = None

    def __iter__(self):
        if self._value is None:
            self._value = self._compute()
        return iter(self._value)
