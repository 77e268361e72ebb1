"""axe-core scans of the review and council pages in Chromium: the version page for the
project leader (with comments and answer forms) and for a member (with a refused comment),
the recommendation with its preview, and the decision form. Marked ``browser``."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from strategy.services import review as services
from tests.browser.helpers import log_in


def test_the_review_and_council_pages_pass_axe(
    page, new_context, axe, leader, steering, recommendation, plan_data
):
    version = plan_data["submitted"]
    comment = services.comment_add(version=version, by=steering, section="vision", text="Skarp")
    services.comment_add(version=version, by=steering, section="", text="Helheden")
    services.comment_answer(comment=comment, by=leader, text="Vi skærper den")
    strategy = plan_data["strategy"]
    log_in(page, leader)
    for url in (
        reverse("strategy:version-detail", args=[version.pk]),
        reverse("strategy:recommendation", args=[strategy.pk]),
        reverse("strategy:decision-record", args=[strategy.pk]),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe(page)

    member = new_context().new_page()
    log_in(member, steering)
    member.goto(reverse("strategy:version-detail", args=[version.pk]))
    expect(member.get_by_text("Vi skærper den")).to_be_visible()
    axe(member)
    member.locator("#comment-form button[type=submit]").click()
    expect(member.locator("#comment-form .invalid-feedback")).to_have_text(re.compile(r"\S"))
    axe(member)
