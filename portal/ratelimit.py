"""A fixed-window rate limit in Django's cache (shared between processes in production)."""

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The client's address. Behind a reverse proxy, set CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP)."""
    header = getattr(settings, "CLIENT_IP_HEADER", "REMOTE_ADDR")
    return request.META.get(header) or request.META.get("REMOTE_ADDR", "unknown")


def hit(scope, key, *, limit, window):
    """Count one attempt; True while `key` has made at most `limit` attempts in the window."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit
