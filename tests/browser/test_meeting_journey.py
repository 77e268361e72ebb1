"""A consultant records a mapping meeting in the browser: participants, attendance, feedback
with a theme and a tag, and finds that feedback in the by-theme view. axe-core scans the
meeting page and the by-theme page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from playwright.sync_api import expect

from mapping.models import Contact, Feedback, Meeting, Organisation
from portal.models import User
from tests.browser.helpers import field
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser

TITLE = "Dialogmøde med foreningerne i Vojens"
SAID = "Vi mangler lokaler, som en lille forening har råd til."


def named(text):
    """What the server renders for `text`: the Danish translation when there is one."""
    return re.compile(rf"^\s*{re.escape(gettext(text))}\s*$")


@pytest.fixture
def stakeholders(area):
    cafe = make_organisation("Café Kvisten", area=area)
    council = make_organisation(
        "Frivilligrådet",
        sector=Organisation.Sector.PUBLIC,
        kind=Organisation.Kind.COUNCIL,
        se_status=Organisation.SocialEconomyStatus.NONE,
    )
    mette = Contact.objects.create(
        organisation=cafe, name="Mette Møller", email="mette@kvisten.dk", purpose="Kortlægning"
    )
    karen = Contact.objects.create(organisation=council, name="Karen Krogh", purpose="Kortlægning")
    return {"cafe": cafe, "council": council, "mette": mette, "karen": karen}


def test_a_consultant_records_a_meeting_and_finds_the_feedback_by_theme(page, stakeholders, axe):
    consultant = make_user("konsulent", User.Role.CONSULTANT)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    # Log in.
    page.goto("/accounts/login/")
    field(page, "username").fill(consultant.username)
    field(page, "password").fill("password")
    page.get_by_role("main").get_by_role("button", name=re.compile(r"Log ind|Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(consultant.first_name)

    # Create the meeting, held yesterday, with an organisation and two people.
    page.goto("/mapping/meetings/")
    page.get_by_role("link", name=named("New meeting")).click()
    field(page, "kind").select_option(Meeting.Kind.DIALOGUE)
    field(page, "title").fill(TITLE)
    expect(field(page, "organiser")).to_have_value(str(consultant.pk))
    field(page, "starts_at").fill(f"{yesterday}T16:00")
    field(page, "ends_at").fill(f"{yesterday}T18:00")
    field(page, "place").fill("Vojens Kulturhus, lokale 3")
    page.get_by_role("checkbox", name="Frivilligrådet", exact=True).check()
    page.get_by_role("checkbox", name="Mette Møller (Café Kvisten)").check()
    page.get_by_role("checkbox", name="Karen Krogh (Frivilligrådet)").check()
    field(page, "agenda").fill("1. Velkomst\n2. Hvad har foreningerne brug for?")
    axe(page)
    page.get_by_role("button", name=named("Save")).click()

    meeting = Meeting.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(rf"/mapping/meetings/{meeting.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    start = timezone.localtime(meeting.starts_at)
    assert (start.date().isoformat(), start.hour) == (yesterday, 16)
    assert set(meeting.organisations.all()) == {stakeholders["cafe"], stakeholders["council"]}
    assert meeting.attendances.count() == 2
    participants = page.get_by_role("table")
    expect(participants).to_contain_text("Mette Møller")
    expect(participants).to_contain_text(gettext("No e-mail address: not invited"))

    # Mark who came.
    page.get_by_role("link", name=named("Mark attendance")).click()
    mette = page.get_by_role("group", name="Mette Møller (Café Kvisten)")
    mette.get_by_role("radio", name=named("Attended")).check()
    karen = page.get_by_role("group", name="Karen Krogh (Frivilligrådet)")
    karen.get_by_role("radio", name=named("Did not attend")).check()
    axe(page)
    page.get_by_role("button", name=named("Save attendance")).click()
    expect(page).to_have_url(re.compile(rf"/mapping/meetings/{meeting.pk}/$"))
    marks = {a.contact.name: a.attended for a in meeting.attendances.select_related("contact")}
    assert marks == {"Mette Møller": True, "Karen Krogh": False}
    row = page.get_by_role("row").filter(has_text="Mette Møller")
    expect(row).to_contain_text(gettext("Attended"))

    # Record what Mette said, with a theme and a tag.
    page.get_by_role("main").get_by_role("link", name=named("Record feedback")).first.click()
    field(page, "text").fill(SAID)
    barriers = page.locator("input[name=theme][value=barriers]")
    expect(barriers).to_have_accessible_name(re.compile(r"\S"))
    barriers.check()
    field(page, "contact").select_option(label="Mette Møller (Café Kvisten)")
    field(page, "tags_text").fill("Lokaler")
    axe(page)
    page.get_by_role("button", name=named("Save"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/mapping/meetings/{meeting.pk}/$"))
    entry = Feedback.objects.get()
    assert (entry.theme, entry.meeting, entry.contact) == (
        "barriers",
        meeting,
        stakeholders["mette"],
    )
    assert entry.organisation == stakeholders["cafe"]
    expect(page.get_by_text(SAID)).to_be_visible()
    axe(page)

    # The tag leads to the by-theme view, where the feedback sits under its theme.
    page.get_by_role("link", name="Lokaler", exact=True).click()
    expect(page).to_have_url(re.compile(r"/mapping/feedback/\?tag=Lokaler$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Feedback by theme"))
    theme = page.get_by_role(
        "region", name=re.compile(re.escape(str(Feedback.Theme.BARRIERS.label)))
    )
    expect(theme).to_contain_text(SAID)
    expect(theme).to_contain_text("Mette Møller")
    expect(theme).to_contain_text(TITLE)
    expect(theme.get_by_role("heading")).to_contain_text("1")
    needs = page.get_by_role("region", name=re.compile(re.escape(str(Feedback.Theme.NEEDS.label))))
    expect(needs).not_to_contain_text(SAID)
    axe(page)

    # Unfiltered, and filtered by the meeting's kind, it is still there.
    page.goto("/mapping/feedback/")
    field(page, "kind").select_option(Meeting.Kind.DIALOGUE)
    page.get_by_role("search").get_by_role("button", name=named("Filter")).click()
    expect(page).to_have_url(re.compile(r"kind=dialogue"))
    expect(page.get_by_text(SAID)).to_be_visible()
    axe(page)

    # The café's page lists the meeting and the feedback in the meetings section.
    page.goto(stakeholders["cafe"].get_absolute_url())
    section = page.locator("section[aria-labelledby^=meetings-section-]").first
    expect(section).to_contain_text(TITLE)
    expect(section).to_contain_text(SAID)
    axe(page, context="section[aria-labelledby^=meetings-section-]")
