"""Long work shows that it is working: the button turns busy at once and cannot be sent twice."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import User
from tests.browser.helpers import log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser


def intercept(page, pattern):
    """Answer requests to ``pattern`` with "204 No Content", so the page stays as the work
    left it (as while a slow PDF is being made); returns the requests made."""
    requests = []

    def answer(route):
        requests.append(route.request)
        route.fulfill(status=204)

    page.route(pattern, answer)
    return requests


def press(control):
    """Click, also when the control says it is busy (as an impatient person would)."""
    control.evaluate("element => element.click()")


def expect_busy(page, control):
    expect(control).to_have_attribute("aria-disabled", "true")
    expect(control).to_have_text(re.compile(r"^\s*Arbejder …\s*$"))
    expect(control.locator(".spinner-border")).to_be_visible()
    expect(page.locator("#portal-live")).to_have_text("Arbejder …")


@pytest.fixture
def leader_page(page):
    log_in(page, make_user("leder", User.Role.PROJECT_LEADER, is_staff=True))
    page.goto("/mapping/reports/")
    return page


def test_it_shows_the_freeze_button_busy_and_sends_once(leader_page, axe):
    page = leader_page
    requests = intercept(page, "**/mapping/reports/freeze/")
    button = page.locator("button[data-portal-busy]")
    expect(button).to_have_accessible_name("Fastfrys som ny version")
    press(button)
    expect_busy(page, button)
    # A second click while the report is being made sends nothing more.
    press(button)
    page.wait_for_timeout(300)
    assert [request.method for request in requests] == ["POST"]
    axe(page)


def test_it_shows_the_pdf_preview_link_busy(leader_page):
    page = leader_page
    requests = intercept(page, "**/mapping/reports/preview/pdf/")
    link = page.locator("a[data-portal-busy]")
    expect(link).to_have_accessible_name("Forhåndsvisning som PDF")
    press(link)
    expect_busy(page, link)
    press(link)
    page.wait_for_timeout(300)
    assert len(requests) == 1


def test_it_leaves_other_buttons_as_they_are(leader_page):
    page = leader_page
    expect(page.locator("#portal-live")).to_have_text("")
    expect(page.get_by_role("button", name="Gem teksterne")).not_to_have_attribute(
        "aria-disabled", "true"
    )
