"""Logins lock out after a few failures, per user name and per address (django-axes)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def log_in(client, username, password="password", address="10.0.0.1"):  # noqa: S107
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_wrong_passwords_then_the_right_one_is_refused_with_the_lockout_page(client, consultant):
    assert [log_in(client, "konsulent", "forkert").status_code for _ in range(2)] == [200, 200]
    assert log_in(client, "konsulent", "forkert").status_code == 429

    response = log_in(client, "konsulent")

    assert response.status_code == 429
    assert not logged_in(client)
    assert "registration/locked_out.html" in [t.name for t in response.templates]


def test_the_user_name_stays_locked_from_another_address(client, consultant):
    for number in range(3):
        log_in(client, "konsulent", "forkert", address=f"10.0.1.{number}")

    assert log_in(client, "konsulent", address="10.0.2.1").status_code == 429
    assert not logged_in(client)


def test_an_address_is_locked_for_every_user_name(client, consultant, leader):
    # One guess each at several accounts from one address: no user name reaches the limit.
    for username in ("konsulent", "leder", "styregruppe"):
        log_in(client, username, "forkert", address="10.0.0.7")

    assert log_in(client, "leder", address="10.0.0.7").status_code == 429
    assert not logged_in(client)
    # The same person from another address is not affected.
    assert log_in(client, "leder", address="10.0.0.8").status_code == 302
    assert logged_in(client)


def test_the_address_comes_from_the_configured_header(client, settings, consultant):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for username in ("a", "b", "c"):
        client.post(LOGIN, {"username": username, "password": "x"}, HTTP_X_REAL_IP="192.0.2.5")
    assert AccessAttempt.objects.filter(ip_address="192.0.2.5").count() == 3
    response = client.post(
        LOGIN, {"username": "konsulent", "password": "password"}, HTTP_X_REAL_IP="192.0.2.5"
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    "logins",
    [
        ["konsulent", "konsulent@example.dk", "konsulent"],
        ["konsulent@example.dk", "KONSULENT@example.dk", "konsulent"],
    ],
)
def test_switching_between_email_and_user_name_counts_as_one(client, consultant, logins):
    for number, login in enumerate(logins):
        log_in(client, login, "forkert", address=f"10.0.3.{number}")

    assert log_in(client, "konsulent@example.dk", address="10.0.4.1").status_code == 429
    assert log_in(client, "konsulent", address="10.0.4.2").status_code == 429
    assert not logged_in(client)
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"konsulent"}


def test_the_lockout_ends_after_the_cool_off(client, consultant):
    for _attempt in range(3):
        log_in(client, "konsulent", "forkert")
    assert log_in(client, "konsulent").status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))

    assert log_in(client, "konsulent").status_code == 302
    assert logged_in(client)


def test_a_success_clears_the_persons_own_failures(client, consultant):
    for _attempt in range(2):
        log_in(client, "konsulent", "forkert")
    assert log_in(client, "konsulent").status_code == 302
    client.logout()

    for _attempt in range(2):
        assert log_in(client, "konsulent", "forkert").status_code == 200
    assert log_in(client, "konsulent").status_code == 302


def test_logging_in_to_ones_own_account_does_not_clear_guesses_at_another(
    client, consultant, alice
):
    # Anyone may register an account: logging in to it must not reset the count of
    # guesses made from the same address at someone else's password.
    for _attempt in range(2):
        log_in(client, "konsulent", "forkert")
    assert log_in(client, "alice").status_code == 302
    client.logout()

    assert log_in(client, "konsulent", "forkert").status_code == 429
    assert log_in(client, "konsulent", address="10.0.9.9").status_code == 429


def test_the_lockout_page_is_danish_in_the_portals_layout_and_says_how_to_get_help(
    client, consultant, settings
):
    for _attempt in range(3):
        response = log_in(client, "konsulent", "forkert")

    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "base.html" in [t.name for t in response.templates]
    assert '<html lang="da">' in html
    with translation.override("da"):
        assert gettext("Logins are blocked for a while") in html
    assert f'href="mailto:{settings.PORTAL_CONTACT_EMAIL}"' in html
    assert f'href="{reverse("password_reset")}"' in html
    assert "forkert" not in html


def test_the_admin_login_is_locked_too(client, leader):
    admin_login = reverse("admin:login")
    for _attempt in range(3):
        client.post(admin_login, {"username": "leder", "password": "forkert"})

    response = client.post(admin_login, {"username": "leder", "password": "password"})

    assert response.status_code == 429
    assert not logged_in(client)


def test_an_administrator_sees_and_clears_a_lockout_in_the_admin(client, consultant):
    for _attempt in range(3):
        log_in(client, "konsulent", "forkert")
    admin = make_user("admin", User.Role.PROJECT_LEADER, is_staff=True, is_superuser=True)
    client.force_login(admin)

    changelist = reverse("admin:axes_accessattempt_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    assert "konsulent" in page.content.decode()
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()

    assert log_in(client, "konsulent").status_code == 302
    assert logged_in(client)
