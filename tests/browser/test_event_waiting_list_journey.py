"""A full event's waiting list through the browser: a member of the public (no account, on a
phone) signs up with the keyboard, confirms through the e-mail's link and is number 1 on the
waiting list; the participant with the only place cancels through their own link; the job
run at the commit offers the place, and the waiting person accepts it. axe-core scans the
event page and the personal page in each state seen, in Danish and in English."""

import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from network.models import SignUp
from network.services import signups as services
from portal.models import User
from tests.browser.helpers import PAGE_OVERFLOW, PHONE, field
from tests.conftest import make_user
from tests.network.signup_helpers import make_event

pytestmark = pytest.mark.browser
State = SignUp.State

NAME = "Ida Holm"
EMAIL = "ida@example.dk"
ORGANISATION = "Ildsjæle i Vojens"
HOLDER = "holger@example.dk"
PERSONAL_LINK = re.compile(r"/network/s/[^/\s]+/")


def text(message, language):
    with translation.override(language):
        return translation.gettext(message)


def label(state, language="da"):
    with translation.override(language):
        return str(state.label)


def named(message, language="da"):
    return re.compile(rf"^\s*{re.escape(text(message, language))}\s*$")


def link_in_last_mail(to):
    """The path of the personal link in the latest e-mail to `to`."""
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no e-mail to {to}"
    return PERSONAL_LINK.search(messages[-1].body).group(0)


def scan_in_both_languages(page, english, axe, path):
    """axe on `page` (Danish, already on `path`) and on `path` in the English context: a GET
    never changes a sign-up, so the second look sees the same state."""
    axe(page)
    english.goto(path)
    expect(english.locator("html")).to_have_attribute("lang", re.compile(r"^en"))
    axe(english)


