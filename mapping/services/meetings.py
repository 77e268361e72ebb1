"""Workflows of the mapping meetings: participants, attendance, invitations, feedback, ideas."""

import datetime as dt
import logging
import smtplib

import icalendar
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from mapping.models import Attendance, FeedbackTag, Meeting
from portal import emails

CALENDAR_PRODUCT = "-//Socialøkonomi-portalen//Møder//DA"
INVITATION_FILENAME = "invitation.ics"

logger = logging.getLogger(__name__)


def _sync_participants(meeting, contacts):
    """The meeting's invited people become exactly `contacts`; their organisations join."""
    chosen = {contact.pk: contact for contact in contacts}
    meeting.attendances.exclude(contact_id__in=chosen).delete()
    present = set(meeting.attendances.values_list("contact_id", flat=True))
    new = [
        Attendance(meeting=meeting, contact=contact)
        for pk, contact in chosen.items()
        if pk not in present
    ]
    for attendance in new:
        attendance.full_clean()
    Attendance.objects.bulk_create(new)
    organisations = {contact.organisation_id for contact in chosen.values()}
    if organisations:
        meeting.organisations.add(*organisations)


@transaction.atomic
def meeting_save(*, form):
    """Create or change a meeting from a valid MeetingForm, with its participants.

    All or nothing: the meeting, its organisations and its invited people are saved together.
    """
    meeting = form.save(commit=False)
    meeting.full_clean()
    meeting.save()
    form.save_m2m()
    _sync_participants(meeting, form.cleaned_data["contacts"])
    return meeting


@transaction.atomic
def attendance_mark(*, formset):
    """Save who came, from a valid attendance formset: every row or none."""
    formset.save()


def _utc(value):
    return value.astimezone(dt.UTC)


def _address(email, name):
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = name
    return address


def meeting_calendar(*, meeting, domain, method="PUBLISH"):
    """The meeting as an iCalendar file (bytes): one VEVENT, times in UTC.

    The UID is the same every time for the same meeting, so a calendar that imports the file
    again updates the event instead of adding a second one.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", CALENDAR_PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("location", meeting.place)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    organiser = meeting.organiser
    organiser_email = organiser.email or settings.PORTAL_CONTACT_EMAIL
    event.add("organizer", _address(organiser_email, str(organiser)))
    attendances = meeting.attendances.select_related("contact").order_by("contact__name", "pk")
    for attendance in attendances:
        contact = attendance.contact
        if contact.email and contact.erased_at is None:
            attendee = _address(contact.email, contact.name)
            attendee.params["role"] = "REQ-PARTICIPANT"
            event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()


def _invitation(*, meeting, contact, calendar, organiser_email):
    """One invitation e-mail with the calendar file attached, in the municipality's language
    (a contact has no language of their own); replies go to the organiser."""
    return emails.build(
        "meeting_invitation",
        to=[contact.email],
        context={
            "meeting": meeting,
            "contact": contact,
            "organiser": meeting.organiser,
            "organiser_email": organiser_email,
        },
        attachments=[
            (INVITATION_FILENAME, calendar, "text/calendar; charset=utf-8; method=REQUEST")
        ],
        reply_to=[organiser_email],
    )


def meeting_invite(*, meeting, domain):
    """E-mail the invitation to every invited person with an e-mail address.

    Each person is marked as invited only once their e-mail has gone out, so a mail server
    that fails half-way leaves the others unmarked, to be sent again. Returns the
    attendances invited now, those without an e-mail address, and those whose e-mail failed.
    """
    meeting = Meeting.objects.select_related("organiser").get(pk=meeting.pk)
    attendances = list(
        meeting.attendances.select_related("contact__organisation").order_by("contact__name", "pk")
    )
    reachable = [a for a in attendances if a.contact.email and a.contact.erased_at is None]
    unreachable = [a for a in attendances if a not in reachable]
    if not reachable:
        return [], unreachable, []
    calendar = meeting_calendar(meeting=meeting, domain=domain, method="REQUEST")
    organiser_email = meeting.organiser.email or settings.PORTAL_CONTACT_EMAIL
    sent, failed = [], []
    with get_connection() as connection:
        for attendance in reachable:
            message = _invitation(
                meeting=meeting,
                contact=attendance.contact,
                calendar=calendar,
                organiser_email=organiser_email,
            )
            message.connection = connection
            try:
                message.send()
            except (smtplib.SMTPException, OSError):
                logger.exception(
                    "Invitation to meeting %s failed for %s", meeting.pk, attendance.pk
                )
                failed.append(attendance)
            else:
                attendance.invited_at = timezone.now()
                sent.append(attendance)
    Attendance.objects.bulk_update(sent, ["invited_at"])
    return sent, unreachable, failed


def tags_get_or_create(*, names):
    """The tags named, reusing an existing tag whatever its case ('Lokalt' is 'lokalt').

    Compared in Python with casefold, because SQLite folds only ASCII letters and Danish
    tags have æ, ø and å.
    """
    existing = {}
    for tag in FeedbackTag.objects.order_by("pk"):
        existing.setdefault(tag.name.casefold(), tag)
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag = FeedbackTag(name=name)
            tag.full_clean()
            tag.save()
            existing[name.casefold()] = tag
        tags.append(tag)
    return tags


@transaction.atomic
def feedback_record(*, form, by):
    """Save feedback from a valid FeedbackForm, with its tags, all or nothing."""
    feedback = form.save(commit=False)
    feedback.recorded_by = by
    feedback.full_clean()
    feedback.save()
    feedback.tags.set(tags_get_or_create(names=form.cleaned_data["tags_text"]))
    return feedback


@transaction.atomic
def idea_save(*, form):
    idea = form.save(commit=False)
    idea.full_clean()
    idea.save()
    return idea
