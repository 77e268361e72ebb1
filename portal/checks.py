"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches that each web process keeps in its own memory.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """The rate limits (registration, password reset) count in the cache: one kept in each
    process's memory lets every gunicorn worker count on its own."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                "The default cache is kept in each process's memory, so rate limits are "
                "counted per web process.",
                hint="Set CACHE_URL to a shared cache, e.g. dbcache://portal_cache after "
                "`manage.py createcachetable`, or redis://….",
                id="portal.W001",
            )
        ]
    return []
