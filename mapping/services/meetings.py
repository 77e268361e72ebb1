"""Workflows of the mapping meetings: participants, attendance, invitations, feedback, ideas."""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.models import Attendance, Feedback, FeedbackTag, InterplayIdea, Meeting
from portal import deliveries, emails, ics
from portal.models import Delivery
from portal.records import assign, assign_related

CALENDAR_UID_KIND = "meeting"
CALENDAR_PRODUCT = "Møder"
# What a calendar shows of a meeting: a change to one of them raises its calendar sequence.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place")
# What the staff write about a meeting, a piece of feedback and an idea for interplay.
MEETING_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "organiser",
    "organisations",
    "agenda",
    "minutes",
)
FEEDBACK_FIELDS = ("text", "theme", "contact", "wants_reply")
IDEA_FIELDS = ("organisation", "department", "service", "description", "state")
INVITATION_FILENAME = "invitation.ics"
INVITATION_EMAIL = "meeting_invitation"

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
def meeting_save(*, meeting=None, contacts=(), **values):
    """Create a meeting (or change `meeting`) with `values` (its `MEETING_FIELDS`); the
    invited people become exactly `contacts`, and their organisations take part.

    All or nothing: the meeting, its organisations and its invited people are saved together.
    """
    meeting = meeting or Meeting()
    related = assign(meeting, values, fields=MEETING_FIELDS)
    meeting.full_clean()
    meeting.calendar_sequence = ics.sequence_after_save(meeting, seen=CALENDAR_FIELDS)
    meeting.save()
    assign_related(meeting, related)
    _sync_participants(meeting, contacts)
    return meeting


@transaction.atomic
def attendance_mark(*, meeting, rows):
    """Save who came to `meeting`: `rows` are dicts with an `attendance` of the meeting and
    whether that person `attended` (None: not marked). Every row or none; a row about
    someone not invited to this meeting refuses them all."""
    if any(row["attendance"].meeting_id != meeting.pk for row in rows):
        raise ValidationError(
            _("The list of participants has changed. Please reload the page and try again."),
            code="unknown_participant",
        )
    stored = dict(
        Attendance.objects.filter(pk__in=[row["attendance"].pk for row in rows]).values_list(
            "pk", "attended"
        )
    )
    for row in rows:
        attendance = row["attendance"]
        if stored.get(attendance.pk) == row["attended"]:
            continue
        attendance.attended = row["attended"]
        attendance.full_clean()
        attendance.save()


def meeting_calendar(*, meeting, domain, method=ics.Method.PUBLISH):
    """The meeting as an iCalendar file (bytes), built by `portal.ics`: the invited people
    with an e-mail address (not erased) are its attendees."""
    attendances = meeting.attendances.select_related("contact").order_by("contact__name", "pk")
    event = ics.Event(
        uid=ics.uid(CALENDAR_UID_KIND, meeting.pk, domain=domain),
        sequence=meeting.calendar_sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.title,
        location=meeting.place,
        description=meeting.agenda,
        organiser=ics.organiser(meeting.organiser),
        attendees=tuple(
            ics.Person(attendance.contact.email, attendance.contact.name)
            for attendance in attendances
            if attendance.contact.erased_at is None
        ),
    )
    return ics.build(event, method=method, product=CALENDAR_PRODUCT)


@dataclass
class Invitation(deliveries.Mailing):
    """What became of a meeting's invitations, as lists of attendances (`deliveries.Mailing`),
    and who was left out because they had it already. A sent one's attendance shows when
    it was invited."""

    already: list = field(default_factory=list)

    @property
    def sent(self):
        for attendance, delivery in self.outcome.each:
            if delivery.status == Delivery.Status.SENT:
                attendance.invited_at = delivery.sent_at
        return super().sent


def invitations_topic(meeting):
    """What a meeting's invitation deliveries have in common (each is about its attendance)."""
    return f"mapping-meeting:{meeting.pk}"


def invitation_sent(delivery):
    """A meeting invitation went out (now or on a later try): its attendance is invited."""
    Attendance.objects.filter(pk=delivery.object_id).update(invited_at=delivery.sent_at)


