"""The sign-up state machine (see `network.models.signups`): the only code that moves a
sign-up from one state to another.

Every move takes a row lock on the event first (`event_locked`), so on PostgreSQL two people
signing up for the last place at once are served one after the other: the second finds it
taken and goes on the waiting list. Offers of a freed place are made by a background job
(`network.offer_places`) queued after the commit, and an offer not taken up by its deadline
passes to the next in line (`network.expire_offers`, every few minutes): nobody types it.
The same job makes any offer a lost `network.offer_places` job never made (`offers_repair`).
A cancelled event gives no place: no confirmation by link, no offer made or accepted.

E-mails go out after the commit through `portal.emails`, each with the person's own link.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Event, Membership, SignUp
from network.services.notices import notify
from portal import ics, jobs

State = SignUp.State


def event_locked(event):
    """The event, re-read under a row lock: every change to its sign-ups goes through it."""
    return Event.objects.select_for_update().get(pk=event.pk)


def places_taken(event):
    return event.signups.filter(state__in=SignUp.HOLDS_PLACE).count()


def free_places(event):
    return max(0, event.capacity - places_taken(event))


def _next_position(event):
    last = event.signups.aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def may_sign_up(event, user):
    """Whether `user` (maybe anonymous) may sign up for `event` themselves: None when they
    may, else the reason they may not, for the page to say."""
    if not event.signup_is_open():
        return _("Sign-up is not open for this event.")
    if event.audience == Event.Audience.PUBLIC:
        return None
    if event.audience == Event.Audience.INVITED:
        return _("This event is for invited participants only.")
    if not user.is_authenticated:
        return _("Log in to sign up for this event.")
    if user.has_role(*user.STAFF_ROLES):
        return None
    if event.audience == Event.Audience.STAFF:
        if user.has_role(user.Role.MUNICIPAL_EMPLOYEE):
            return None
        return _("This event is for the municipality's staff.")
    if user.organisations.filter(
        network_membership__status__in=Membership.MEMBER_STATUSES
    ).exists():
        return None
    return _("This event is for the network's members.")


def _place(event, signup, *, now):
    """Give the sign-up a place if one is free and nobody is waiting before them, else put it
    last on the waiting list."""
    waiting = event.signups.filter(state__in=(State.WAITING, State.OFFERED)).exclude(pk=signup.pk)
    if free_places(event) > 0 and not waiting.filter(state=State.WAITING).exists():
        signup.state = State.CONFIRMED
        signup.confirmed_at = now
        signup.position = None
    else:
        signup.state = State.WAITING
        signup.position = _next_position(event)


class AlreadySignedUp(ValidationError):
    """The person (or address) is signed up for the event already: `signup` is that sign-up."""

    def __init__(self, message, *, signup):
        super().__init__({"email": message}, code="duplicate")
        self.signup = signup


def _existing(event, *, email, user):
    match = Q(email__iexact=email) if email else Q(pk__in=[])
    if user is not None:
        match |= Q(user=user)
    return event.signups.filter(match, erased_at__isnull=True).first()


def signup_create(
    *,
    event,
    name,
    email,
    organisation_name="",
    user=None,
    organisation=None,
    department=None,
    language=None,
    by=None,
):
    """Sign a person up for `event`. Signed up by themselves while logged in (`user`), or by
    staff (`by`), they get a place or a place on the waiting list at once; anyone else first
    confirms their address through the link in an e-mail (state unconfirmed).

    Raises ValidationError when the event cannot take sign-ups or the person is signed up
    already; a cancelled or expired sign-up of the same person is taken up again, last in
    line.

    Someone signing up themselves (no `by`) may do so only where `may_sign_up` lets them:
    the page says why not, and this holds for a form posted from an old page too."""
    with transaction.atomic():
        event = event_locked(event)
        # Read under the lock: the order of `created_at` is the order the sign-ups were
        # served in, the same as their places on the waiting list.
        now = timezone.now()
        if event.is_cancelled or event.ends_at <= now:
            raise ValidationError(_("This event takes no more sign-ups."), code="closed")
        if by is None:
            reason = may_sign_up(event, user or AnonymousUser())
            if reason is not None:
                raise ValidationError(reason, code="not_allowed")
        existing = _existing(event, email=email, user=user)
        if existing is not None and existing.state not in (State.CANCELLED, State.EXPIRED):
            raise AlreadySignedUp(
                _("This e-mail address is already signed up for the event."), signup=existing
            )
        signup = existing or SignUp(event=event)
        signup.user = user
        signup.name = name
        signup.email = email
        signup.organisation_name = organisation_name
        signup.organisation = organisation
        signup.department = department
        signup.language = language or settings.LANGUAGE_CODE
        signup.created_at = now
        signup.confirmed_at = signup.offer_expires_at = None
        signup.cancelled_at = signup.cancelled_by = None
        signup.reminded_at = signup.evaluation_sent_at = None
        signup.position = None
        if user is None and by is None:
            signup.state = State.UNCONFIRMED
        else:
            _place(event, signup, now=now)
        signup.full_clean(exclude={"event", "user", "cancelled_by"})
        signup.save()
        _tell_place(signup, by=by)
    return signup


def signup_again_notify(*, signup):
    """Someone not logged in tried to sign `signup`'s address up again. The page answers as
    for a new sign-up (it must not tell a stranger who is signed up); the address's owner is
    mailed their own link instead."""
    return notify(signup, "network_signup_again")


def _tell_place(signup, *, by=None):
    if signup.state == State.UNCONFIRMED:
        notify(signup, "network_signup_check_email", by=by)
    elif signup.state == State.CONFIRMED:
        notify(signup, "network_signup_confirmed", calendar=ics.Method.REQUEST, by=by)
    elif signup.state == State.WAITING:
        notify(signup, "network_signup_waiting", by=by)


def signup_confirm_email(*, signup):
    """The person followed the link in the first e-mail: their address is theirs. They get a
    place, or a place on the waiting list, in the order of confirmation. A second click
    changes nothing."""
    with transaction.atomic():
        event = event_locked(signup.event)
        signup = SignUp.objects.get(pk=signup.pk)
        if signup.state != State.UNCONFIRMED:
            return signup
        _refuse_unless_published(event)
        if event.ends_at <= timezone.now():
            raise ValidationError(_("This event takes no more sign-ups."), code="closed")
        _place(event, signup, now=timezone.now())
        signup.save(update_fields=["state", "confirmed_at", "position"])
        _tell_place(signup)
    return signup


def _refuse_unless_published(event):
    """A cancelled (or unpublished) event gives no place: not by a confirmation link, not by
    an offer still standing in someone's mailbox."""
    if event.is_cancelled:
        raise ValidationError(
            _("This event is cancelled: it takes no more sign-ups."), code="cancelled"
        )
    if event.state != Event.State.PUBLISHED:
        raise ValidationError(_("This event takes no more sign-ups."), code="closed")


