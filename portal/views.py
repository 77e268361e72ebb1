from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal import registry


def home(request):
    """Public front page for visitors; the role's dashboard after login."""
    panels = registry.dashboard_panels(request)
    template = "portal/dashboard.html" if request.user.is_authenticated else "portal/home.html"
    return render(request, template, {"panels": panels})


def accessibility_statement(request):
    """Tilgængelighedserklæring, required by the Danish web-accessibility law."""
    return render(
        request,
        "portal/accessibility_statement.html",
        {"contact_email": settings.PORTAL_CONTACT_EMAIL},
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
