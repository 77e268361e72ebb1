"""Sessions end after a while without activity (sooner for staff) and some hours after login."""

import time

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext

from portal.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE


def idle_message(minutes):
    with translation.override("da"):
        return ngettext(
            "You were logged out after %(minutes)d minute without activity.",
            "You were logged out after %(minutes)d minutes without activity.",
            minutes,
        ) % {"minutes": minutes}


def absolute_message(hours):
    with translation.override("da"):
        return ngettext(
            "You were logged out because you logged in more than %(hours)d hour ago. "
            "Please log in again.",
            "You were logged out because you logged in more than %(hours)d hours ago. "
            "Please log in again.",
            hours,
        ) % {"hours": hours}


def log_in(client, user):
    """Log in and make the first request, which starts the session's clocks."""
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    assert session[SESSION_LOGIN_AT] == session[SESSION_SEEN_AT]
    return session


def age(client, *, idle=0, since_login=0):
    """Move the session's clocks back: last seen `idle`, logged in `since_login` seconds ago."""
    session = client.session
    now = int(time.time())
    session[SESSION_SEEN_AT] = now - idle
    session[SESSION_LOGIN_AT] = now - max(idle, since_login)
    session.save()


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_the_defaults_are_30_minutes_for_staff_8_hours_for_others_and_12_hours_in_all():
    assert django_settings.SESSION_IDLE_MINUTES_STAFF == 30
    assert django_settings.SESSION_IDLE_MINUTES == 8 * 60
    assert django_settings.SESSION_MAX_HOURS == 12
    assert django_settings.SESSION_COOKIE_AGE == 12 * HOUR


@pytest.mark.parametrize("actor", ["leader", "consultant"])
def test_staff_are_logged_out_after_30_minutes_without_activity(client, request, actor):
    log_in(client, request.getfixturevalue(actor))
    age(client, idle=31 * MINUTE)
    response = client.get(reverse("mapping:organisation-list"), follow=True)
    assert not is_logged_in(client)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert escape(idle_message(30)) in response.content.decode()


def test_staff_stay_logged_in_within_30_minutes(client, consultant):
    log_in(client, consultant)
    age(client, idle=29 * MINUTE)
    assert client.get(reverse("mapping:organisation-list")).status_code == 200
    assert is_logged_in(client)


@pytest.mark.parametrize("actor", ["alice", "steering"])
def test_others_have_the_longer_idle_time(client, request, actor):
    log_in(client, request.getfixturevalue(actor))
    age(client, idle=2 * HOUR)
    assert client.get(reverse("home")).status_code == 200
    assert is_logged_in(client)

    age(client, idle=8 * HOUR + MINUTE)
    response = client.get(reverse("home"))
    assert not is_logged_in(client)
    # The public page is shown, to an anonymous visitor, with the reason.
    assert response.status_code == 200
    assert escape(idle_message(8 * 60)) in response.content.decode()


def test_activity_keeps_the_session_alive(client, consultant):
    log_in(client, consultant)
    for _ in range(3):
        age(client, idle=20 * MINUTE, since_login=2 * HOUR)
        assert client.get(reverse("mapping:organisation-list")).status_code == 200
        assert time.time() - client.session[SESSION_SEEN_AT] < MINUTE
    assert is_logged_in(client)


def test_everyone_is_logged_out_12_hours_after_logging_in(client, alice):
    log_in(client, alice)
    age(client, idle=MINUTE, since_login=12 * HOUR + MINUTE)
    response = client.get(reverse("mapping:my-organisations"), follow=True)
    assert not is_logged_in(client)
    assert escape(absolute_message(12)) in response.content.decode()


def test_the_limits_come_from_the_settings(client, consultant, alice, settings):
    settings.SESSION_IDLE_MINUTES_STAFF = 5
    settings.SESSION_IDLE_MINUTES = 10
    settings.SESSION_MAX_HOURS = 1
    log_in(client, consultant)
    age(client, idle=6 * MINUTE)
    client.get(reverse("home"))
    assert not is_logged_in(client)

    log_in(client, alice)
    age(client, idle=6 * MINUTE)
    client.get(reverse("home"))
    assert is_logged_in(client)
    age(client, idle=MINUTE, since_login=HOUR + MINUTE)
    client.get(reverse("home"))
    assert not is_logged_in(client)


def test_logging_in_starts_the_clocks(client, consultant):
    response = client.post(reverse("login"), {"username": "konsulent", "password": "password"})
    assert response.status_code == 302
    session = client.session
    assert abs(session[SESSION_LOGIN_AT] - time.time()) < 5
    assert session[SESSION_SEEN_AT] == session[SESSION_LOGIN_AT]


def test_the_session_is_not_written_on_every_request(client, consultant):
    log_in(client, consultant)
    seen = client.session[SESSION_SEEN_AT]
    response = client.get(reverse("mapping:organisation-list"))
    # Within the minute nothing changed, so the session was not saved or sent again.
    assert client.session[SESSION_SEEN_AT] == seen
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies


def test_anonymous_visitors_get_no_clocks(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert SESSION_SEEN_AT not in client.session
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
