"""After a failed submit, focus lands on a summary that counts the errors and links each."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_it_focuses_a_linked_summary_after_an_empty_registration(page, area, axe):
    page.goto("/register/")
    expect(page).not_to_have_title(re.compile(r"^Fejl:"))
    page.get_by_role("main").get_by_role("button", name="Registrér").click()

    summary = page.locator("[data-portal-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fejl: "))
    # Every message shown next to a field is in the summary, as a link to that field.
    field_messages = page.locator("form .invalid-feedback")
    links = summary.get_by_role("link")
    count = field_messages.count()
    assert count >= 5
    expect(links).to_have_count(count)
    expect(summary.get_by_role("heading")).to_have_text(f"Formularen har {count} fejl")
    for message, link in zip(field_messages.all(), links.all(), strict=True):
        text = re.sub(r"\s+", " ", message.inner_text()).strip()
        expect(link).to_contain_text(text)
        target = link.get_attribute("href").removeprefix("#")
        expect(page.locator(f"#{target}")).to_have_count(1)
    axe(page)

    # A link puts focus in its field, so the person can type at once.
    first = links.first
    target = first.get_attribute("href").removeprefix("#")
    first.click()
    expect(page.locator(f"#{target}")).to_be_focused()


def test_it_leaves_the_title_and_focus_alone_on_a_fresh_form(page, area):
    page.goto("/register/")
    expect(page.locator("[data-portal-error-summary]")).to_have_count(0)
    expect(page).to_have_title(re.compile(r"^Registrér"))
