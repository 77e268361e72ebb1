"""Calendars of the events: a file per event, the public feed, the personal feed behind its
secret link, and the page where a person makes (and replaces) that link."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from network.models import CalendarKey, Event, SignUp
from network.services import events as services
from network.services import notices
from portal import ics
from tests.factories.network_events import EventFactory, SignUpFactory, days

pytestmark = [pytest.mark.django_db]


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(item["summary"]): item for item in calendar.walk("VEVENT")}


def event_ics(client, event):
    return parse(client.get(reverse("network:event-ics", args=[event.pk])))


def only_vevent(calendar):
    [vevent] = calendar.walk("VEVENT")
    return vevent


def save(event, by, **changes):
    values = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    values.update(themes=list(event.themes.all()), network_themes=list(event.network_themes.all()))
    values.update(changes)
    return services.event_save(event=event, by=by, **values)


# --- One event's file ---------------------------------------------------------------


def test_an_events_file_parses_and_needs_no_login(client):
    event = EventFactory(title="Lancering af netværket", place="Rådhuset, Haderslev")
    calendar = event_ics(client, event)
    assert calendar["method"] == "PUBLISH"
    vevent = only_vevent(calendar)
    assert str(vevent["summary"]) == "Lancering af netværket"
    assert str(vevent["location"]) == "Rådhuset, Haderslev"
    assert str(vevent["status"]) == "CONFIRMED"
    assert vevent["dtstart"].dt == event.starts_at
    assert str(vevent["uid"]).startswith(f"network-event-{event.pk}@")


@pytest.mark.parametrize(
    ("change", "raises"),
    [
        ({"title": "Nyt navn"}, True),
        ({"place": "Vojens Bibliotek"}, True),
        ({"online_url": "https://møde.example.dk/1"}, True),
        ({"starts_at": days(8), "ends_at": days(8, hour=19)}, True),
        ({"description": "Bedre beskrivelse."}, False),
        ({"capacity": 25}, False),
    ],
)
def test_the_uid_stays_and_the_sequence_rises_on_a_change_a_calendar_shows(
    client, leader, change, raises
):
    event = EventFactory(draft=True)
    before = only_vevent(event_ics(client_as(client, leader), event))
    save(event, leader, **change)
    after = only_vevent(event_ics(client, event))
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + (1 if raises else 0)


def client_as(client, user):
    client.force_login(user)
    return client


def test_a_cancelled_event_is_a_cancellation_with_a_raised_sequence(client, leader):
    event = EventFactory()
    before = int(only_vevent(event_ics(client, event))["sequence"])
    services.event_cancel(event=event, by=leader)
    calendar = event_ics(client, event)
    assert calendar["method"] == "CANCEL"
    vevent = only_vevent(calendar)
    assert str(vevent["status"]) == "CANCELLED"
    assert int(vevent["sequence"]) == before + 1


@pytest.mark.parametrize("audience", [Event.Audience.MEMBERS, Event.Audience.STAFF])
def test_files_of_events_for_members_or_staff_are_public_too(client, audience):
    event = EventFactory(audience=audience)
    assert client.get(reverse("network:event-ics", args=[event.pk])).status_code == 200


def test_drafts_and_invited_only_events_have_no_public_file(client, consultant):
    draft = EventFactory(draft=True)
    invited = EventFactory(audience=Event.Audience.INVITED)
    for event in (draft, invited):
        assert client.get(reverse("network:event-ics", args=[event.pk])).status_code == 404
    client.force_login(consultant)
    for event in (draft, invited):
        event_ics(client, event)


# --- The public feed ----------------------------------------------------------------


def test_the_public_feed_needs_no_login_and_holds_the_public_events(client, leader):
    EventFactory(title="Kommer", starts_at=days(5))
    EventFactory(title="For nylig", starts_at=days(-30))
    EventFactory(title="For længe siden", starts_at=days(-100))
    EventFactory(title="Kladde", draft=True)
    EventFactory(title="Inviterede", audience=Event.Audience.INVITED)
    cancelled = EventFactory(title="Aflyst", starts_at=days(3))
    services.event_cancel(event=cancelled, by=leader)
    response = client.get(reverse("network:feed"))
    calendar = parse(response)
    assert calendar["method"] == "PUBLISH"
    assert str(calendar["x-wr-calname"])
    found = vevents(calendar)
    assert set(found) == {"Kommer", "For nylig", "Aflyst"}
    assert str(found["Aflyst"]["status"]) == "CANCELLED"
    assert int(found["Aflyst"]["sequence"]) == 1
    assert str(found["Kommer"]["status"]) == "CONFIRMED"
    assert "inline" in response["Content-Disposition"]


def test_the_feeds_uids_are_those_of_the_events_files(client):
    event = EventFactory()
    feed_uid = str(only_vevent(parse(client.get(reverse("network:feed"))))["uid"])
    assert feed_uid == str(only_vevent(event_ics(client, event))["uid"])


def test_the_events_page_links_to_the_feed_as_webcal(client):
    page = client.get(reverse("network:events")).content.decode()
    assert f"webcal://testserver{reverse('network:feed')}" in page


def test_build_feed_makes_one_calendar_of_many_events():
    when = days(2)
    entries = [
        ics.Event(uid=f"x-{n}@example.dk", starts_at=when, ends_at=when + dt.timedelta(hours=1),
                  summary=f"Møde {n}", sequence=n)
        for n in range(3)
    ]  # fmt: skip
    calendar = icalendar.Calendar.from_ical(ics.build_feed(entries, name="Møder"))
    assert calendar["method"] == "PUBLISH"
    assert str(calendar["x-wr-calname"]) == "Møder"
    assert [int(item["sequence"]) for item in calendar.walk("VEVENT")] == [0, 1, 2]


# --- The personal feed --------------------------------------------------------------


def test_the_personal_feed_holds_the_addresss_own_sign_ups(client):
    key = CalendarKey.objects.create(email="maja@example.dk")
    mine = {
        state: SignUpFactory(
            email="Maja@Example.dk", state=state, event=EventFactory(title=f"Mit {state}")
        )
        for state in SignUp.State.values
    }
    SignUpFactory(email="andre@example.dk", event=EventFactory(title="Andres"))
    response = client.get(reverse("network:personal-feed", args=[key.token]))
    found = vevents(parse(response))
    shown = {"unconfirmed", "confirmed", "waiting", "offered", "attended"}
    assert set(found) == {f"Mit {state}" for state in shown}
    assert response["Cache-Control"] == "private, no-store"
    assert mine  # all seven made


def test_a_cancelled_event_shows_as_cancelled_in_the_personal_feed(client, leader):
    key = CalendarKey.objects.create(email="maja@example.dk")
    signup = SignUpFactory(email="maja@example.dk")
    services.event_cancel(event=signup.event, by=leader)
    found = vevents(parse(client.get(reverse("network:personal-feed", args=[key.token]))))
    assert str(found[signup.event.title]["status"]) == "CANCELLED"


def test_the_personal_feed_is_404_for_a_wrong_token(client):
    CalendarKey.objects.create(email="maja@example.dk")
    assert client.get(reverse("network:personal-feed", args=["gaet-et-token"])).status_code == 404


def test_the_calendar_key_page_makes_a_key_and_replaces_it(client, alice):
    alice.email = "alice@example.dk"
    alice.save(update_fields=["email"])
    SignUpFactory(email="alice@example.dk", user=alice, event=EventFactory(title="Alices møde"))
    client.force_login(alice)
    url = reverse("network:calendar-key")
    assert client.get(url).context["key"] is None
    assert client.post(url).status_code == 302
    first = CalendarKey.objects.get(email="alice@example.dk")
    page = client.get(url)
    assert f"webcal://testserver/network/calendar/{first.token}.ics" in page.content.decode()
    feed = parse(client.get(reverse("network:personal-feed", args=[first.token])))
    assert set(vevents(feed)) == {"Alices møde"}
    client.post(url)
    second = CalendarKey.objects.get(email="alice@example.dk")
    assert second.token != first.token
    assert client.get(reverse("network:personal-feed", args=[first.token])).status_code == 404
    assert client.get(reverse("network:personal-feed", args=[second.token])).status_code == 200


def test_without_an_email_address_no_key_is_made(client, steering):
    steering.email = ""
    steering.save(update_fields=["email"])
    client.force_login(steering)
    url = reverse("network:calendar-key")
    assert client.post(url).status_code == 200
    assert not CalendarKey.objects.exists()


def test_the_calendar_key_page_needs_a_login(client):
    response = client.get(reverse("network:calendar-key"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_signups_calendar_entry_is_the_one_of_the_feeds(client):
    event = EventFactory()
    entry = notices.calendar_event(event, domain="testserver")
    assert str(only_vevent(event_ics(client, event))["uid"]) == entry.uid


def test_the_events_page_links_a_logged_in_person_to_their_calendar_link(client, alice):
    key_url = reverse("network:calendar-key")
    assert key_url not in client.get(reverse("network:events")).content.decode()
    client.force_login(alice)
    assert key_url in client.get(reverse("network:events")).content.decode()
