"""The registration's rate-limit refusal keeps what was typed and says whom to write to."""

import re

import pytest
from django.urls import reverse

from mapping.models import Organisation

pytestmark = pytest.mark.django_db

URL = reverse("mapping:register")


@pytest.fixture
def limited(client, settings):
    settings.REGISTRATION_RATE_LIMIT = 1
    settings.PORTAL_CONTACT_EMAIL = "socialokonomi@haderslev.example"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # One spoilt attempt uses up the allowance.
    client.post(URL, {"name": ""})


def test_the_refusal_shows_the_form_filled_in_with_what_was_typed(client, data, limited):
    response = client.post(URL, data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many registrations" in html
    assert 'value="Kvist &amp; Kaffe"' in html
    assert 'value="maja@example.dk"' in html
    assert 'value="31415926"' in html
    assert "Socialøkonomisk café med praktikpladser." in html
    # Chosen purpose areas and radio answers are still chosen.
    for pk in data["purpose_areas"]:
        assert re.search(rf'value="{pk}"[^>]*checked', html)
    assert re.search(r'name="what" value="existing"[^>]*checked', html)
    assert Organisation.objects.count() == 0


def test_the_refusal_never_shows_the_password_back(client, data, limited):
    html = client.post(URL, data).content.decode()
    assert data["password1"] not in html


def test_the_refusal_names_the_contact_address(client, data, limited):
    html = client.post(URL, data).content.decode()
    assert 'href="mailto:socialokonomi@haderslev.example"' in html