def signup_cancel(*, signup, by=None):
    """Cancel a sign-up (the person through their link, or staff, `by`). A place it held is
    offered to the first on the waiting list by a background job."""
    with transaction.atomic():
        event = event_locked(signup.event)
        signup = SignUp.objects.get(pk=signup.pk)
        if signup.state in (State.CANCELLED, State.EXPIRED, State.ATTENDED):
            raise ValidationError(_("This sign-up cannot be cancelled."), code="state")
        held = signup.holds_place
        signup.state = State.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.cancelled_by = by
        signup.offer_expires_at = None
        signup.save(update_fields=["state", "cancelled_at", "cancelled_by", "offer_expires_at"])
        notify(signup, "network_signup_cancelled", by=by)
        if held:
            offers_make_later(event=event, by=by)
    return signup


def offers_make_later(*, event, by=None):
    """Have a background job offer the event's free places to those waiting, after the
    commit (a cancellation, a raised capacity, an expired offer)."""
    from network import tasks

    return jobs.enqueue(tasks.offer_places, event.pk, user=by, about=event)


def offer_deadline(event, *, now):
    hours = datetime.timedelta(hours=settings.NETWORK_OFFER_HOURS)
    return min(now + hours, event.starts_at)


def offers_make(*, event):
    """Offer each free place to the next on the waiting list, in order, with a deadline
    (NETWORK_OFFER_HOURS, but never after the event starts), and mail them. An offer holds
    its place until it is taken up or expires. Returns the sign-ups offered a place."""
    now = timezone.now()
    with transaction.atomic():
        event = event_locked(event)
        # Sign-up closed (or the event cancelled, or begun): nobody is offered a place.
        if not event.signup_is_open(now) or event.starts_at <= now:
            return []
        free = free_places(event)
        if not free:
            return []
        offered = list(event.signups.filter(state=State.WAITING).order_by("position", "pk")[:free])
        deadline = offer_deadline(event, now=now)
        for signup in offered:
            signup.state = State.OFFERED
            signup.offer_expires_at = deadline
            signup.save(update_fields=["state", "offer_expires_at"])
            notify(signup, "network_offer")
    return offered


