"""A steering group meeting as an iCalendar file."""

import icalendar
from django.conf import settings
from django.utils import timezone, translation

from portal.timescale import utc as _utc

CALENDAR_PRODUCT = "-//Socialøkonomi-portalen//Styregruppe//DA"


def _address(email, name):
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = name
    return address


def agenda_text(entries):
    """The agenda as plain lines: "1. Title (points at)" and the description below."""
    lines = []
    for entry in entries:
        line = f"{entry.item.position}. {entry.item.title}"
        if entry.label:
            line += f" ({entry.label})"
        lines.append(line)
        if entry.item.description:
            lines.append(entry.item.description)
    return "\n".join(lines)


def meeting_calendar(*, meeting, entries, members, domain, method="PUBLISH", language=None):
    """The meeting as an iCalendar file (bytes): one VEVENT, its times in UTC.

    The UID is the same every time for the same meeting, so a calendar that imports the file
    again updates the event instead of adding a second one. `entries` is the agenda (from
    `selectors.agenda_of`), `members` the steering group members to list as attendees.
    """
    with (
        translation.override(language or translation.get_language() or settings.LANGUAGE_CODE),
        timezone.override(settings.TIME_ZONE),
    ):
        summary = str(meeting)
    calendar = icalendar.Calendar()
    calendar.add("prodid", CALENDAR_PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", f"steering-meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", summary)
    event.add("location", meeting.place)
    description = agenda_text(entries)
    if description:
        event.add("description", description)
    organiser = meeting.created_by
    organiser_email = (organiser.email if organiser else "") or settings.PORTAL_CONTACT_EMAIL
    event.add("organizer", _address(organiser_email, str(organiser) if organiser else ""))
    for member in members:
        if member.email:
            attendee = _address(member.email, member.name)
            attendee.params["role"] = "REQ-PARTICIPANT"
            event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()
