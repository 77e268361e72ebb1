"""The portal's URLs and error handlers, plus views that fail on purpose (for the error page
tests only)."""

from django.core.exceptions import BadRequest, PermissionDenied

from portal import urls as portal_urls
from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401


def bad(request):
    raise BadRequest("the request made no sense")


def forbidden(request):
    raise PermissionDenied


def boom(request):
    raise RuntimeError("the view fell over")


from django.urls import path  # noqa: E402

urlpatterns = [
    path("test-errors/400/", bad),
    path("test-errors/403/", forbidden),
    path("test-errors/500/", boom),
    *portal_urls.urlpatterns,
]
