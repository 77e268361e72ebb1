"""The pages work under the Content-Security-Policy: Chromium refuses nothing on them."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from mapping.models import Organisation

pytestmark = pytest.mark.browser

# Chromium reports what a policy refuses twice: as a console error and as a DOM event. The
# event is caught by a script the browser injects itself, which the policy does not govern.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # demo_data refuses to run otherwise
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def _watch(page):
    complaints = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            complaints.append(text)

    page.on("console", on_console)
    page.add_init_script(RECORD_VIOLATIONS)
    return complaints


def _visit(page, complaints, url):
    response = page.goto(url)
    assert response.status < 400, url
    page.wait_for_load_state("load")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    complaints += [f"{url}: {text}" for text in page.evaluate("window.__violations")]


def test_public_and_staff_pages_break_no_rule_of_the_policy(new_context, demo):
    page = new_context().new_page()
    complaints = _watch(page)
    enterprise = Organisation.objects.public().first()
    anonymous = [
        "/",
        "/enterprises/",
        f"/enterprises/{enterprise.pk}/",
        "/register/",
        "/cases/",
        "/strategy/plan/",
    ]
    for url in anonymous:
        _visit(page, complaints, url)
    # The plan's actions, with their progress bars.
    actions = page.locator("a[href^='/strategy/plan/actions/']")
    for href in sorted({actions.nth(i).get_attribute("href") for i in range(actions.count())})[:3]:
        _visit(page, complaints, href)

    page.goto("/accounts/login/")
    page.locator("[name=username]").fill("leder")
    page.locator("[name=password]").fill("demo")
    page.get_by_role("main").get_by_role("button", name=re.compile(r"Log ind|Log in")).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    for url in (
        "/",
        "/mapping/stakeholders/grid/",
        "/programme/",
        "/mapping/reports/preview/",
        "/mapping/meetings/new/",
        f"/mapping/organisations/{enterprise.pk}/edit/",
        "/strategy/",
    ):
        _visit(page, complaints, url)
    # Bootstrap's scripts run: the user menu opens (Popper places it through the CSSOM).
    menu = page.get_by_role("navigation").get_by_role("button", name="Lene Lindholm")
    menu.click()
    expect(page.get_by_role("button", name=re.compile(r"Log ud|Log out"))).to_be_visible()
    complaints += page.evaluate("window.__violations")
    assert sorted(set(complaints)) == []
