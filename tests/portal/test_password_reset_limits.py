"""Password reset: limited per address and per e-mail; one answer whether the address exists."""

import logging

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal import password_reset

pytestmark = pytest.mark.django_db

URL = reverse("password_reset")
DONE = reverse("password_reset_done")


def ask(client, email, address="10.0.0.1"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_a_known_address_gets_the_mail(client, alice):
    response = ask(client, "alice@example.dk")
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert [message.to for message in mail.outbox] == [["alice@example.dk"]]


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client, alice):
    known = ask(client, "alice@example.dk", address="10.0.0.1")
    unknown = ask(client, "nobody@example.dk", address="10.0.0.2")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    assert len(mail.outbox) == 1


def _call_view(email):
    request = RequestFactory().post(URL, {"email": email}, REMOTE_ADDR="10.0.0.5")
    request._dont_enforce_csrf_checks = True
    with CaptureQueriesContext(connection) as queries:
        response = password_reset.PasswordResetView.as_view()(request)
    return response, len(queries)


def test_the_request_does_the_same_work_for_a_known_and_an_unknown_address(alice):
    # Looking the address up and sending the mail wait until the response has gone, so an
    # address with an account does not answer later than one without.
    known, known_queries = _call_view("alice@example.dk")
    assert mail.outbox == []
    unknown, unknown_queries = _call_view("nobody@example.dk")

    assert known_queries == unknown_queries == 0
    assert known["Location"] == unknown["Location"] == DONE
    known.close()  # the WSGI server closes the response once it is sent
    unknown.close()
    assert [message.to for message in mail.outbox] == [["alice@example.dk"]]


def test_the_mail_is_in_the_language_of_the_page(client, alice):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    ask(client, "alice@example.dk")
    assert mail.outbox[0].subject.startswith("New password for the social-economy portal")

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "da"
    ask(client, "alice@example.dk")
    with translation.override("da"):
        expected = gettext("New password for the social-economy portal at %(site_name)s")
    assert mail.outbox[1].subject.startswith(expected.split("%(site_name)s")[0])


def test_requests_for_one_email_are_limited_without_saying_so(client, settings, alice, bob):
    settings.PASSWORD_RESET_EMAIL_RATE_LIMIT = 2
    first = ask(client, "alice@example.dk", address="10.0.0.1")
    # From other addresses and in other letter case: still the same e-mail address.
    ask(client, "Alice@Example.dk", address="10.0.0.2")
    limited = ask(client, "ALICE@example.dk", address="10.0.0.3")

    assert (limited.status_code, limited["Location"]) == (302, DONE)
    assert limited.content == first.content
    assert len(mail.outbox) == 2
    # Another person's reset is not affected.
    ask(client, "bob@example.dk", address="10.0.0.3")
    assert mail.outbox[-1].to == ["bob@example.dk"]


def test_the_email_limit_counts_unknown_addresses_the_same_way(client, settings, alice):
    settings.PASSWORD_RESET_EMAIL_RATE_LIMIT = 1
    answers = [ask(client, "nobody@example.dk", address=f"10.0.1.{n}") for n in range(3)]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, DONE)}
    assert mail.outbox == []


def test_requests_from_one_address_are_limited_with_a_clear_message(client, settings, alice):
    settings.PASSWORD_RESET_RATE_LIMIT = 2
    ask(client, "nobody@example.dk", address="10.0.0.9")
    ask(client, "someone@example.dk", address="10.0.0.9")

    response = ask(client, "alice@example.dk", address="10.0.0.9")

    assert response.status_code == 429
    with translation.override("da"):
        assert gettext("Too many password resets") in response.content.decode()
    assert "base.html" in [t.name for t in response.templates]
    assert mail.outbox == []
    # Another address is not affected.
    assert ask(client, "alice@example.dk", address="10.0.0.10").status_code == 302
    assert len(mail.outbox) == 1


def test_the_address_comes_from_the_configured_header(client, settings, alice):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.PASSWORD_RESET_RATE_LIMIT = 1
    client.post(URL, {"email": "nobody@example.dk"}, HTTP_X_REAL_IP="192.0.2.7")
    response = client.post(URL, {"email": "alice@example.dk"}, HTTP_X_REAL_IP="192.0.2.7")
    assert response.status_code == 429


def test_a_failure_after_the_response_is_logged_not_raised(client, alice, monkeypatch, caplog):
    def fail(self, **kwargs):
        raise RuntimeError("mail server gone")

    monkeypatch.setattr("django.contrib.auth.forms.PasswordResetForm.save", fail)
    with caplog.at_level(logging.ERROR, logger="portal.password_reset"):
        response = ask(client, "alice@example.dk")
    assert response.status_code == 302
    assert "mail server gone" in caplog.text


def test_the_cache_holds_no_email_address(client, alice):
    from django.core.cache import cache

    ask(client, "alice@example.dk")
    keys = " ".join(str(key) for key in cache._cache)
    assert "password-reset-email" in keys
    assert "alice" not in keys


def test_someone_invited_can_ask_for_a_new_link(client, leader):
    """A steering group member invited by the e-mail that sent them a report has no password
    yet; when the link in it has expired, "Forgotten your password?" sends a new one.
    An account made unusable on purpose (never invited) still gets nothing."""
    from portal.models import User
    from portal.people.services import steering_account_open
    from tests.conftest import make_user

    invited = steering_account_open(name="Anne Andersen", email="anne@example.dk", by=leader)
    assert not invited.has_usable_password()
    locked = make_user("laast", User.Role.CONSULTANT)
    locked.set_unusable_password()
    locked.save()

    ask(client, "anne@example.dk", address="10.0.0.1")
    ask(client, locked.email, address="10.0.0.2")
    assert [message.to for message in mail.outbox] == [["anne@example.dk"]]
    assert "/accounts/reset/" in mail.outbox[0].body
