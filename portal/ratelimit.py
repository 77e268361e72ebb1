"""A fixed-window rate limit in Django's cache (shared between processes in production)."""

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The client's address. Behind a reverse proxy, set CLIENT_IP_HEADER (e.g. HTTP_X_REAL_IP)."""
    return request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR", "")


def _key(scope, key):
    return f"ratelimit:{scope}:{key}"


def is_limited(scope, key, *, limit):
    """True when `key` has used up its `limit` in the current window."""
    return cache.get(_key(scope, key), 0) >= limit


def hit(scope, key, *, window):
    """Count one use for `key`; the window starts with the first use."""
    cache_key = _key(scope, key)
    cache.add(cache_key, 0, timeout=window)
    try:
        cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
