"""What the staff's changes to an event set off: the updated invitation to its confirmed
participants, offers of new places to those waiting, and the cancellation to everyone still
expecting to come; publishing and cancelling refused where they make no sense."""

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from network.models import Event, SignUp
from network.services import events as services
from network.services import signups
from tests.factories.network_events import EventFactory, SignUpFactory
from tests.network.event_forms import edit_data

pytestmark = [pytest.mark.django_db]

State = SignUp.State


# --- What an edit, a publication and a cancellation set off --------------------------


def _messages(mailoutbox, to):
    return [message for message in mailoutbox if message.to == [to]]


def _move(client, event, new_start):
    """Post the event's edit form with the event moved to `new_start` (two hours long)."""
    data = edit_data(
        event,
        starts_at=new_start.strftime("%d.%m.%Y %H:%M"),
        ends_at=(new_start + dt.timedelta(hours=2)).strftime("%d.%m.%Y %H:%M"),
    )
    return client.post(reverse("network:event-edit", args=[event.pk]), data)


def _calendar_of(message):
    [(_name, body, _mimetype)] = message.attachments
    return icalendar.Calendar.from_ical(body)


def test_a_changed_time_is_sent_to_the_confirmed_participants(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Netværksmøde")
    SignUpFactory(event=event, email="bekraeftet@example.dk", state=State.CONFIRMED)
    SignUpFactory(event=event, email="venter@example.dk", state=State.WAITING, position=1)
    SignUpFactory(event=event, email="afbud@example.dk", state=State.CANCELLED)
    client.force_login(leader)
    new_start = timezone.localtime(event.starts_at) + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = _move(client, event, new_start)
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["bekraeftet@example.dk"]]
    calendar = _calendar_of(mailoutbox[0])
    assert calendar["method"] == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert int(vevent["sequence"]) == 1
    assert vevent["dtstart"].dt == new_start


def test_a_changed_description_is_no_news(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    SignUpFactory(event=event, state=State.CONFIRMED)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("network:event-edit", args=[event.pk]),
            edit_data(event, description="Nu med frokost."),
        )
    event.refresh_from_db()
    assert event.description == "Nu med frokost."
    assert mailoutbox == []