def _in_flight(attendances):
    """The attendances whose invitation another request has just queued and is sending."""
    recent = timezone.now() - deliveries.STUCK_AFTER
    return set(
        Delivery.objects.filter(
            template=INVITATION_EMAIL,
            content_type=ContentType.objects.get_for_model(Attendance),
            object_id__in=[attendance.pk for attendance in attendances],
            status=Delivery.Status.PENDING,
            created_at__gte=recent,
        ).values_list("object_id", flat=True)
    )


def meeting_invite(*, meeting, domain, again=False, by=None):
    """E-mail the invitation to the invited people with an e-mail address who do not have
    it yet: the new ones and those whose e-mail failed. With `again`, to all of them (the
    meeting changed); a second click never sends anyone a second copy otherwise.

    The meeting is locked while the e-mails are recorded, so two clicks at once take turns
    and the second finds the first's e-mails on their way. They are sent once recorded, by
    one background job about the meeting, started by `by`, when there are several. A
    person is marked invited when their e-mail has gone out, then or when it is sent again.
    Returns an `Invitation`.
    """
    result = Invitation()
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("organiser").get(pk=meeting.pk)
        attendances = list(
            meeting.attendances.select_related("contact__organisation").order_by(
                "contact__name", "pk"
            )
        )
        reachable = [a for a in attendances if a.contact.email and a.contact.erased_at is None]
        result.unreachable = [a for a in attendances if a not in reachable]
        in_flight = _in_flight(reachable)
        targets = [
            a for a in reachable if a.pk not in in_flight and (again or a.invited_at is None)
        ]
        result.already = [a for a in reachable if a not in targets]
        if targets:
            result.outcome = _send_invitations(meeting, targets, domain=domain, by=by)
    return result


def _send_invitations(meeting, attendances, *, domain, by):
    """One invitation e-mail to each attendance with the calendar file attached, in the
    municipality's language (a contact has no language of their own); replies go to the
    organiser. Each delivery is about its attendance, the job about the meeting."""
    calendar = meeting_calendar(meeting=meeting, domain=domain, method=ics.Method.REQUEST)
    organiser_email = meeting.organiser.email or settings.PORTAL_CONTACT_EMAIL
    attachments = (ics.attachment(INVITATION_FILENAME, calendar, method=ics.Method.REQUEST),)

    def letter(attendance):
        return emails.Letter(
            to=attendance.contact.email,
            context={
                "meeting": meeting,
                "contact": attendance.contact,
                "organiser": meeting.organiser,
                "organiser_email": organiser_email,
            },
            attachments=attachments,
            reply_to=(organiser_email,),
            about=attendance,
        )

    # Sent once the e-mails are recorded, so a failure leaves them to be sent again.
    return emails.send_to_each(
        attendances,
        template=INVITATION_EMAIL,
        letter=letter,
        about=meeting,
        topic=invitations_topic(meeting),
        by=by,
    )


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
def feedback_record(*, by, meeting=None, organisation=None, tags=(), **values):
    """Record feedback heard at `meeting` or from `organisation` (`values`: its
    `FEEDBACK_FIELDS`), tagged with the names in `tags`; all or nothing. Heard at a meeting
    from a person and no organisation given: it is the person's organisation's."""
    feedback = Feedback(meeting=meeting, organisation=organisation, recorded_by=by)
    assign(feedback, values, fields=FEEDBACK_FIELDS)
    if feedback.organisation is None and feedback.contact is not None:
        feedback.organisation = feedback.contact.organisation
    feedback.full_clean()
    feedback.save()
    feedback.tags.set(tags_get_or_create(names=tags))
    return feedback


@transaction.atomic
def idea_save(*, idea=None, **values):
    """Create an idea for interplay (or change `idea`) with `values` (its `IDEA_FIELDS`)."""
    idea = idea or InterplayIdea()
    assign(idea, values, fields=IDEA_FIELDS)
    idea.full_clean()
    idea.save()
    return idea
