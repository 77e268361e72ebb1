"""What an event does not tell everyone: its online link is for the staff and those who hold
a place (and in calendars only of events for everyone), an invited-only event's page is for
the staff and those signed up, and a personal calendar does not show a place not yet sure as
a sure one."""

import icalendar
import pytest
from django.urls import reverse

from network.models import CalendarKey, Event, SignUp
from tests.factories.network_events import EventFactory, SignUpFactory

pytestmark = [pytest.mark.django_db]

State = SignUp.State
LINK = "https://moede.example.dk/rum-42"


def _vevents(response):
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(item["summary"]): item for item in calendar.walk("VEVENT")}


def _page(client, event):
    return client.get(reverse("network:event", args=[event.pk])).content.decode()


# --- The online link on the event's page --------------------------------------------


def test_the_online_link_is_hidden_from_the_public(client):
    event = EventFactory(online_url=LINK)
    assert LINK not in _page(client, event)


def test_the_online_link_is_hidden_from_someone_waiting(client, alice):
    event = EventFactory(online_url=LINK)
    SignUpFactory(event=event, user=alice, state=State.WAITING, position=1)
    client.force_login(alice)
    assert LINK not in _page(client, event)


@pytest.mark.parametrize("state", [State.CONFIRMED, State.OFFERED, State.ATTENDED])
def test_the_online_link_is_shown_to_someone_holding_a_place(client, alice, state):
    event = EventFactory(online_url=LINK)
    SignUpFactory(event=event, user=alice, state=state)
    client.force_login(alice)
    assert LINK in _page(client, event)


def test_the_online_link_is_shown_to_the_staff(client, consultant):
    event = EventFactory(online_url=LINK)
    client.force_login(consultant)
    assert LINK in _page(client, event)


# --- The online link in calendars ----------------------------------------------------


def test_the_public_calendars_leave_out_the_link_of_an_event_not_for_everyone(client):
    EventFactory(title="For alle", place="Rådhuset", online_url=LINK)
    members = EventFactory(
        title="For medlemmer", place="Rådhuset", online_url=LINK, audience=Event.Audience.MEMBERS
    )
    found = _vevents(client.get(reverse("network:feed")))
    assert LINK in str(found["For alle"]["location"])
    assert str(found["For medlemmer"]["location"]) == "Rådhuset"
    [vevent] = _vevents(client.get(reverse("network:event-ics", args=[members.pk]))).values()
    assert LINK not in str(vevent.get("location", ""))


def test_the_personal_feed_has_the_link_only_where_a_place_is_held(client):
    key = CalendarKey.objects.create(email="maja@example.dk")
    for state in (State.CONFIRMED, State.WAITING):
        SignUpFactory(
            email="maja@example.dk",
            state=state,
            event=EventFactory(title=str(state), online_url=LINK, audience=Event.Audience.MEMBERS),
        )
    found = _vevents(client.get(reverse("network:personal-feed", args=[key.token])))
    assert LINK in str(found["confirmed"]["location"])
    assert LINK not in str(found["waiting"].get("location", ""))


# --- A place not yet sure ------------------------------------------------------------


def test_the_personal_feed_marks_a_place_not_yet_sure_tentative(client):
    key = CalendarKey.objects.create(email="maja@example.dk")
    for state in (State.UNCONFIRMED, State.WAITING, State.OFFERED, State.CONFIRMED):
        SignUpFactory(email="maja@example.dk", state=state, event=EventFactory(title=str(state)))
    found = _vevents(client.get(reverse("network:personal-feed", args=[key.token])))
    status = {title: str(vevent["status"]) for title, vevent in found.items()}
    assert status == {
        "unconfirmed": "TENTATIVE",
        "waiting": "TENTATIVE",
        "offered": "TENTATIVE",
        "confirmed": "CONFIRMED",
    }


# --- Invited-only events -------------------------------------------------------------


def test_an_invited_only_event_is_404_for_someone_not_signed_up(client, alice, bob):
    event = EventFactory(audience=Event.Audience.INVITED)
    SignUpFactory(event=event, user=alice, state=State.CONFIRMED)
    url = reverse("network:event", args=[event.pk])
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 200
