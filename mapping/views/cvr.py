"""Look-up in the CVR register from the registration form and the organisation forms."""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mapping import cvr
from mapping.validators import is_valid_cvr, normalise_cvr
from portal import ratelimit

logger = logging.getLogger(__name__)

RATE_SCOPE = "cvr-lookup"
DEFAULT_RATE_LIMIT = 30  # look-ups per client address and window
DEFAULT_RATE_WINDOW = 60 * 60  # seconds


# Public on purpose: the registration form is public. What it returns is public register
# data, and everyone but the programme's staff is rate-limited per client address.
@require_GET
@never_cache
def cvr_lookup(request):
    """An HTML fragment: the company's details with a button that fills them in, or why not."""
    backend = cvr.get_backend()
    if backend is None:
        raise Http404("No CVR look-up is configured.")
    number = normalise_cvr(request.GET.get("cvr", ""))
    if not is_valid_cvr(number):
        return _fragment(request, "invalid", status=400)
    limited = not (request.user.is_authenticated and request.user.is_programme_staff)
    if limited:
        address = ratelimit.client_address(request)
        limit = getattr(settings, "CVR_LOOKUP_RATE_LIMIT", DEFAULT_RATE_LIMIT)
        if ratelimit.is_limited(RATE_SCOPE, address, limit=limit):
            return _fragment(request, "limited", status=429)
        window = getattr(settings, "CVR_LOOKUP_RATE_WINDOW", DEFAULT_RATE_WINDOW)
        ratelimit.hit(RATE_SCOPE, address, window=window)
    try:
        company = backend.lookup(number)
    except cvr.CVRLookupError as error:
        logger.warning("CVR look-up of %s failed: %s", number, error)
        return _fragment(request, "failed")
    if company is None:
        return _fragment(request, "not_found", cvr=number)
    return _fragment(request, "ceased" if company.ceased else "found", company=company)


def _fragment(request, outcome, *, status=200, **context):
    return render(
        request,
        "mapping/cvr/lookup_result.html",
        {"outcome": outcome, **context},
        status=status,
    )


urlpatterns = [
    path("mapping/cvr-lookup/", cvr_lookup, name="cvr-lookup"),
]