def test_a_changed_draft_mails_nobody(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(draft=True)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:event-edit", args=[event.pk]), edit_data(event, title="Nyt"))
    event.refresh_from_db()
    assert (event.title, event.calendar_sequence, mailoutbox) == ("Nyt", 1, [])


def test_a_raised_capacity_offers_the_new_places(client, leader, monkeypatch):
    calls = []
    monkeypatch.setattr(
        signups, "offers_make_later", lambda *, event, by=None: calls.append((event.pk, by))
    )
    event = EventFactory(capacity=2)
    client.force_login(leader)
    client.post(reverse("network:event-edit", args=[event.pk]), edit_data(event, capacity="2"))
    assert calls == []
    client.post(reverse("network:event-edit", args=[event.pk]), edit_data(event, capacity="4"))
    assert calls == [(event.pk, leader)]


def test_a_raised_capacity_reaches_those_waiting(
    client, leader, monkeypatch, django_capture_on_commit_callbacks
):
    # The offer's e-mail is the sign-up views' (network_offer): here only who is told.
    told = []
    monkeypatch.setattr(signups, "notify", lambda signup, template, **kw: told.append(template))
    event = EventFactory(capacity=1)
    SignUpFactory(event=event, state=State.CONFIRMED)
    first = SignUpFactory(event=event, state=State.WAITING, position=1)
    second = SignUpFactory(event=event, state=State.WAITING, position=2)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:event-edit", args=[event.pk]), edit_data(event, capacity="2"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (State.OFFERED, State.WAITING)
    assert told == ["network_offer"]


def test_publishing_twice_is_refused_with_a_message(client, leader):
    event = EventFactory(draft=True)
    client.force_login(leader)
    client.post(reverse("network:event-publish", args=[event.pk]))
    response = client.post(reverse("network:event-publish", args=[event.pk]), follow=True)
    assert "Kun en kladde kan offentliggøres." in [str(m) for m in response.context["messages"]]
    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED


def test_a_cancellation_tells_everyone_still_expecting_to_come(
    client, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Dialogmøde")
    told = {
        "confirmed@example.dk": State.CONFIRMED,
        "waiting@example.dk": State.WAITING,
        "offered@example.dk": State.OFFERED,
        "unconfirmed@example.dk": State.UNCONFIRMED,
    }
    for email, state in told.items():
        SignUpFactory(event=event, email=email, state=state)
    SignUpFactory(event=event, email="cancelled@example.dk", state=State.CANCELLED)
    SignUpFactory(event=event, email="expired@example.dk", state=State.EXPIRED)
    client.force_login(consultant)
    page = client.get(reverse("network:event-cancel", args=[event.pk]))
    assert page.context["counts"]["told"] == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:event-cancel", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.state, event.calendar_sequence) == (Event.State.CANCELLED, 1)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(told)
    calendar = _calendar_of(_messages(mailoutbox, "waiting@example.dk")[0])
    assert calendar["method"] == "CANCEL"
    [vevent] = calendar.walk("VEVENT")
    assert (str(vevent["status"]), int(vevent["sequence"])) == ("CANCELLED", 1)


def test_a_draft_cannot_be_cancelled(client, leader):
    event = EventFactory(draft=True)
    client.force_login(leader)
    response = client.post(reverse("network:event-cancel", args=[event.pk]), follow=True)
    assert "Kun et offentliggjort arrangement kan aflyses." in [
        str(m) for m in response.context["messages"]
    ]
    event.refresh_from_db()
    assert event.state == Event.State.DRAFT


def test_a_cancellation_ends_the_open_offers(client, leader, django_capture_on_commit_callbacks):
    event = EventFactory()
    offered = SignUpFactory(
        event=event, state=State.OFFERED, offer_expires_at=timezone.now() + dt.timedelta(hours=5)
    )
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:event-cancel", args=[event.pk]))
    offered.refresh_from_db()
    assert (offered.state, offered.offer_expires_at) == (State.CANCELLED, None)
    with pytest.raises(ValidationError):
        signups.offer_accept(signup=offered)
    offered.refresh_from_db()
    assert offered.state == State.CANCELLED


def test_a_capacity_below_the_places_held_is_refused(client, leader):
    event = EventFactory(capacity=3)
    SignUpFactory(event=event, state=State.CONFIRMED)
    SignUpFactory(event=event, state=State.ATTENDED)
    SignUpFactory(event=event, state=State.OFFERED, offer_expires_at=event.starts_at)
    SignUpFactory(event=event, state=State.WAITING, position=1)
    client.force_login(leader)
    response = client.post(
        reverse("network:event-edit", args=[event.pk]), edit_data(event, capacity="2")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == ["3 har allerede en plads."]
    event.refresh_from_db()
    assert event.capacity == 3


def test_the_service_refuses_to_overbook(leader):
    event = EventFactory(capacity=2)
    SignUpFactory(event=event, state=State.CONFIRMED)
    SignUpFactory(event=event, state=State.CONFIRMED)
    with pytest.raises(ValidationError) as refused:
        services.event_save(event=event, by=leader, capacity=1)
    assert "capacity" in refused.value.message_dict
    event.refresh_from_db()
    assert event.capacity == 2
    services.event_save(event=event, by=leader, capacity=2)


def test_a_changed_time_reaches_everyone_holding_a_place_and_clamps_offers(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(starts_at=timezone.now() + dt.timedelta(days=10))
    SignUpFactory(event=event, email="bekraeftet@example.dk", state=State.CONFIRMED)
    late = timezone.now() + dt.timedelta(days=8)
    offered = SignUpFactory(
        event=event, email="tilbud@example.dk", state=State.OFFERED, offer_expires_at=late
    )
    SignUpFactory(event=event, email="venter@example.dk", state=State.WAITING, position=1)
    client.force_login(leader)
    new_start = timezone.localtime(timezone.now() + dt.timedelta(days=2)).replace(
        second=0, microsecond=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _move(client, event, new_start)
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mailoutbox) == [
        "bekraeftet@example.dk",
        "tilbud@example.dk",
    ]
    offered.refresh_from_db()
    assert offered.offer_expires_at == new_start
