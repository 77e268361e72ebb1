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
