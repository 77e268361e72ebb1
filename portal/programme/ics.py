"""A steering group meeting as a calendar file (built by `portal.ics`)."""

from django.conf import settings
from django.utils import timezone, translation

from portal import ics

UID_KIND = "steering-meeting"
PRODUCT = "Styregruppe"
# What a calendar shows of a steering group meeting (its title is its date): a change to
# one of them raises the meeting's calendar sequence.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place")


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


def meeting_event(*, meeting, entries, members, domain, language=None):
    """The meeting as an `ics.Event`: its agenda (`entries`, from `selectors.agenda_of`) as
    the description, the steering group `members` with an address as attendees."""
    with (
        translation.override(language or translation.get_language() or settings.LANGUAGE_CODE),
        timezone.override(settings.TIME_ZONE),
    ):
        summary = str(meeting)
    return ics.Event(
        uid=ics.uid(UID_KIND, meeting.pk, domain=domain),
        sequence=meeting.calendar_sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=summary,
        location=meeting.place,
        description=agenda_text(entries),
        organiser=ics.organiser(meeting.created_by),
        attendees=tuple(ics.Person(member.email, member.name) for member in members),
    )


def meeting_calendar(*, meeting, entries, members, domain, method="PUBLISH", language=None):
    """The meeting as an iCalendar file (bytes); see `meeting_event`."""
    event = meeting_event(
        meeting=meeting, entries=entries, members=members, domain=domain, language=language
    )
    return ics.build(event, method=method, product=PRODUCT)
