from unittest import mock

import pytest
from django.core import mail
from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_head_requests(client):
    assert client.head("/healthz").status_code == 200


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("portal.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_the_footer_links_the_accessibility_statement(client):
    html = client.get("/").content.decode()
    assert '<a href="/was">Tilgængelighedserklæring</a>' in html
    assert client.get("/was").status_code == 200


def test_pages_are_danish_by_default_and_english_on_request(client):
    assert '<html lang="da">' in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_no_asset_comes_from_a_cdn(client):
    import re

    html = client.get("/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert "/static/vendor/bootstrap-5.3.9.min.css" in sources
    assert "/static/vendor/bootstrap-5.3.9.bundle.min.js" in sources
    assert all(source.startswith("/static/") for source in sources), sources


def test_login_with_username_or_email(client, leader):
    # django-axes needs the request to count failures by address.
    assert client.login(request=HttpRequest(), username="leder", password="password")
    client.logout()
    response = client.post(
        reverse("login"), {"username": "leder@example.dk", "password": "password"}
    )
    assert response.status_code == 302


def test_login_refuses_a_wrong_password(client, leader):
    response = client.post(reverse("login"), {"username": "leder", "password": "forkert"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_password_reset_sends_a_mail_with_a_working_link(client, alice):
    client.post(reverse("password_reset"), {"email": alice.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1].strip()
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "ny-adgangskode-2026", "new_password2": "ny-adgangskode-2026"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("ny-adgangskode-2026")


def test_the_dashboard_fits_the_role(client, leader, alice, bob, steering):
    client.force_login(leader)
    html = client.get("/").content.decode()
    assert "Bobs Værksted" in html  # the moderation queue
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert "Alices Café" in html
    assert "Bobs Værksted" not in html
    client.force_login(steering)
    html = client.get("/").content.decode()
    assert "Bobs Værksted" not in html


def test_the_leaders_dashboard_counts_by_status_and_area(client, leader, alice, area):
    client.force_login(leader)
    response = client.get("/")
    panels = {panel.template: panel.context for panel in response.context["panels"]}
    counts = panels["mapping/includes/panel_counts.html"]
    haderslev = next(row for row in counts["by_area"] if row.name == "Haderslev")
    assert (haderslev.existing, haderslev.potential) == (1, 0)


def test_an_english_browser_still_gets_danish_until_english_is_chosen(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="da">' in response.content.decode()
    assert response["Content-Language"] == "da"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"


def test_healthz_answers_a_probe_that_uses_an_ip_address(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.dk"]
    assert client.get("/healthz", HTTP_HOST="10.1.2.3").status_code == 200
    assert client.get("/", HTTP_HOST="10.1.2.3").status_code == 400
