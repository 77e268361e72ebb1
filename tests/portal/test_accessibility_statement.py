"""The accessibility statement has what Digitaliseringsstyrelsen's template asks for."""

import pytest
from django.conf import settings


def test_it_dates_its_preparation_and_last_review(client):
    html = client.get("/was").content.decode()
    assert 'udarbejdet den <time datetime="2026-11-27">27.11.2026</time>' in html
    assert 'senest gennemgået den <time datetime="2026-12-07">07.12.2026</time>' in html


def test_it_lists_the_known_issues(client):
    html = client.get("/was").content.decode()
    assert "Portalen overholder delvist WCAG 2.1 AA" in html
    assert "/admin/" in html and "indlejrede styles" in html
    assert "Diagrammerne i PDF-rapporterne" in html and "tabeller" in html


def test_it_links_the_complaint_form_and_the_contact(client):
    html = client.get("/was").content.decode()
    assert (
        '<a href="https://www.was.digst.dk/" hreflang="da">Klag til Digitaliseringsstyrelsen</a>'
        in html
    )
    assert f'href="mailto:{settings.PORTAL_CONTACT_EMAIL}"' in html


@pytest.mark.parametrize(("language", "reviewed"), [("en", "07/12/2026"), ("da", "07.12.2026")])
def test_it_writes_the_dates_in_the_pages_language(client, language, reviewed):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert f'<time datetime="2026-12-07">{reviewed}</time>' in client.get("/was").content.decode()
