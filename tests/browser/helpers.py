"""Steps that several browser tests share."""

import re

from playwright.sync_api import expect


def field(page, name):
    """The form field named ``name``; it must have an accessible name (a label)."""
    locator = page.locator(f"[name={name}]")
    expect(locator).to_have_count(1)
    expect(locator).to_have_accessible_name(re.compile(r"\S"))
    return locator


def log_in(page, user):
    """Log ``user`` in through the login page (every test user's password is "password")."""
    page.goto("/accounts/login/")
    page.locator("[name=username]").fill(user.username)
    page.locator("[name=password]").fill("password")
    page.get_by_role("main").get_by_role("button", name=re.compile(r"Log ind|Log in")).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("navigation").get_by_role("button", name=str(user))).to_be_visible()


# --- Tables on small screens: each scrolls in its own region that a keyboard reaches --------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


REGIONS = """
() => [...document.querySelectorAll(".table-responsive")].map((box) => ({
  tabindex: box.getAttribute("tabindex"),
  role: box.getAttribute("role"),
  scrolls: box.scrollWidth > box.clientWidth,
}))
"""
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def assert_reachable_tables(page, axe):
    regions = page.evaluate(REGIONS)
    assert regions, "the page has no table"
    assert all(r["tabindex"] == "0" and r["role"] == "region" for r in regions), regions
    for box in page.locator(".table-responsive").all():
        expect(box).to_have_accessible_name(re.compile(r"\S"))
    assert page.evaluate(PAGE_OVERFLOW) <= 0
    violations = axe(page)
    assert "scrollable-region-focusable" not in {v["id"] for v in violations}
    return regions
