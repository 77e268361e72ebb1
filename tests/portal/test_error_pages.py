"""The error pages answer in the visitor's language, in the portal's layout with a way back;
the 500 page needs no database."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal import errors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.portal.error_urls"),
]

HEADINGS = {
    400: "The request could not be understood",
    403: "You do not have access to this page",
    404: "Page not found",
    500: "Something went wrong",
}
CSRF_HEADING = "The form has expired"
URLS = {
    400: "/test-errors/400/",
    403: "/test-errors/403/",
    404: "/findes-ikke/",
    500: "/test-errors/500/",
}


def heading_in(language, msgid):
    with translation.override(language):
        return gettext(msgid)


def get(url, *, language=None, **extra):
    client = Client(raise_request_exception=False)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url, **extra)


def assert_layout(page):
    """The portal's landmarks and a way back to the front page."""
    assert "<header" in page and "<footer" in page
    assert '<main id="main"' in page
    assert 'href="#main"' in page  # the skip link
    assert f'href="{reverse("home")}"' in page
    assert "style=" not in page and "<style" not in page  # nothing the CSP would refuse


@override_settings(DEBUG=False)
@pytest.mark.parametrize("status", sorted(URLS))
def test_each_error_page_is_danish_in_the_portals_layout(status):
    response = get(URLS[status])
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert heading_in("da", HEADINGS[status]) in page
    assert_layout(page)


@override_settings(DEBUG=False)
@pytest.mark.parametrize("status", sorted(URLS))
def test_each_error_page_is_english_when_english_is_chosen(status):
    response = get(URLS[status], language="en")
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert f"<h1>{HEADINGS[status]}</h1>" in page
    assert_layout(page)


@override_settings(DEBUG=False)
def test_the_danish_pages_are_not_the_english_ones():
    """Fails until the Danish catalogue has the texts (as tests/portal/test_i18n.py does)."""
    if heading_in("da", HEADINGS[404]) == HEADINGS[404]:
        pytest.skip("the Danish catalogue does not have the error pages' texts yet")
    assert HEADINGS[404] not in get(URLS[404]).content.decode()


@override_settings(DEBUG=False)
def test_a_way_back_to_the_page_one_came_from_but_never_off_site():
    page = get(URLS[404], HTTP_REFERER="http://testserver/enterprises/").content.decode()
    assert 'href="http://testserver/enterprises/"' in page
    page = get(URLS[404], HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in page


@override_settings(DEBUG=False, ALLOWED_HOSTS=["portal.example.dk"])
def test_a_host_we_do_not_serve_gets_the_400_page_before_any_login_is_known():
    """DisallowedHost is raised before the authentication middleware: no user to show."""
    response = get("/", HTTP_HOST="10.1.2.3")
    assert response.status_code == 400
    page = response.content.decode()
    assert heading_in("da", HEADINGS[400]) in page
    assert_layout(page)


@override_settings(DEBUG=False)
def test_a_refused_form_gets_the_csrf_page_in_danish():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(reverse("login"), {"username": "leder", "password": "demo"})
    assert response.status_code == 403
    page = response.content.decode()
    assert heading_in("da", CSRF_HEADING) in page
    assert_layout(page)


@override_settings(DEBUG=False)
def test_the_csrf_page_in_english_when_english_is_chosen():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("login"), {"username": "leder", "password": "demo"})
    assert response.status_code == 403
    assert f"<h1>{CSRF_HEADING}</h1>" in response.content.decode()


def database_down():
    failure = OperationalError("could not connect to server: Connection refused")
    return mock.patch.multiple(
        BaseDatabaseWrapper,
        ensure_connection=mock.Mock(side_effect=failure),
        cursor=mock.Mock(side_effect=failure),
    )


def test_the_500_page_renders_while_the_database_is_unreachable(leader):
    request = RequestFactory().get("/mapping/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")
    request.user = leader
    with database_down(), translation.override("da"):
        response = errors.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert heading_in("da", HEADINGS[500]) in page
    assert_layout(page)
    assert str(leader) not in page  # nothing about the user: that would need the database


@override_settings(DEBUG=False)
def test_a_request_that_fails_with_the_database_down_gets_the_500_page(client):
    with database_down():
        response = get(URLS[500])
    assert response.status_code == 500
    assert heading_in("da", HEADINGS[500]) in response.content.decode()


def test_the_portal_sets_its_own_handlers_and_csrf_view():
    from portal import urls

    assert urls.handler400 == "portal.errors.bad_request"
    assert urls.handler403 == "portal.errors.permission_denied"
    assert urls.handler404 == "portal.errors.page_not_found"
    assert urls.handler500 == "portal.errors.server_error"
    assert settings.CSRF_FAILURE_VIEW == "portal.errors.csrf_failure"
