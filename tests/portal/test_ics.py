"""The one calendar builder (portal.ics): what a calendar program reads back, the stable UID,
the SEQUENCE that the meetings' services raise on a change a calendar shows, and the
cancellation."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from mapping.models import Meeting
from portal import ics
from portal.programme.models import SteeringMeeting
from tests.factories.mapping import MeetingFactory
from tests.factories.programme import SteeringMeetingFactory
from tests.mapping.form_data import meeting_data as mapping_meeting_data
from tests.programme.form_data import meeting_data as steering_meeting_data

CPH = ZoneInfo("Europe/Copenhagen")


def event(**changes):
    fields = {
        "uid": ics.uid("meeting", 12, domain="portal.example.dk"),
        "starts_at": dt.datetime(2026, 11, 27, 10, 0, tzinfo=CPH),
        "ends_at": dt.datetime(2026, 11, 27, 12, 30, tzinfo=CPH),
        "summary": "Dialogmøde på Årø: æbler, øl og ål",
        "location": "Årø Forsamlingshus; salen, 1. sal",
        "description": "1. Velkomst ved Søren Ærø\n2. " + "Lokale indkøb og samarbejde " * 8,
        "organiser": ics.Person("leder@example.dk", "Lærke Østergård"),
        "attendees": (
            ics.Person("mette@cafe.dk", "Mette Møller"),
            ics.Person("", "Karen uden adresse"),
        ),
    }
    return ics.Event(**{**fields, **changes})


def parse(body):
    calendar = icalendar.Calendar.from_ical(body)
    (vevent,) = calendar.walk("VEVENT")
    return calendar, vevent


def test_it_parses_back_with_danish_text_escaped_and_folded():
    body = ics.build(event(), method=ics.Method.REQUEST)
    calendar, vevent = parse(body)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["UID"]) == "meeting-12@portal.example.dk"
    assert str(vevent["SUMMARY"]) == "Dialogmøde på Årø: æbler, øl og ål"
    assert str(vevent["LOCATION"]) == "Årø Forsamlingshus; salen, 1. sal"
    assert str(vevent["DESCRIPTION"]) == event().description
    assert b"LOCATION:\xc3\x85r\xc3\xb8 Forsamlingshus\\; salen\\, 1. sal" in body
    # Folded at 75 octets, as RFC 5545 asks, without breaking a Danish letter in two.
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    body.decode("utf-8")


def test_times_are_in_utc_with_a_stamp_and_the_status_confirmed():
    body = ics.build(event())
    _calendar, vevent = parse(body)
    assert b"DTSTART:20261127T090000Z" in body
    assert b"DTEND:20261127T113000Z" in body
    assert vevent.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent.decoded("SEQUENCE") == 0


def test_the_organiser_and_the_attendees_with_an_address_are_named():
    _calendar, vevent = parse(ics.build(event()))
    assert str(vevent["ORGANIZER"]) == "mailto:leder@example.dk"
    assert vevent["ORGANIZER"].params["CN"] == "Lærke Østergård"
    attendee = vevent["ATTENDEE"]  # one: Karen has no address a calendar could invite
    assert str(attendee) == "mailto:mette@cafe.dk"
    assert attendee.params["CN"] == "Mette Møller"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"


def test_a_cancellation_keeps_the_uid_and_says_cancelled_with_the_raised_sequence():
    _calendar, before = parse(ics.build(event(sequence=2), method=ics.Method.REQUEST))
    calendar, after = parse(ics.build(event(sequence=3), method=ics.Method.CANCEL))
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(after["STATUS"]) == "CANCELLED"
    assert after["UID"] == before["UID"]
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")


def test_the_attachment_and_the_download_carry_the_calendar_type():
    body = ics.build(event())
    filename, content, mimetype = ics.attachment("moede.ics", body, method=ics.Method.REQUEST)
    assert (filename, content) == ("moede.ics", body)
    assert mimetype == "text/calendar; charset=utf-8; method=REQUEST"
    response = ics.response(body, filename="moede-12.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="moede-12.ics"'


def test_the_domain_is_the_portals_own_address_when_it_is_set():
    request = RequestFactory().get("/", HTTP_HOST="intern.example.dk:8443")
    with override_settings(PORTAL_BASE_URL="", ALLOWED_HOSTS=["intern.example.dk"]):
        assert ics.domain(request) == "intern.example.dk"
        assert ics.domain() == "localhost"
    with override_settings(PORTAL_BASE_URL="https://portal.haderslev.dk/"):
        assert ics.domain(request) == "portal.haderslev.dk"


# The meetings' services raise the sequence


def ics_of(client, url):
    return parse(client.get(url).content)[1]


@pytest.mark.django_db
def test_a_mapping_meeting_keeps_its_uid_and_raises_its_sequence_on_a_change_it_shows(
    client, consultant
):
    meeting = MeetingFactory(
        organiser=consultant,
        title="Dialogmøde om lokale indkøb",
        starts_at=dt.datetime(2026, 11, 27, 10, 0, tzinfo=CPH),
        ends_at=dt.datetime(2026, 11, 27, 12, 30, tzinfo=CPH),
        place="Haderslev Rådhus, mødelokale 2",
    )
    client.force_login(consultant)
    ics_url = reverse("mapping:meeting-ics", args=[meeting.pk])
    edit_url = reverse("mapping:meeting-edit", args=[meeting.pk])
    first = ics_of(client, ics_url)

    # The minutes are not in the calendar: no new sequence.
    client.post(edit_url, mapping_meeting_data(organiser=consultant.pk, minutes="Referat."))
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.calendar_sequence) == ("Referat.", 0)

    client.post(edit_url, mapping_meeting_data(organiser=consultant.pk, place="Vojens Bibliotek"))
    client.post(
        edit_url,
        mapping_meeting_data(
            organiser=consultant.pk, place="Vojens Bibliotek", starts_at="2026-11-27T09:00"
        ),
    )
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 2
    last = ics_of(client, ics_url)
    assert last["UID"] == first["UID"] == f"meeting-{meeting.pk}@testserver"
    assert (first.decoded("SEQUENCE"), last.decoded("SEQUENCE")) == (0, 2)
    assert str(last["LOCATION"]) == "Vojens Bibliotek"


@pytest.mark.django_db
def test_a_new_mapping_meeting_starts_at_sequence_zero(client, consultant):
    client.force_login(consultant)
    client.post(reverse("mapping:meeting-create"), mapping_meeting_data(organiser=consultant.pk))
    assert Meeting.objects.get().calendar_sequence == 0


@pytest.mark.django_db
def test_a_steering_meeting_raises_its_sequence_when_its_time_or_place_changes(client, leader):
    meeting = SteeringMeetingFactory(
        created_by=leader,
        starts_at=dt.datetime(2026, 11, 27, 10, 0, tzinfo=CPH),
        ends_at=dt.datetime(2026, 11, 27, 12, 0, tzinfo=CPH),
        place="Vojens Bibliotek, mødelokalet",
    )
    client.force_login(leader)
    ics_url = reverse("programme:meeting-ics", args=[meeting.pk])
    edit_url = reverse("programme:meeting-edit", args=[meeting.pk])
    first = ics_of(client, ics_url)

    client.post(edit_url, steering_meeting_data(minutes="Tidsplanen blev godkendt."))
    assert SteeringMeeting.objects.get(pk=meeting.pk).calendar_sequence == 0
    client.post(edit_url, steering_meeting_data(ends_at="2026-11-27T13:00"))
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 1
    again = ics_of(client, ics_url)
    assert again["UID"] == first["UID"] == f"steering-meeting-{meeting.pk}@testserver"
    assert again.decoded("SEQUENCE") == 1
    # The counter is not an edit of the meeting: its history does not show it.
    assert not hasattr(meeting.history.first(), "calendar_sequence")
