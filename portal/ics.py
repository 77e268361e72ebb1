"""Calendar files (iCalendar, RFC 5545): one builder for every meeting and event.

An app describes its meeting as a plain `Event` and `build()` turns it into the file's bytes.
What a calendar program needs to keep one entry per meeting, whatever it is sent:

- the UID is the same every time for the same meeting (`uid()`: kind, primary key and the
  portal's domain), so a file imported again updates the entry instead of adding a second;
- SEQUENCE counts the changes a calendar must take over (time, place, title, cancellation):
  the model keeps it in a `calendar_sequence` field, raised by the service that saves the
  change (`sequence_after_save()`), so a newer invitation wins over an older one;
- a cancellation goes out as METHOD:CANCEL with STATUS:CANCELLED and the raised sequence;
- times are written in UTC (`...Z`): every calendar program shows them in its own zone, and
  the file carries no VTIMEZONE of its own to keep correct;
- the icalendar library escapes and folds the text (Danish letters, commas, long agendas).
"""

import datetime
import enum
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils import timezone

from portal.timescale import utc

PRODUCT = "-//Socialøkonomi-portalen//%s//DA"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# The name of the model field that counts the changes a calendar must take over.
SEQUENCE_FIELD = "calendar_sequence"


class Method(enum.StrEnum):
    """What the file asks of the calendar that reads it."""

    PUBLISH = "PUBLISH"  # a file to import or subscribe to
    REQUEST = "REQUEST"  # an invitation (new, or changed)
    CANCEL = "CANCEL"  # the meeting is called off


class Status(enum.StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class Person:
    """An organiser or attendee: an e-mail address and, if known, a name."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class Event:
    """One meeting or event as a calendar sees it."""

    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    sequence: int = 0
    description: str = ""
    location: str = ""
    url: str = ""
    organiser: Person | None = None
    attendees: tuple[Person, ...] = ()
    status: Status = Status.CONFIRMED


def uid(kind, pk, *, domain):
    """The stable UID of one row: `steering-meeting-12@portal.example.dk`."""
    return f"{kind}-{pk}@{domain}"


def domain(request=None):
    """The host part of a UID: the host of PORTAL_BASE_URL when it is set (the same whatever
    name a page was asked by), else the host the request came to without its port."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname if settings.PORTAL_BASE_URL else None
    if host:
        return host
    if request is None:
        return "localhost"
    host, _port = split_domain_port(request.get_host())
    return host or "localhost"


def organiser(user):
    """The organiser as a `Person`: the user, or the programme's address when the user has
    none (or is gone)."""
    email = (user.email if user is not None else "") or settings.PORTAL_CONTACT_EMAIL
    return Person(email=email, name=str(user) if user is not None else "")


def _address(person, **params):
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = person.name
    address.params.update(params)
    return address


def _vevent(event, *, status):
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", utc(timezone.now()))
    vevent.add("dtstart", utc(event.starts_at))
    vevent.add("dtend", utc(event.ends_at))
    vevent.add("summary", event.summary)
    vevent.add("status", status)
    vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    if event.organiser is not None:
        vevent.add("organizer", _address(event.organiser))
    for person in event.attendees:
        if person.email:
            vevent.add("attendee", _address(person, role="REQ-PARTICIPANT"))
    return vevent


def build(event, *, method=Method.PUBLISH, product="Kalender"):
    """The event as an iCalendar file (bytes) with one VEVENT. With `Method.CANCEL` the
    event is marked cancelled; its `sequence` must then be the raised one."""
    method = Method(method)
    status = Status.CANCELLED if method == Method.CANCEL else Status(event.status)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT % product)
    calendar.add("version", "2.0")
    calendar.add("method", method.value)
    calendar.add_component(_vevent(event, status=status))
    return calendar.to_ical()


def build_feed(events, *, name, product="Kalender"):
    """A subscribable calendar (bytes): one VCALENDAR with a VEVENT per event, METHOD:PUBLISH
    and the calendar's `name` (X-WR-CALNAME) for the program to show. Each event keeps its
    own UID, sequence and status, so a cancelled one shows as cancelled."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT % product)
    calendar.add("version", "2.0")
    calendar.add("method", Method.PUBLISH.value)
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event, status=Status(event.status)))
    return calendar.to_ical()


def attachment(filename, body, *, method):
    """An e-mail attachment triple (`portal.emails.build`) for a calendar file."""
    return (filename, body, f"{CONTENT_TYPE}; method={Method(method).value}")


def response(body, *, filename, inline=False):
    """A calendar file as a download (`inline` for a feed that a calendar program reads)."""
    answer = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "inline" if inline else "attachment"
    answer["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return answer


def webcal_url(request, path):
    """`path` as a webcal:// link, which a calendar program subscribes to."""
    return "webcal://" + request.build_absolute_uri(path).split("://", 1)[1]


def sequence_after_save(instance, *, seen):
    """The calendar sequence `instance` is to be saved with: one more than the stored row's
    when a field a calendar shows (`seen`: its time, place, title, whether it is cancelled)
    differs from it, the stored one otherwise, and 0 for a new row.

    Call it inside the saving transaction: it locks the stored row, so two changes saved at
    once raise the sequence twice, never once."""
    if instance.pk is None:
        return 0
    stored = (
        type(instance)
        ._base_manager.select_for_update()
        .filter(pk=instance.pk)
        .values(SEQUENCE_FIELD, *seen)
        .first()
    )
    if stored is None:
        return 0
    changed = any(getattr(instance, name) != stored[name] for name in seen)
    return stored[SEQUENCE_FIELD] + 1 if changed else stored[SEQUENCE_FIELD]
