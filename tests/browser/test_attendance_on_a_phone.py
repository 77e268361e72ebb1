"""The attendance checklist at the door, on a phone (390 px): one big button per person that
toggles whether they came, back at the same row, without JavaScript; and the participant page
of the staff, checked with axe."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from network.models import SignUp
from tests.browser.helpers import DESKTOP, PAGE_OVERFLOW, PHONE, log_in
from tests.network.staff_world import add_signup, make_event, record_notices

pytestmark = pytest.mark.browser

# WCAG 2.5.5's target size for a finger.
TOUCH = 44


@pytest.fixture
def event(db):
    now = timezone.now()
    event = make_event(
        title="Uddannelse: socialøkonomi for indkøbere",
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(hours=2),
        capacity=30,
    )
    for number in range(12):
        add_signup(event, f"Deltager med et ret langt navn {number:02}", email=f"d{number}@x.dk")
    add_signup(event, "Vera Vang", SignUp.State.WAITING)
    return event


def test_the_checklist_works_on_a_phone(new_context, axe, consultant, event, monkeypatch):
    record_notices(monkeypatch)
    page = new_context().new_page()
    page.set_viewport_size(DESKTOP)
    log_in(page, consultant)
    page.set_viewport_size(PHONE)
    page.goto(reverse("network:attendance", args=[event.pk]))
    buttons = page.locator("main form button[type=submit]")
    expect(buttons).to_have_count(12)
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    for box in (buttons.nth(i).bounding_box() for i in range(12)):
        assert box["height"] >= TOUCH and box["width"] >= 300, box
    axe(page)
    # Mark the ninth person: the page comes back at their row, marked, and counted.
    ninth = event.signups.order_by("name").filter(state=SignUp.State.CONFIRMED)[8]
    buttons.nth(8).click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#signup-{ninth.pk}")
    expect(page.locator(f"#signup-{ninth.pk} button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#counts")).to_contain_text("Mødt: 1")
    ninth.refresh_from_db()
    assert ninth.state == SignUp.State.ATTENDED


def test_the_participant_page_passes_axe(new_context, axe, leader, event, monkeypatch):
    record_notices(monkeypatch)
    page = new_context().new_page()
    log_in(page, leader)
    page.goto(reverse("network:participants", args=[event.pk]))
    expect(page.get_by_role("heading", name=event.title)).to_be_visible()
    axe(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate(PAGE_OVERFLOW) <= 0
