"""Tables and the navigation on a phone (390 px) and a desktop (1280 px).

On a phone a wide table scrolls inside its own box, which a keyboard user can reach and a
screen reader names (axe: scrollable-region-focusable); at 1280 px the stakeholder grid's
table and the project leader's navigation fit without scrolling.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mapping.models import Case, Interaction, Organisation, StakeholderAssessment
from portal.models import User
from tests.browser.helpers import (
    DESKTOP,
    PAGE_OVERFLOW,
    PHONE,
    assert_reachable_tables,
    log_in,
)
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser


def open_page(new_context, path, viewport):
    page = new_context().new_page()
    page.set_viewport_size(viewport)
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    return page


@pytest.fixture
def case(area):
    cafe = make_organisation("Café Fælleskøkkenet med et meget langt navn", area=area)
    case = Case.objects.create(
        organisation=cafe,
        title="Fra praktik til job i Fælleskøkkenet",
        problem="Unge uden uddannelse står uden for arbejdsmarkedet.",
        method="Praktik i køkkenet med en fast mentor.",
        published=True,
    )
    case.effects.create(
        description="Unge i ordinære job eller uddannelse efter endt praktikforløb",
        value=12,
        unit="personer",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        about_people=True,
    )
    return case


def test_it_lets_a_keyboard_reach_the_effects_table_of_a_case_on_a_phone(new_context, axe, case):
    page = open_page(new_context, f"/cases/{case.pk}/", PHONE)
    regions = assert_reachable_tables(page, axe)
    assert any(region["scrolls"] for region in regions)
    box = page.locator(".table-responsive").first
    box.focus()
    expect(box).to_be_focused()
    page.keyboard.press("ArrowRight")


def test_it_lets_a_keyboard_reach_the_progress_table_of_an_action_on_a_phone(
    new_context, axe, progressed
):
    page = open_page(new_context, f"/strategy/plan/actions/{progressed.pk}/", PHONE)
    assert_reachable_tables(page, axe)


def test_it_shrinks_the_timeline_and_scrolls_its_table_on_a_phone(new_context, axe, live_plan):
    page = new_context().new_page()
    page.set_viewport_size(DESKTOP)  # the navigation folds away on a phone
    log_in(page, live_plan["strategy"].created_by)
    page.set_viewport_size(PHONE)
    page.goto(reverse("strategy:plan-timeline", args=[live_plan["strategy"].pk]))
    drawing = page.get_by_role("img", name=re.compile("Tidslinje|Timeline"))
    expect(drawing).to_be_visible()
    width = drawing.evaluate("(svg) => svg.getBoundingClientRect().width")
    assert 0 < width <= PHONE["width"]
    assert_reachable_tables(page, axe)


@pytest.mark.parametrize("language", ["da", "en"])
def test_it_fits_the_leaders_navigation_on_one_line_at_1280(new_context, area, language):
    # As in the demo: a full name in the bar and registrations waiting (a badge).
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    User.objects.filter(pk=leader.pk).update(first_name="Lene", last_name="Lindholm")
    for index in range(3):
        make_organisation(
            f"Venter {index}", area=area, moderation_state=Organisation.Moderation.PENDING
        )
    page = new_context(language=language).new_page()
    page.set_viewport_size(DESKTOP)
    log_in(page, User.objects.get(pk=leader.pk))
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.navbar-brand, #portal-nav .nav-item')]"
        ".map((item) => [item.textContent.trim(), item.getBoundingClientRect().top,"
        " item.getBoundingClientRect().bottom])"
    )
    assert len(boxes) >= 6
    # One line: every item overlaps every other vertically, and none wraps onto a second.
    assert max(top for _, top, _ in boxes) < min(bottom for _, _, bottom in boxes), boxes
    assert all(bottom - top < 48 for _, top, bottom in boxes), boxes
    nav = page.locator("#portal-nav")
    assert nav.evaluate("(box) => box.scrollWidth <= box.clientWidth")
    assert page.evaluate(PAGE_OVERFLOW) <= 0


def test_it_fits_the_stakeholder_grids_table_at_1280(new_context, axe, area):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    today = timezone.localdate()
    Sector, Attitude = Organisation.Sector, StakeholderAssessment.Attitude
    # As in the demo data: long names, every sector and attitude, and long "needs contact"
    # badges for those of high influence not contacted for long.
    stakeholders = [
        ("Haderslev Kommune, Erhverv og Borgerservice", Sector.PUBLIC, 5, 5, 200),
        ("Det Regionale Arbejdsmarkedsråd Syddanmark", Sector.PUBLIC, 4, 2, 200),
        ("Fagforeningen Sydvest", Sector.CIVIL, 3, 2, 140),
        ("Genbrugsværkstedet Vojens", Sector.SOCIAL_ECONOMY, 1, 4, 3),
        ("Hammelev Byg & Anlæg ApS", Sector.PRIVATE, 2, 3, None),
    ]
    for name, sector, influence, interest, days_ago in stakeholders:
        organisation = make_organisation(name, sector=sector)
        StakeholderAssessment.objects.create(
            organisation=organisation,
            influence=influence,
            interest=interest,
            attitude=Attitude.SCEPTICAL,
        )
        if days_ago is not None:
            Interaction.objects.create(
                organisation=organisation,
                kind="call",
                date=today - datetime.timedelta(days=days_ago),
                summary="Snak",
                by=leader,
            )
    page = new_context().new_page()
    page.set_viewport_size(DESKTOP)
    log_in(page, leader)
    page.goto("/mapping/stakeholders/grid/")
    box = page.locator(".table-responsive")
    expect(box).to_have_count(1)
    sizes = box.evaluate("(box) => [box.scrollWidth, box.clientWidth]")
    assert sizes[0] <= sizes[1], sizes
    axe(page)
