"""The error pages: 400, 403, 404, 500 and the CSRF failure, in the portal's layout and the
visitor's language, each with a way back.

The 500 page is rendered without the context processors, because they ask the database (the
navigation, the logged-in user, messages in the session) and a 500 is often the database's
fault: it gets only what needs no query. The other pages get the full layout when they can,
and the same plain one when the request never reached the authentication middleware (a 400
for a host we do not serve) or the full one cannot be rendered.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def _back_url(request):
    """The page the visitor came from, when it is one of ours (never a link off-site)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - a 400 for a host we do not serve: no way back but home
        return ""
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _plain(request, template, status):
    """The page from a plain dict, with no request for the template: no context processor
    runs, so nothing here asks the database."""
    context = {
        "request": request,
        "municipality": settings.PORTAL_MUNICIPALITY,
        "csrf_token": get_token(request),
        "CSP_NONCE": getattr(request, "csp_nonce", ""),
        "back_url": _back_url(request),
        "status_code": status,
    }
    return HttpResponse(loader.get_template(template).render(context), status=status)


def _page(request, template, status):
    if hasattr(request, "user"):
        context = {"back_url": _back_url(request), "status_code": status}
        try:
            return render(request, template, context, status=status)
        except Exception:
            # An error page must not fail in turn (the database may be why it is shown).
            logger.exception("The %s page could not be rendered with the full layout", status)
    return _plain(request, template, status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, "404.html", 404)


@requires_csrf_token
def server_error(request):
    return _plain(request, "500.html", 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most often a form left open so long that its session ended."""
    return _page(request, "403_csrf.html", 403)
