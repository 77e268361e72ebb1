"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches that each web process keeps in its own memory, and the database cache, whose
# counter is a read and a write (4 processes at once counted 737 of 2,000 hits on it).
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
NON_ATOMIC_CACHES = ("django.core.cache.backends.db.DatabaseCache",)


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
                hint="Set CACHE_URL to Redis, e.g. redis://127.0.0.1:6379/1.",
                id="portal.W001",
            )
        ]
    if backend in NON_ATOMIC_CACHES:
        return [
            Warning(
                "The database cache counts a hit by reading and writing the row, so web "
                "processes at the same time lose hits and the rate limits let more through.",
                hint="Set CACHE_URL to Redis, e.g. redis://127.0.0.1:6379/1.",
                id="portal.W001",
            )
        ]
    return []


@register(deploy=True)
def background_jobs(app_configs, **kwargs):
    """Without a broker every job (a report's PDF, an import, mail to many) runs inside the
    request that starts it, and the scheduled work does not run at all."""
    if not settings.CELERY_BROKER_URL:
        return [
            Warning(
                "No CELERY_BROKER_URL: background jobs run inside the web requests that start "
                "them, and nothing scheduled runs.",
                hint="Set CELERY_BROKER_URL to Redis (redis://127.0.0.1:6379/0) and run a "
                "Celery worker with beat (see the README's production section).",
                id="portal.W002",
            )
        ]
    return []
