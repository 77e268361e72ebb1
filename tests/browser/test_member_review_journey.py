"""A steering group member without an account reads what is sent to them: the project leader
sees before sending that the member will be invited, submits the interim report version;
the member gets the e-mail, follows the invitation link, chooses a password, reads the
version, comments and gives a verdict. axe-core scans every page on the way."""

import re

import pytest
from django.utils.translation import gettext
from playwright.sync_api import expect

from mapping.models import ReviewComment, ReviewVerdict
from mapping.services.reports import report_freeze
from portal.models import SteeringGroupMember, User
from portal.steering import Reach
from tests.browser.helpers import field, log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser

EMAIL = "hhan@example.dk"
PASSWORD = "Hammelev-Bro-2026"
SET_PASSWORD = re.compile(r"https?://\S+/accounts/reset/\S+/")
VERSION_LINK = re.compile(r"https?://\S+/mapping/reports/versions/\d+/")
COMMENT = "Tallene for Årø bør stå i en tabel for sig."


def named(text):
    return re.compile(rf"^\s*{re.escape(gettext(text))}\s*$")


def test_a_member_without_an_account_reads_comments_and_gives_a_verdict(
    page, new_context, axe, mailoutbox
):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    SteeringGroupMember.objects.create(
        name="Henrik Hansen", organisation="Haderslev Kommune, Børn og Familie", email=EMAIL
    )
    version, _created = report_freeze(by=leader)

    # Before sending, the version page says the member will be invited.
    log_in(page, leader)
    page.goto(version.get_absolute_url())
    recipients = page.get_by_role("region", name=gettext("Who gets it"))
    row = recipients.get_by_role("row").filter(has_text="Henrik Hansen")
    expect(row).to_contain_text(str(Reach.INVITATION.label))
    axe(page)
    page.get_by_role("button", name=named("Submit to the steering group")).click()
    expect(page.get_by_role("button", name=named("Submit to the steering group"))).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("Henrik Hansen")

    # The e-mail carries the set-password link and the link to the version.
    (message,) = [m for m in mailoutbox if m.to == [EMAIL]]
    invitation = SET_PASSWORD.search(message.body).group(0)
    link = VERSION_LINK.search(message.body).group(0)
    member = User.objects.get(email=EMAIL)
    assert member.roles == {User.Role.STEERING_GROUP}
    assert not member.has_usable_password()

    # The member chooses a password in a browser of their own ...
    member_page = new_context().new_page()
    member_page.goto(invitation)
    axe(member_page)
    field(member_page, "new_password1").fill(PASSWORD)
    field(member_page, "new_password2").fill(PASSWORD)
    member_page.get_by_role("main").get_by_role("button").first.click()
    expect(member_page).to_have_url(re.compile(r"/accounts/reset/done/"))
    axe(member_page)

    # ... follows the e-mail's link to the version, logs in and lands on it.
    member_page.goto(link)
    expect(member_page).to_have_url(re.compile(r"/accounts/login/"))
    member_page.locator("[name=username]").fill(EMAIL)
    member_page.locator("[name=password]").fill(PASSWORD)
    member_page.get_by_role("main").get_by_role(
        "button", name=re.compile(r"Log ind|Log in")
    ).click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text(str(version))
    axe(member_page)

    # It reads, comments and approves like any member.
    comment_form = member_page.locator("#comment-form")
    comment_form.get_by_label(gettext("Comment")).fill(COMMENT)
    comment_form.get_by_role("button", name=named("Add comment")).click()
    expect(member_page.get_by_text(COMMENT)).to_be_visible()
    verdict_form = member_page.locator("#verdict-form")
    verdict_form.get_by_role("radio", name=named("Approved")).check()
    verdict_form.get_by_role("button", name=named("Save verdict")).click()
    expect(member_page.locator("#verdicts table")).to_contain_text(gettext("Approved"))
    axe(member_page)

    assert ReviewComment.objects.get().author == member
    verdict = ReviewVerdict.objects.get()
    assert (verdict.member, verdict.verdict) == (member, ReviewVerdict.Verdict.APPROVED)
    # The only member approved: the version is approved for the project leader too.
    page.reload()
    expect(page.locator("#verdicts tbody tr").filter(has_text="Henrik Hansen")).to_contain_text(
        gettext("Approved")
    )
