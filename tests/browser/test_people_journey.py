"""The project leader's journey through the people page: invite a steering group member, who
chooses a password from the e-mailed link and logs in; then a second role, and deactivation."""

import re

import pytest
from playwright.sync_api import expect

from portal.models import RoleChange, User
from tests.browser.helpers import field, log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser

EMAIL = "karen.styre@example.dk"
PASSWORD = "Sommersted-Bro-2026"
LINK = re.compile(r"https?://\S+/accounts/reset/\S+")


def test_invite_a_member_who_sets_a_password_then_change_and_close_access(
    page, new_context, axe, mailoutbox
):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    log_in(page, leader)

    # The navigation leads the project leader to the people page.
    page.goto("/")
    page.get_by_role("navigation").get_by_role(
        "link", name=re.compile(r"^(Personer|People)")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)

    page.get_by_role("main").get_by_role("link", name=re.compile("Invit")).first.click()
    axe(page)
    field(page, "first_name").fill("Karen")
    field(page, "last_name").fill("Styre")
    field(page, "email").fill(EMAIL)
    field(page, "role").select_option(User.Role.STEERING_GROUP)
    page.get_by_role("main").get_by_role("button", name=re.compile("invitation", re.I)).click()
    expect(page.get_by_role("cell", name=EMAIL)).to_be_visible()

    invited = User.objects.get(email=EMAIL)
    assert invited.roles == {User.Role.STEERING_GROUP}
    assert not invited.has_usable_password()
    assert RoleChange.objects.filter(person=invited).count() == 1
    (message,) = [m for m in mailoutbox if EMAIL in m.to]
    link = LINK.search(message.body).group(0)

    # The member opens the link in a browser of their own and chooses a password.
    member_page = new_context().new_page()
    member_page.goto(link)
    axe(member_page)
    field(member_page, "new_password1").fill(PASSWORD)
    field(member_page, "new_password2").fill(PASSWORD)
    member_page.get_by_role("main").get_by_role("button").first.click()
    member_page.goto("/accounts/login/")
    member_page.locator("[name=username]").fill(EMAIL)
    member_page.locator("[name=password]").fill(PASSWORD)
    member_page.get_by_role("main").get_by_role(
        "button", name=re.compile(r"Log ind|Log in")
    ).click()
    expect(member_page).not_to_have_url(re.compile(r"/accounts/login/"))
    invited.refresh_from_db()
    assert invited.has_usable_password()

    # The project leader makes them a mentor too: recorded and e-mailed to the person.
    page.goto("/people/")
    page.get_by_role("link", name=re.compile(r"Karen Styre")).filter(
        has_text=re.compile("rolle|role", re.I)
    ).click()
    axe(page)
    steering = page.locator(f"input[type=checkbox][value={User.Role.STEERING_GROUP}]")
    expect(steering).to_be_checked()
    page.get_by_role("checkbox", name=re.compile(r"^Mentor$")).check()
    page.get_by_role("main").get_by_role("button").first.click()
    expect(page.get_by_role("cell", name=re.compile("Mentor"))).not_to_have_count(0)
    invited.refresh_from_db()
    assert invited.roles == {User.Role.STEERING_GROUP, User.Role.MENTOR}
    assert RoleChange.objects.filter(person=invited).count() == 2
    assert len([m for m in mailoutbox if EMAIL in m.to]) == 2

    # Deactivated, they can no longer log in.
    page.get_by_role("button", name=re.compile(r"^(Deaktivér|Deactivate) Karen Styre")).click()
    invited.refresh_from_db()
    assert not invited.is_active
    axe(page)


def test_the_people_page_fits_a_phone(new_context):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    for number in range(3):
        make_user(f"person{number}", User.Role.CONSULTANT)
    page = new_context().new_page()
    log_in(page, leader)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/people/")
    # The table scrolls in its own box; its hidden labels must not widen the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
