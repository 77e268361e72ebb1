"""The interim report's review in the browser: the project leader writes a text, freezes and
submits a version; the steering group member follows the e-mail's link, reads, comments and
approves; the project leader sees the approval and answers. axe-core scans the report home
and the version page, as the member and as the leader."""

import re

import pytest
from django.core import mail
from django.utils.translation import gettext
from playwright.sync_api import expect

from mapping.models import ReportNarrative, ReportVersion, ReviewComment, ReviewVerdict
from portal.models import User
from tests.conftest import make_organisation, make_user
from tests.factories.mapping import ReportVersionFactory

pytestmark = pytest.mark.browser

INTRODUCTION = "Kortlægningen af socialøkonomien i Haderslev, Vojens og på Årø."
COMMENT = "Kapitlet om cases bør nævne effekterne for de unge."
ANSWER = "Tak, det tilføjer vi i næste version."


def named(text):
    """What the server renders for `text`: the Danish translation when there is one."""
    return re.compile(rf"^\s*{re.escape(gettext(text))}\s*$")


def log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("[name=username]").fill(user.username)
    page.locator("[name=password]").fill("password")
    page.get_by_role("main").get_by_role("button", name=re.compile(r"Log ind|Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(user.first_name)


def test_the_leader_freezes_and_submits_the_member_approves(page, new_context, area, axe):
    leader = make_user("leder", User.Role.PROJECT_LEADER)
    member = make_user("styregruppe", User.Role.STEERING_GROUP)
    make_organisation("Café Kvisten", area=area)

    # The project leader writes the introduction and freezes version 1.
    log_in(page, leader)
    page.goto("/mapping/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Interim report"))
    introduction = page.locator("[name=introduction]")
    expect(introduction).to_have_accessible_name(re.compile(r"\S"))
    introduction.fill(INTRODUCTION)
    page.get_by_role("button", name=named("Save the texts")).click()
    expect(page.locator("[name=introduction]")).to_have_value(INTRODUCTION)
    assert ReportNarrative.current().introduction == INTRODUCTION
    axe(page)

    page.get_by_role("button", name=named("Freeze as new version")).click()
    version = ReportVersion.objects.get()
    expect(page).to_have_url(re.compile(rf"/mapping/reports/versions/{version.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(str(version))

    # Submitting e-mails the member a link to the version page.
    page.get_by_role("button", name=named("Submit to the steering group")).click()
    expect(page.get_by_role("button", name=named("Submit to the steering group"))).to_have_count(0)
    version.refresh_from_db()
    assert version.submitted_by == leader
    [message] = mail.outbox
    assert message.to == [member.email]
    link = re.search(r"https?://\S+/mapping/reports/versions/\d+/", message.body).group(0)

    # The member follows the link, reads the page, comments on a chapter and approves.
    member_page = new_context().new_page()
    log_in(member_page, member)
    member_page.goto(link)
    expect(member_page.get_by_role("heading", level=1)).to_have_text(str(version))
    pdf_link = member_page.get_by_role("link", name=named("Open the PDF in a new window"))
    expect(pdf_link).to_have_attribute("href", f"/mapping/reports/versions/{version.pk}/pdf/")
    axe(member_page)

    comment_form = member_page.locator("#comment-form")
    comment_form.get_by_label(gettext("Chapter")).select_option("cases")
    comment_form.get_by_label(gettext("Comment")).fill(COMMENT)
    comment_form.get_by_role("button", name=named("Add comment")).click()
    expect(member_page.get_by_text(COMMENT)).to_be_visible()
    comment = ReviewComment.objects.get()
    assert (comment.chapter, comment.author) == ("cases", member)

    verdict_form = member_page.locator("#verdict-form")
    verdict_form.get_by_role("radio", name=named("Approved")).check()
    verdict_form.get_by_role("button", name=named("Save verdict")).click()
    expect(member_page.locator("#verdicts table")).to_contain_text(gettext("Approved"))
    verdict = ReviewVerdict.objects.get()
    assert (verdict.member, verdict.verdict) == (member, ReviewVerdict.Verdict.APPROVED)
    axe(member_page)

    # The project leader sees the approval, on the version page and the dashboard.
    page.reload()
    row = page.locator("#verdicts tbody tr").filter(has_text=str(member))
    expect(row).to_contain_text(gettext("Approved"))
    expect(page.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text(
        str(ReportVersion.ReviewState.APPROVED.label)
    )
    axe(page)

    # ... and answers the comment.
    page.get_by_label(re.compile(re.escape(str(member)))).fill(ANSWER)
    page.locator(f"#comment-{comment.pk}").get_by_role("button").click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    assert ReviewComment.objects.get(answer_to=comment).text == ANSWER

    page.goto("/")
    panel = page.get_by_role("region", name=gettext("Interim report"))
    expect(panel).to_contain_text(str(ReportVersion.ReviewState.APPROVED.label))
    axe(page)

    # The member sees the answer, and nothing waits for their verdict any more.
    member_page.goto(link)
    expect(member_page.get_by_text(ANSWER)).to_be_visible()
    member_page.goto("/")
    expect(member_page.get_by_text(gettext("No version awaits your verdict."))).to_be_visible()


def test_the_compare_preview_and_version_list_pages_pass_axe(page, area, axe):

    leader = make_user("leder", User.Role.PROJECT_LEADER)
    make_organisation("Café Kvisten", area=area)
    first = ReportVersionFactory(
        number=1,
        frozen_by=leader,
        submitted=True,
        figures={"enterprises_existing": 4, "feedback": 10},
    )
    second = ReportVersionFactory(
        number=2,
        frozen_by=leader,
        figures={"enterprises_existing": 6, "feedback": 10, "stakeholders_by_sector.public": 3},
    )
    log_in(page, leader)

    page.goto("/mapping/reports/versions/")
    expect(page.get_by_role("link", name=re.compile(r"\b2$"))).to_have_count(1)
    axe(page)

    page.goto("/mapping/reports/compare/")
    page.get_by_label(gettext("Compare version")).select_option(str(first.pk))
    page.get_by_label(gettext("with version")).select_option(str(second.pk))
    page.get_by_role("main").get_by_role("button", name=named("Compare")).click()
    expect(page).to_have_url(re.compile(rf"a={first.pk}&b={second.pk}"))
    row = page.get_by_role("row").filter(has_text=gettext("Existing social-economy enterprises"))
    expect(row).to_contain_text("+2")
    axe(page)

    page.goto("/mapping/reports/compare/?a=999999&b=")
    expect(
        page.get_by_text(gettext("There is no such version to compare."), exact=True)
    ).to_be_visible()
    axe(page)

    page.goto("/mapping/reports/preview/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        gettext("Preview of the interim report")
    )
    axe(page)
