"""Security headers: a strict Content-Security-Policy, a Permissions-Policy, and no caching of
what a logged-in person sees."""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.models import User

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def _policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def _nonce(response):
    sources = _policy(response)["script-src"]
    nonces = [s[len("'nonce-") : -1] for s in sources if s.startswith("'nonce-")]
    assert len(nonces) == 1, sources
    return nonces[0]


class InlineCode(HTMLParser):
    """Collects what a page would run or style inline without the response's nonce."""

    def __init__(self, nonce):
        super().__init__()
        self.nonce = nonce
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, _value in attrs:
            if name == "style" or name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…>")
        if tag == "script" and attributes.get("nonce") != self.nonce and "src" not in attributes:
            self.found.append("<script> without the nonce")
        if tag == "style" and attributes.get("nonce") != self.nonce:
            self.found.append("<style> without the nonce")
        for name in ("href", "src", "action"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_code(html, nonce):
    parser = InlineCode(nonce)
    parser.feed(html)
    return parser.found


def test_it_sends_the_strict_policy_with_a_nonce(client):
    response = client.get(reverse("home"))
    policy = _policy(response)
    nonce = _nonce(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # The page's own scripts carry the same nonce; the next request gets another.
    assert f'nonce="{nonce}"' in response.content.decode()
    assert _nonce(client.get(reverse("home"))) != nonce


def test_it_can_send_the_policy_as_report_only(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get(reverse("home"))
    assert "Content-Security-Policy" not in response
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy-Report-Only"]


def test_it_sends_a_permissions_policy(client):
    header = client.get(reverse("home"))["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_downloads_go_without_a_page_policy_but_are_not_cached(client, leader):
    # Chromium's PDF viewer breaks under a page's policy; a CSV runs nothing.
    client.force_login(leader)
    response = client.get(reverse("mapping:organisation-list") + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "Content-Security-Policy" not in response
    assert "no-store" in response["Cache-Control"]
    assert "Permissions-Policy" in response


def test_pages_for_a_logged_in_person_are_not_stored(client, alice):
    client.force_login(alice)
    for url in (reverse("home"), reverse("mapping:directory")):
        assert "no-store" in client.get(url)["Cache-Control"]


def test_public_pages_for_anonymous_visitors_keep_normal_caching(client, alice):
    for url in (
        reverse("mapping:directory"),
        reverse("mapping:directory-detail", args=[alice.organisation.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")


# Templates that are never served as a page: e-mails, and the documents WeasyPrint turns into
# PDFs (those extend portal/pdf_base.html, whose <style> nothing in a browser ever runs).
def _served_templates():
    folders = [ROOT / "templates"] + [
        ROOT / app / "templates" for app in ("portal", "portal/programme", "mapping", "strategy")
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            text = path.read_text(encoding="utf-8")
            if name.startswith("emails/") or name.endswith("_email.html"):
                continue
            if name == "portal/pdf_base.html" or '{% extends "portal/pdf_base.html" %}' in text:
                continue
            yield name, text


COMMENTS = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)
TAG = re.compile(r"<[a-zA-Z][^>]*>")
HANDLER = re.compile(r"""\s(?:on[a-z]+|hx-on[:\w-]*|style)\s*=""", re.IGNORECASE)


def _runs_inline(tag):
    """Whether an HTML start tag (as written in a template) would run or style inline code
    that the policy refuses: a handler or style attribute, a javascript: URL, or an inline
    <script> or <style> without the nonce."""
    lowered = tag.lower()
    bare = "nonce=" not in lowered
    return bool(
        HANDLER.search(tag)
        or "javascript:" in lowered
        or (lowered.startswith("<script") and "src=" not in lowered and bare)
        or (re.match(r"<style\b", lowered) and bare)
    )


def test_no_template_holds_inline_script_or_style_without_the_nonce():
    served = list(_served_templates())
    assert len(served) > 50
    found = [
        f"{name}: {tag[:80]}"
        for name, text in served
        for tag in TAG.findall(COMMENTS.sub("", text))
        if _runs_inline(tag)
    ]
    assert found == []


def test_the_template_check_finds_what_it_looks_for():
    for tag in (
        '<div style="width: 3%">',
        '<button onclick="go()">',
        "<script>",
        '<style media="print">',
        '<a href="javascript:go()">',
        '<div hx-on:click="go()">',
    ):
        assert _runs_inline(tag), tag
    for tag in ('<script src="/static/x.js">', '<style nonce="{{ CSP_NONCE }}">', '<a href="/">'):
        assert not _runs_inline(tag), tag


# The crawl: every page a person can reach by following links, with the demo's data.
SKIP = ("/admin/", "/static/", "/media/", "/logout", "/i18n/")
PER_SHAPE = 2  # pages of the same shape (/organisations/<n>/) use the same templates
LIMIT = 250


def _links(html):
    for href in re.findall(r"""href=["']([^"'#]+)""", html):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def _shape(url):
    path, _, query = url.partition("?")
    keys = sorted(item.split("=")[0] for item in query.split("&") if item)
    return re.sub(r"\d+", "N", path), tuple(keys)


def _crawl(client):
    seen, shapes, queue, responses = set(), Counter(), deque(["/"]), []
    while queue and len(responses) < LIMIT:
        url = queue.popleft()
        if url in seen or shapes[_shape(url)] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[_shape(url)] += 1
        response = client.get(url)
        responses.append((url, response))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            queue.extend(_links(response.content.decode()))
    return responses


def test_every_page_reached_by_link_is_under_the_policy_and_runs_nothing_inline(settings):
    # A page that fails is another test's business; this one checks those that answer.
    client = Client(raise_request_exception=False)
    settings.DEBUG = True  # demo_data refuses to run otherwise
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    problems, pages = [], Counter()
    for username in (None, "leder", "styregruppe", "virksomhed"):
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        for url, response in _crawl(client):
            where = f"{username or 'anonymous'} {url}"
            if username and "no-store" not in response.get("Cache-Control", ""):
                problems.append(f"{where}: cached")
            if "Permissions-Policy" not in response:
                problems.append(f"{where}: no Permissions-Policy")
            html_page = response["Content-Type"].startswith("text/html")
            if response.status_code != 200 or not html_page:
                continue
            pages[username] += 1
            header = response.get("Content-Security-Policy", "")
            if "unsafe-inline" in header or "unsafe-eval" in header or not header:
                problems.append(f"{where}: policy {header!r}")
                continue
            html = response.content.decode()
            if "<html" not in html:  # a fragment for a script (the CVR look-up)
                continue
            nonce = _nonce(response)
            problems += [f"{where}: {found}" for found in inline_code(html, nonce)]
    assert problems == []
    # The crawl did reach the pages with charts, timelines and forms.
    assert pages["leder"] > 60
    assert pages[None] > 5
