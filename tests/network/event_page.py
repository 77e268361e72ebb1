"""Stand-ins for the public event page (`network:event`) and a person's sign-up page
(`network:signup`), owned by the sign-up views, for the tests of the event lists, calendars
and e-mails, which link to them: each used only while the real one is missing from
`network.urls`, so with them in place these tests run against the real pages.

Use in a test module: ``pytestmark = [..., pytest.mark.usefixtures("event_page")]`` after
``from tests.network.event_page import event_page  # noqa: F401``.
"""

import pytest
from django.http import HttpResponse
from django.urls import include, path

from network import urls as network_urls
from portal import urls as portal_urls


def _stand_in(request, **kwargs):
    return HttpResponse("stand-in")


# The pages of the sign-up views that ours link to, by name.
STAND_INS = {
    "event": path("<int:pk>/", _stand_in, name="event"),
    "signup": path("signup/<str:token>/", _stand_in, name="signup"),
}


def _network_patterns():
    patterns = list(network_urls.urlpatterns)
    names = {getattr(pattern, "name", None) for pattern in patterns}
    return patterns + [pattern for name, pattern in STAND_INS.items() if name not in names]


def _urlpatterns():
    patterns = []
    for pattern in portal_urls.urlpatterns:
        if getattr(pattern, "namespace", None) == "network":
            pattern = path("network/", include((_network_patterns(), "network")))
        patterns.append(pattern)
    return patterns


urlpatterns = _urlpatterns()
handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500


@pytest.fixture
def event_page(settings):
    settings.ROOT_URLCONF = __name__
