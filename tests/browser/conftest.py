"""Browser fixtures: Debian's Chromium driven by Playwright, and axe-core for accessibility.

Every test in this directory is marked ``browser`` (deselect them with ``-m "not browser"``).
The tests run against pytest-django's ``live_server`` in the same process, so the ORM, the
cache and ``mail.outbox`` are shared with the server thread.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import sync_playwright

from mapping.models import SDG, PurposeArea

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# What a failing locator or expectation waits for before it gives up: the server is local.
TIMEOUT_MS = 10_000
# The axe impacts that fail a test. Minor and moderate findings are reported by axe but
# do not block.
BLOCKING_IMPACTS = ("serious", "critical")

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark every test under tests/browser/ as ``browser``, before ``-m`` deselects."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _migrated_rows(transactional_db):
    """Put back the rows that data migrations create (purpose areas, development goals).

    A transactional test ends with a flush of every table, which also removes those rows.
    pytest-django's serialized rollback cannot restore them here: once Playwright's sync API
    has started, the main thread has a running event loop between calls, so Django hands the
    test code a different connection object than the one that holds the serialized data.
    """
    for code in PurposeArea.Code.values:
        PurposeArea.objects.get_or_create(code=code)
    for number in range(1, 18):
        SDG.objects.get_or_create(number=number)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    # Playwright's own browser downloads are never used here.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Open a fresh browser context (no cookies) on the live server; closed after the test.

    ``language`` sets the language cookie, as the header's language buttons do; ``locale`` is
    the browser's own language (the portal ignores it: Danish unless the cookie says else).
    """
    contexts = []

    def open_context(language=None, locale="da-DK"):
        context = browser.new_context(locale=locale, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        if language:
            context.add_cookies(
                [
                    {
                        "name": settings.LANGUAGE_COOKIE_NAME,
                        "value": language,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a new context (locale da-DK) whose relative URLs go to the live server."""
    return new_context().new_page()


def _format_violations(violations, url):
    lines = [f"axe found {len(violations)} serious or critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node.get('html', '').strip()[:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      why:  {summary[:500]}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _axe():
    return Axe()


@pytest.fixture
def axe(_axe):
    """``axe(page)`` runs axe-core on the page and fails on serious or critical violations.

    It returns all violations (of any impact), for tests that want to look closer.
    """

    def check(page, context=None):
        results = _axe.run(page, context=context)
        violations = results.response["violations"]
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            report = _format_violations(blocking, page.url)
            print(report)
            pytest.fail(report, pytrace=False)
        return violations

    return check
