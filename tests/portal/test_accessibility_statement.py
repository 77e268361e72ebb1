"""The accessibility statement has what Digitaliseringsstyrelsen's template asks for."""

import datetime
import importlib

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def test_it_dates_its_preparation_and_last_review(client):
    html = client.get("/was").content.decode()
    assert 'udarbejdet den <time datetime="2026-11-27">27.11.2026</time>' in html
    assert 'senest gennemgået den <time datetime="2026-12-07">07.12.2026</time>' in html


def test_the_dates_come_from_the_settings(client, settings):
    settings.ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2027, 1, 4)
    settings.ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2027, 6, 30)
    html = client.get("/was").content.decode()
    assert 'udarbejdet den <time datetime="2027-01-04">04.01.2027</time>' in html
    assert 'senest gennemgået den <time datetime="2027-06-30">30.06.2027</time>' in html


def test_the_dates_are_read_from_the_environment_and_a_bad_one_stops_the_start(monkeypatch):
    import portal.settings as portal_settings

    monkeypatch.setenv("ACCESSIBILITY_STATEMENT_REVIEWED", "2027-03-01")
    reloaded = importlib.reload(portal_settings)
    assert datetime.date(2027, 3, 1) == reloaded.ACCESSIBILITY_STATEMENT_REVIEWED
    monkeypatch.setenv("ACCESSIBILITY_STATEMENT_REVIEWED", "01.03.2027")
    with pytest.raises(ImproperlyConfigured, match="ACCESSIBILITY_STATEMENT_REVIEWED"):
        importlib.reload(portal_settings)
    monkeypatch.delenv("ACCESSIBILITY_STATEMENT_REVIEWED")
    importlib.reload(portal_settings)


def test_it_lists_the_known_issues(client):
    html = client.get("/was").content.decode()
    assert "Portalen overholder delvist WCAG 2.1 AA" in html
    assert "/admin/" in html and "indlejrede styles" in html
    assert "Diagrammerne i PDF-rapporterne" in html and "tabeller" in html


def test_it_links_digitaliseringsstyrelsens_complaint_page_and_the_contact(client):
    html = client.get("/was").content.decode()
    assert (
        '<a href="https://www.digst.dk/digital-service/webtilgaengelighed/klag/" hreflang="da">'
        "Klag over manglende tilgængelighed</a>" in html
    )
    assert "www.was.digst.dk" not in html
    assert f'href="mailto:{settings.PORTAL_CONTACT_EMAIL}"' in html


def test_it_shows_the_phone_number_only_when_one_is_set(client, settings):
    settings.PORTAL_CONTACT_PHONE = ""
    assert 'href="tel:' not in client.get("/was").content.decode()

    settings.PORTAL_CONTACT_PHONE = "+45 74 34 34 34"
    html = client.get("/was").content.decode()
    assert 'Du kan også ringe til os på <a href="tel:+4574343434">+45 74 34 34 34</a>.' in html


@pytest.mark.parametrize(("language", "reviewed"), [("en", "07/12/2026"), ("da", "07.12.2026")])
def test_it_writes_the_dates_in_the_pages_language(client, language, reviewed):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert f'<time datetime="2026-12-07">{reviewed}</time>' in client.get("/was").content.decode()
