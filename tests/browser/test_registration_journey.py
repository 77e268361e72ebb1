"""A registration's journey through the browser: register, moderate, find it in the directory."""

import re

import pytest
from playwright.sync_api import expect

from mapping.models import Organisation
from portal.models import User
from tests.browser.helpers import field
from tests.conftest import make_user

pytestmark = pytest.mark.browser

NAME = "Grønne Hænder Haderslev"
EMAIL = "mette@groenne-haender.dk"
PASSWORD = "Kartoffel-Mark-2026"
ERRORS = re.compile(r"invalid|ugyldig|is-invalid|alert-danger", re.IGNORECASE)


def answer(page, name, value):
    """Choose a radio button of the question ``name``; it must have a label of its own."""
    radio = page.locator(f"input[type=radio][name={name}][value={value}]")
    expect(radio).to_have_accessible_name(re.compile(r"\S"))
    radio.check()


def test_register_moderate_and_find_in_directory(page, new_context, area, mailoutbox):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)

    # An anonymous visitor registers an enterprise.
    page.goto("/register/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    answer(page, "what", Organisation.SocialEconomyStatus.EXISTING)
    field(page, "name").fill(NAME)
    field(page, "kind").select_option(Organisation.Kind.ASSOCIATION)
    expect(field(page, "cvr")).to_be_empty()
    field(page, "description").fill("Grøntsager fra egen have og arbejde til folk på kanten.")
    page.get_by_role("checkbox", name=re.compile(r"^(Beskæftigelse|Employment)$")).check()
    page.get_by_role("checkbox", name=re.compile(r"^(Miljø|Environment)$")).check()
    for criterion in (
        "social_purpose",
        "commercial",
        "independent",
        "inclusive_governance",
        "social_profit_use",
    ):
        answer(page, criterion, "True")
    answer(page, "innovative", "True")
    answer(page, "locally_rooted", "True")
    answer(page, "cross_sector", "False")
    field(page, "street").fill("Storegade 1")
    field(page, "postcode").fill("6100")
    field(page, "town").fill("Haderslev")
    field(page, "area").select_option(label=area.name)
    field(page, "contact_name").fill("Mette Hansen")
    field(page, "email").fill(EMAIL)
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD)
    field(page, "consent").check()
    page.get_by_role("button", name=re.compile(r"^(Registrér|Registrer|Register)$")).click()

    # The registrant lands on their organisation's page, which says it awaits approval.
    expect(page).to_have_url(re.compile(r"/mapping/mine/$"))
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    expect(page.get_by_text(re.compile("Afventer godkendelse|Awaiting approval"))).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(NAME)
    organisation = Organisation.objects.get(name=NAME)
    assert organisation.moderation_state == Organisation.Moderation.PENDING
    assert organisation.se_status == Organisation.SocialEconomyStatus.EXISTING
    assert organisation.cvr == ""
    assert organisation.users.get().email == EMAIL
    recipients = {address for message in mailoutbox for address in message.to}
    assert EMAIL in recipients, "the registrant got no receipt"
    assert leader.email in recipients, "the project leader was not told about the registration"

    # The project leader logs in, in a browser of their own, and approves it.
    mailoutbox.clear()
    page = new_context().new_page()
    page.goto("/accounts/login/")
    field(page, "username").fill(leader.username)
    field(page, "password").fill("password")
    page.get_by_role("main").get_by_role("button", name=re.compile(r"Log ind|Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(leader.first_name)
    page.goto("/mapping/moderation/")
    card = page.locator("section").filter(has=page.get_by_role("heading", name=NAME))
    card.get_by_role("button", name=re.compile("Godkend|Approve")).click()
    expect(page).to_have_url(re.compile(r"/mapping/moderation/$"))
    expect(page.locator(".alert-success")).to_contain_text(NAME)
    expect(page.get_by_role("heading", name=NAME)).to_have_count(0)
    organisation.refresh_from_db()
    assert organisation.moderation_state == Organisation.Moderation.APPROVED
    assert organisation.moderated_by == leader
    assert [message.to for message in mailoutbox] == [[EMAIL]], "no approval e-mail"

    # The public directory finds it, and its page opens.
    page.goto("/enterprises/")
    search = field(page, "q")
    search.fill("Grønne")
    page.get_by_role("search").get_by_role("button", name=re.compile("^(Søg|Search)$")).click()
    expect(page).to_have_url(re.compile(r"[?&]q=Gr"))
    page.get_by_role("link", name=NAME).click()
    expect(page).to_have_url(re.compile(rf"/enterprises/{organisation.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