def offer_accept(*, signup):
    """The person takes up the place offered to them, before its deadline."""
    with transaction.atomic():
        event = event_locked(signup.event)
        signup = SignUp.objects.select_related("event").get(pk=signup.pk)
        if signup.state == State.CONFIRMED:
            return signup
        _refuse_unless_published(event)
        if signup.state != State.OFFERED or signup.offer_expires_at <= timezone.now():
            raise ValidationError(_("The offer of a place is no longer open."), code="offer_closed")
        signup.state = State.CONFIRMED
        signup.confirmed_at = timezone.now()
        signup.offer_expires_at = None
        signup.save(update_fields=["state", "confirmed_at", "offer_expires_at"])
        notify(signup, "network_signup_confirmed", calendar=ics.Method.REQUEST)
    return signup


def offers_expire(*, now=None):
    """Offers whose deadline has passed expire, the person is told, and the place goes to
    the next in line. Returns how many expired."""
    now = now or timezone.now()
    events = Event.objects.filter(
        state=Event.State.PUBLISHED,
        signups__state=State.OFFERED,
        signups__offer_expires_at__lte=now,
    ).distinct()
    expired = 0
    for event in events:
        with transaction.atomic():
            locked = event_locked(event)
            for signup in locked.signups.filter(state=State.OFFERED, offer_expires_at__lte=now):
                signup.state = State.EXPIRED
                signup.save(update_fields=["state"])
                notify(signup, "network_offer_expired")
                expired += 1
        offers_make(event=event)
    return expired


def offers_repair(*, now=None):
    """Make the offers a lost job never made: for each published event still to come with a
    free place and someone waiting, offer the place (`offers_make`). Returns the sign-ups
    offered a place."""
    now = now or timezone.now()
    held = Count("signups", filter=Q(signups__state__in=SignUp.HOLDS_PLACE))
    events = (
        Event.objects.filter(
            state=Event.State.PUBLISHED,
            starts_at__gt=now,
            pk__in=SignUp.objects.filter(state=State.WAITING).values("event"),
        )
        .annotate(held=held)
        .filter(held__lt=F("capacity"))
    )
    offered = []
    for event in events:
        offered += offers_make(event=event)
    return offered


def waiting_move(*, signup, direction, by=None):
    """Staff move a person on the waiting list one place up or down, or to the top."""
    with transaction.atomic():
        event = event_locked(signup.event)
        signup = SignUp.objects.get(pk=signup.pk)
        if signup.state != State.WAITING:
            raise ValidationError(_("Only someone on the waiting list can be moved."))
        queue = list(event.signups.filter(state=State.WAITING).order_by("position", "pk"))
        index = queue.index(signup)
        target = {"up": index - 1, "down": index + 1, "top": 0}[direction]
        if not 0 <= target < len(queue) or target == index:
            return signup
        queue.insert(target, queue.pop(index))
        positions = sorted(item.position for item in queue)
        for item, position in zip(queue, positions, strict=True):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
    return signup


def attendance_mark(*, signup, attended):
    """Mark a confirmed participant as having come (or undo it), on the day of the event or
    after."""
    with transaction.atomic():
        event = event_locked(signup.event)
        signup = SignUp.objects.get(pk=signup.pk)
        if timezone.localdate(event.starts_at) > timezone.localdate():
            raise ValidationError(_("Attendance is marked once the event has begun."))
        if attended and signup.state == State.CONFIRMED:
            signup.state = State.ATTENDED
        elif not attended and signup.state == State.ATTENDED:
            signup.state = State.CONFIRMED
        elif signup.state not in (State.CONFIRMED, State.ATTENDED):
            raise ValidationError(_("Only confirmed participants can be marked."))
        signup.save(update_fields=["state"])
    return signup
