"""The staff's work on events: saving one (and telling its participants what changed),
publishing, cancelling (and telling everyone signed up), the event's materials, and the keys
of personal calendar feeds.

The sign-ups themselves move only in `network.services.signups`; from here we call its
`offers_make_later` when a raised capacity frees places, and its `notify` for the e-mails.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.models import CalendarKey, Event, Material, SignUp
from network.selectors.events import TOLD_OF_CANCELLATION
from network.services import notices, signups
from network.services.signups import event_locked
from portal import ics
from portal.records import assign, assign_related

State = SignUp.State

# What the staff write about an event (its state changes by publish and cancel only).
EVENT_FIELDS = (
    "title",
    "kind",
    "audience",
    "description",
    "organiser",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "signup_opens_at",
    "signup_closes_at",
    "themes",
    "network_themes",
    "outcome",
)
CANCELLED_EMAIL = "network_event_cancelled"
CHANGED_EMAIL = "network_event_changed"


@transaction.atomic
def event_save(*, event=None, by, **values):
    """Create an event (a draft) or change `event` with `values` (its EVENT_FIELDS).

    A change to what a calendar shows (time, place, title) raises the calendar sequence; of
    a published event, everyone holding a place is then sent the updated invitation, and an
    open offer's deadline is brought forward to the new start if it was later. A raised
    capacity offers the new places to those waiting (a background job, after the commit); a
    capacity below the places already held is refused (it would overbook the event)."""
    event = event or Event()
    before = None
    if event.pk is not None:
        stored = event_locked(event)
        before = {"capacity": stored.capacity, "sequence": stored.calendar_sequence}
    related = assign(event, values, fields=EVENT_FIELDS)
    if before is not None and event.capacity is not None:
        taken = signups.places_taken(event)
        if event.capacity < taken:
            message = _("%(count)d already hold a place.") % {"count": taken}
            raise ValidationError({"capacity": message}, code="overbooked")
    if event.pk is None and event.organiser is None:
        event.organiser = by
    event.full_clean()
    event.calendar_sequence = ics.sequence_after_save(event, seen=Event.CALENDAR_FIELDS)
    event.save()
    assign_related(event, related)
    if before is None or event.state != Event.State.PUBLISHED:
        return event
    if event.calendar_sequence > before["sequence"]:
        event.signups.filter(state=State.OFFERED, offer_expires_at__gt=event.starts_at).update(
            offer_expires_at=event.starts_at
        )
        for signup in event.signups.filter(state__in=SignUp.HOLDS_PLACE, erased_at__isnull=True):
            notices.notify(signup, CHANGED_EMAIL, calendar=ics.Method.REQUEST, by=by)
    if event.capacity > before["capacity"]:
        signups.offers_make_later(event=event, by=by)
    return event


@transaction.atomic
def event_publish(*, event, by):
    """A draft goes public: listed, open for sign-up within its window, in the feeds."""
    event = event_locked(event)
    if event.state != Event.State.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="state")
    event.state = Event.State.PUBLISHED
    event.full_clean()
    event.calendar_sequence = ics.sequence_after_save(event, seen=Event.CALENDAR_FIELDS)
    event.save(update_fields=["state", "calendar_sequence", "updated_at"])
    return event


@transaction.atomic
def event_cancel(*, event, by):
    """Call a published event off: it stays listed in the calendars as cancelled (with a
    raised sequence), and everyone signed up, waiting or offered a place is e-mailed the
    cancellation with a calendar file that removes it; the open offers end then (no one
    takes up a place at a cancelled event). Returns how many were told."""
    event = event_locked(event)
    if event.state != Event.State.PUBLISHED:
        raise ValidationError(_("Only a published event can be cancelled."), code="state")
    event.state = Event.State.CANCELLED
    event.calendar_sequence = ics.sequence_after_save(event, seen=Event.CALENDAR_FIELDS)
    event.save(update_fields=["state", "calendar_sequence", "updated_at"])
    told = 0
    active = event.signups.filter(state__in=TOLD_OF_CANCELLATION, erased_at__isnull=True)
    for signup in active.select_related("event__organiser"):
        notices.notify(signup, CANCELLED_EMAIL, calendar=ics.Method.CANCEL, by=by)
        told += 1
    event.signups.filter(state=State.OFFERED).update(state=State.CANCELLED, offer_expires_at=None)
    return told


@transaction.atomic
def material_add(*, event, title, file, by):
    material = Material(event=event, title=title, file=file, uploaded_by=by)
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def material_delete(*, material, by):
    """The row and its file go together: the file is removed once the deletion commits."""
    name, storage = material.file.name, material.file.storage
    material.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def calendar_key_get_or_create(*, email):
    """The key of `email`'s personal calendar feed, made when it has none."""
    key = CalendarKey.objects.filter(email__iexact=email).first()
    if key is None:
        key = CalendarKey(email=email)
        key.full_clean()
        key.save()
    return key


@transaction.atomic
def calendar_key_renew(*, email):
    """A new secret for `email`'s feed: the old link stops working at once."""
    CalendarKey.objects.filter(email__iexact=email).delete()
    key = CalendarKey(email=email)
    key.full_clean()
    key.save()
    return key
