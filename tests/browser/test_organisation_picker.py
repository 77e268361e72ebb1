"""A long list of organisations can be filtered by typing, chosen from with the keyboard, and
is in Danish alphabetical order (Æ, Ø, Å after Z). axe-core scans the filtered list."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mapping.models import Meeting
from portal.models import User
from tests.browser.helpers import field, log_in
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser

NAMES = [
    "Ålykke Bofællesskab",
    "Æblelauget",
    "Østerby Værksted",
    "Zebra Cykler",
    "Aabenraa Genbrug",
    "Bageriet i Gram",
    "Café Kvisten",
    *[f"Forening nr. {number:02d}" for number in range(1, 24)],
]


@pytest.fixture
def organisations(area):
    return {name: make_organisation(name, area=area) for name in NAMES}


def organisation_boxes(page):
    return page.locator("input[type=checkbox][name=organisations]")


def test_a_consultant_filters_the_organisations_and_chooses_with_the_keyboard(
    page, organisations, axe
):
    consultant = make_user("konsulent", User.Role.CONSULTANT)
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, consultant)
    page.goto("/mapping/meetings/new/")

    # Danish order: Z, then Æ, Ø, Å (and "Aa" as Å).
    labels = [
        page.locator(f"label[for='{box.get_attribute('id')}']").inner_text().strip()
        for box in organisation_boxes(page).all()
    ]
    assert labels.index("Zebra Cykler") < labels.index("Æblelauget")
    assert labels.index("Æblelauget") < labels.index("Østerby Værksted")
    assert labels.index("Østerby Værksted") < labels.index("Aabenraa Genbrug")
    assert labels.index("Aabenraa Genbrug") < labels.index("Ålykke Bofællesskab")

    # The filter box above the list, with a label, narrows it as one types.
    search = page.get_by_role("searchbox", name="Filtrér listen")
    expect(search).to_have_count(1)
    search.fill("ålyk")
    expect(organisation_boxes(page).locator("visible=true")).to_have_count(1)
    status = page.get_by_role("status").filter(has_text="vist")
    expect(status).to_have_text(f"1 af {len(NAMES)} vist")

    # Enter goes to the first match instead of sending the form; Space chooses it.
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/mapping/meetings/new/$"))
    alykke = page.get_by_role("checkbox", name="Ålykke Bofællesskab")
    expect(alykke).to_be_focused()
    page.keyboard.press("Space")
    expect(alykke).to_be_checked()

    # A new filter keeps what was chosen in view; Arrow down goes to the first match.
    search.fill("")
    search.type("ÆBLE")
    expect(organisation_boxes(page).locator("visible=true")).to_have_count(2)
    search.press("ArrowDown")
    aeble = page.get_by_role("checkbox", name="Æblelauget")
    expect(aeble).to_be_focused()
    page.keyboard.press("Space")
    axe(page)

    # Accents do not matter: "cafe" finds "Café".
    search.fill("cafe")
    expect(page.get_by_role("checkbox", name="Café Kvisten")).to_be_visible()

    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    field(page, "kind").select_option(Meeting.Kind.DIALOGUE)
    field(page, "title").fill("Dialogmøde om æbler")
    field(page, "starts_at").fill(f"{yesterday}T16:00")
    field(page, "ends_at").fill(f"{yesterday}T18:00")
    field(page, "place").fill("Årø Forsamlingshus")
    page.get_by_role("button", name="Gem").click()

    meeting = Meeting.objects.get(title="Dialogmøde om æbler")
    expect(page).to_have_url(re.compile(rf"/mapping/meetings/{meeting.pk}/$"))
    assert {organisation.name for organisation in meeting.organisations.all()} == {
        "Ålykke Bofællesskab",
        "Æblelauget",
    }
    assert blocked == []


def test_without_javascript_the_whole_list_is_there(new_context, organisations):
    consultant = make_user("konsulent", User.Role.CONSULTANT)
    context = new_context()
    page = context.new_page()
    log_in(page, consultant)
    context.route("**/picker.js", lambda route: route.abort())
    page.goto("/mapping/meetings/new/")
    expect(page.get_by_role("searchbox")).to_have_count(0)
    expect(organisation_boxes(page).locator("visible=true")).to_have_count(len(NAMES))
