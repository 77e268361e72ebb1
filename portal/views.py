from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import registry


def back_url(request, default):
    """Where a small form asked to go back to (its `next`, posted or in the query), if that is
    inside the portal; `default` otherwise."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def home(request):
    """Public front page for visitors; the role's dashboard after login."""
    panels = registry.dashboard_panels(request)
    if request.user.is_authenticated:
        return render(request, "portal/dashboard.html", {"panels": panels})
    sections = registry.home_sections(request)
    return render(request, "portal/home.html", {"panels": panels, "sections": sections})


# Digitaliseringsstyrelsen's page for complaints about web accessibility (the "klage" link that
# its template for the statement asks for).
ACCESSIBILITY_COMPLAINT_URL = "https://www.digst.dk/digital-service/webtilgaengelighed/klag/"


def accessibility_statement(request):
    """Tilgængelighedserklæring, required by the Danish web-accessibility law."""
    return render(
        request,
        "portal/accessibility_statement.html",
        {
            "contact_email": settings.PORTAL_CONTACT_EMAIL,
            "contact_phone": settings.PORTAL_CONTACT_PHONE,
            "prepared": settings.ACCESSIBILITY_STATEMENT_PREPARED,
            "reviewed": settings.ACCESSIBILITY_STATEMENT_REVIEWED,
            "complaint_url": ACCESSIBILITY_COMPLAINT_URL,
        },
    )


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not. For load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def login_locked_out(request, original_response=None, credentials=None):
    """The page for a login that django-axes refuses (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "contact_email": settings.PORTAL_CONTACT_EMAIL},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
