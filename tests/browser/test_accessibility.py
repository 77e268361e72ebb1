"""axe-core scans of the portal's pages, in Danish and in English (WCAG 2.1 AA)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from mapping.models import Case, Organisation, PurposeArea
from portal.models import User
from tests.browser.helpers import log_in
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser

LANGUAGES = ["da", "en"]

PUBLIC_PAGES = {
    "home": "/",
    "directory": "/enterprises/",
    "enterprise": "/enterprises/{pk}/",
    "register": "/register/",
    "login": "/accounts/login/",
    "accessibility-statement": "/was",
    "cases": "/cases/",
    "case": "/cases/{case}/",
}


@pytest.fixture
def enterprises(area, other_area):
    """An approved enterprise with everything the pages show, and some company around it."""
    cafe = make_organisation(
        "Café Fælleskøkkenet",
        area=area,
        street="Storegade 1",
        postcode="6100",
        town="Haderslev",
        website="https://faelleskoekkenet.example.dk",
        description=(
            "Et café- og køkkenfællesskab, der giver folk på kanten et job.\n\nÅbent alle hverdage."
        ),
        rsv_registered=True,
        founded_year=2019,
        employees=12,
        employees_flexjob=4,
        employees_edge=3,
        social_purpose=True,
        commercial=True,
        independent=True,
        inclusive_governance=True,
        social_profit_use=True,
        innovative=True,
        locally_rooted=True,
        cross_sector=False,
    )
    cafe.purpose_areas.set(PurposeArea.objects.filter(code__in=["social", "employment"]))
    idea = make_organisation(
        "Idé: Cykelværksted i Vojens",
        area=other_area,
        se_status=Organisation.SocialEconomyStatus.POTENTIAL,
        description="Et værksted, hvor unge reparerer cykler.",
    )
    idea.purpose_areas.set(PurposeArea.objects.filter(code="environment"))
    pending = make_organisation(
        "Genbrugsbutikken Ny Start",
        area=area,
        kind=Organisation.Kind.ASSOCIATION,
        moderation_state=Organisation.Moderation.PENDING,
        description="En genbrugsbutik drevet af frivillige og folk i praktik.",
    )
    case = Case.objects.create(
        organisation=cafe,
        title="Fra praktik til job i Fælleskøkkenet",
        problem="Unge uden uddannelse står uden for arbejdsmarkedet.",
        method="Praktik i køkkenet med en fast mentor.",
        published=True,
    )
    case.effects.create(
        description="Unge i job efter praktik",
        value=3,
        unit="personer",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        about_people=True,
    )
    return {"cafe": cafe, "idea": idea, "pending": pending, "case": case}


def open_in(new_context, language, path):
    page = new_context(language=language).new_page()
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", language)
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_public_page(new_context, axe, enterprises, name, language):
    path = PUBLIC_PAGES[name].format(pk=enterprises["cafe"].pk, case=enterprises["case"].pk)
    page = open_in(new_context, language, path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_errors(new_context, axe, language):
    page = open_in(new_context, language, "/register/")
    page.get_by_role("button", name=re.compile(r"^(Registrér|Registrer|Register)$")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    axe(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/mapping/moderation/"], ids=["dashboard", "moderation"])
def test_project_leader_page(new_context, axe, enterprises, path, language):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    page = new_context(language=language).new_page()
    log_in(page, leader)
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("main")).to_contain_text(enterprises["pending"].name)
    # Open the user menu in the header, so that axe checks its items too.
    page.get_by_role("navigation").get_by_role("button", name=str(leader)).click()
    expect(page.get_by_role("button", name=re.compile(r"^(Log ud|Log out)$"))).to_be_visible()
    axe(page)


def test_header_language_buttons_switch_language(new_context):
    """Danish even for an English browser, until the visitor picks English in the header."""
    page = new_context(locale="en-GB").new_page()
    page.goto("/was")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/was$"))
    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