def test_a_waiting_person_gets_the_place_someone_cancels(new_context, axe):
    staff = make_user("koordinator", User.Role.PROJECT_LEADER, is_staff=True)
    event = make_event(capacity=1)
    holder = services.signup_create(event=event, name="Holger Bach", email=HOLDER, by=staff)
    assert holder.state == State.CONFIRMED
    event_path = event.get_absolute_url()
    english = new_context(language="en").new_page()

    # A member of the public opens the full event's page on a phone.
    page = new_context(language="da").new_page()
    page.set_viewport_size(PHONE)
    page.goto(event_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(page.get_by_role("main")).to_contain_text(
        text("Full — you will be put on the waiting list", "da")
    )
    assert page.evaluate(PAGE_OVERFLOW) <= 0, "the event page scrolls sideways at 390 px"
    scan_in_both_languages(page, english, axe, event_path)
    expect(
        english.get_by_role("button", name=named("Sign up for the waiting list", "en"))
    ).to_be_visible()

    # ... and signs up with the keyboard alone: type, Tab to the next field, Enter sends. A
    # mistyped address comes back with the focus on the summary of errors, whose link leads
    # back to the field.
    field(page, "name").focus()
    page.keyboard.type(NAME)
    page.keyboard.press("Tab")
    expect(field(page, "email")).to_be_focused()
    page.keyboard.type("ida@")
    page.keyboard.press("Tab")
    expect(field(page, "organisation_name")).to_be_focused()
    page.keyboard.type(ORGANISATION)
    page.keyboard.press("Enter")
    summary = page.locator("[data-portal-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    assert not SignUp.objects.filter(event=event, email__startswith="ida").exists()
    axe(page)
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(field(page, "email")).to_be_focused()
    expect(field(page, "name")).to_have_value(NAME)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(EMAIL)
    page.keyboard.press("Enter")

    # The page says to confirm by e-mail; nothing holds a place yet.
    expect(page.get_by_role("status")).to_contain_text(
        text(
            "Thank you. We have sent you an e-mail: follow its link to confirm your sign-up.",
            "da",
        )
    )
    mine = SignUp.objects.get(event=event, email=EMAIL)
    assert (mine.state, mine.name, mine.organisation_name) == (
        State.UNCONFIRMED,
        NAME,
        ORGANISATION,
    )
    assert mine.language == "da"

    # The link in the e-mail opens the personal page, which asks for the confirmation.
    own_link = link_in_last_mail(EMAIL)
    assert mine.token in own_link
    page.goto(own_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(text("Your sign-up", "da"))
    assert page.evaluate(PAGE_OVERFLOW) <= 0, "the personal page scrolls sideways at 390 px"
    scan_in_both_languages(page, english, axe, own_link)
    page.get_by_role("button", name=named("Confirm my sign-up")).click()
    with translation.override("da"):
        waiting = translation.gettext(
            "Your e-mail address is confirmed. The event is full: you are on the waiting "
            "list as number %(position)s."
        ) % {"position": 1}
    expect(page.get_by_role("status")).to_contain_text(waiting)
    expect(page.get_by_role("main")).to_contain_text(
        text("number %(number)s on the waiting list", "da") % {"number": 1}
    )
    expect(page.get_by_role("button", name=named("Confirm my sign-up"))).to_have_count(0)
    mine.refresh_from_db()
    assert mine.state == State.WAITING
    scan_in_both_languages(page, english, axe, own_link)
    expect(english.get_by_role("main")).to_contain_text(
        text("number %(number)s on the waiting list", "en") % {"number": 1}
    )

    # The participant with the place cancels through the link in their own e-mail.
    holder_link = link_in_last_mail(HOLDER)
    assert holder.token in holder_link
    holder_page = new_context(language="da").new_page()
    holder_page.goto(holder_link)
    expect(holder_page.get_by_role("main")).to_contain_text(label(State.CONFIRMED))
    scan_in_both_languages(holder_page, english, axe, holder_link)
    holder_page.get_by_role("link", name=named("Cancel my sign-up")).click()
    expect(holder_page.get_by_role("heading", name=named("Cancel your sign-up?"))).to_be_visible()
    scan_in_both_languages(holder_page, english, axe, holder_page.url)
    holder_page.get_by_role("button", name=named("Yes, cancel my sign-up")).click()
    expect(holder_page.get_by_role("status")).to_contain_text(
        text("Your sign-up is cancelled.", "da")
    )
    expect(holder_page.get_by_role("link", name=named("Cancel my sign-up"))).to_have_count(0)
    scan_in_both_languages(holder_page, english, axe, holder_link)

    # The job queued at the commit offered the free place to the first in line, by e-mail.
    mine.refresh_from_db()
    assert mine.state == State.OFFERED
    offer = [m for m in mail.outbox if EMAIL in m.to][-1]
    assert text("Accept the place:", "da") in offer.body
    assert PERSONAL_LINK.search(offer.body).group(0) == own_link
    assert len([m for m in mail.outbox if HOLDER in m.to]) == 2, "no cancellation receipt"
    page.goto(link_in_last_mail(EMAIL))
    accept = page.get_by_role("button", name=named("Accept the place"))
    expect(accept).to_be_visible()
    scan_in_both_languages(page, english, axe, own_link)
    accept.click()
    expect(page.get_by_role("status")).to_contain_text(
        text("The place is yours. See you there.", "da")
    )
    expect(page.get_by_role("main")).to_contain_text(label(State.CONFIRMED))
    expect(page.get_by_role("button", name=named("Accept the place"))).to_have_count(0)
    scan_in_both_languages(page, english, axe, own_link)

    # In the database: the public person has the place, the other has cancelled, and no more
    # than the capacity hold places.
    mine.refresh_from_db()
    holder.refresh_from_db()
    assert mine.state == State.CONFIRMED
    assert holder.state == State.CANCELLED
    holding = [s for s in SignUp.objects.filter(event=event) if s.holds_place]
    assert len(holding) <= event.capacity
    assert services.free_places(event) == 0

    # The event page, full again, still reads well in both languages.
    page.goto(event_path)
    expect(page.get_by_role("main")).to_contain_text(
        text("Full — you will be put on the waiting list", "da")
    )
    scan_in_both_languages(page, english, axe, event_path)
