"""Reads of the network's events, scoped by who asks.

Each list costs the same few queries whatever the number of events: the counts a page shows
are annotations, never a query per row.
"""

import datetime

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from network.forms.events import EventFilter
from network.models import CalendarKey, Event, Material, SignUp
from portal.access import get_for_user, staff_only

State = SignUp.State

# The audiences whose events are listed in public (the rest are for invited people only).
LISTED_AUDIENCES = (Event.Audience.PUBLIC, Event.Audience.MEMBERS, Event.Audience.STAFF)
# How far back the public calendar feed reaches.
FEED_PAST_DAYS = 90
# How many coming events the home page shows.
HOME_EVENTS = 3
# A participant who may fetch an event's materials.
MATERIAL_STATES = (State.CONFIRMED, State.ATTENDED)
# Who is told that an event is cancelled: everyone still expecting to come or a place.
TOLD_OF_CANCELLATION = (State.CONFIRMED, State.WAITING, State.OFFERED, State.UNCONFIRMED)
# The sign-ups a personal calendar shows.
FEED_STATES = (State.UNCONFIRMED, State.CONFIRMED, State.WAITING, State.OFFERED, State.ATTENDED)
# Of those, the ones a calendar marks TENTATIVE: the person has no sure place yet.
TENTATIVE_STATES = (State.UNCONFIRMED, State.WAITING, State.OFFERED)


def _is_staff(user):
    return user.is_authenticated and user.is_programme_staff


def _listed():
    return Event.objects.filter(audience__in=LISTED_AUDIENCES)


def coming_public(*, now=None):
    """Published events in public lists that have not ended, soonest first."""
    now = now or timezone.now()
    return (
        _listed().filter(state=Event.State.PUBLISHED, ends_at__gt=now).order_by("starts_at", "pk")
    )


def event_list_public(*, params, now=None):
    """The public list of coming events, filtered: (filterset, queryset)."""
    filterset = EventFilter(params, queryset=coming_public(now=now))
    return filterset, filterset.qs


def event_list_past(*, now=None):
    """Past published events, newest first, with what came out of them and how many took
    part (counts only: no one's name)."""
    now = now or timezone.now()
    return (
        _listed()
        .filter(state=Event.State.PUBLISHED, ends_at__lte=now)
        .annotate(
            signed_up_count=Count(
                "signups", filter=Q(signups__state__in=(State.CONFIRMED, State.ATTENDED))
            ),
            attended_count=Count("signups", filter=Q(signups__state=State.ATTENDED)),
        )
        .order_by("-starts_at", "-pk")
    )


def home_events(*, now=None):
    return list(coming_public(now=now)[:HOME_EVENTS])


def feed_events(*, now=None):
    """The public calendar feed: published and cancelled events in public lists, coming and
    of the last FEED_PAST_DAYS days."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    return (
        _listed()
        .filter(state__in=(Event.State.PUBLISHED, Event.State.CANCELLED), ends_at__gt=since)
        .select_related("organiser")
        .order_by("starts_at", "pk")
    )


def event_list_staff(*, user):
    """Every event, drafts too, with its places taken, waiting list and open offers."""
    queryset = Event.objects.all() if _is_staff(user) else Event.objects.none()
    return queryset.annotate(
        taken_count=Count("signups", filter=Q(signups__state__in=SignUp.HOLDS_PLACE)),
        waiting_count=Count("signups", filter=Q(signups__state=State.WAITING)),
        offered_count=Count("signups", filter=Q(signups__state=State.OFFERED)),
    ).order_by("-starts_at", "-pk")


def event_counts(*, event):
    """Who a cancellation tells: ("told": how many in all, "by_state": (the state's label,
    how many) for those confirmed, waiting, offered a place and yet to confirm their
    address)."""
    rows = (
        event.signups.filter(state__in=TOLD_OF_CANCELLATION, erased_at__isnull=True)
        .values("state")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(TOLD_OF_CANCELLATION, 0)
    counts.update({row["state"]: row["count"] for row in rows})
    return {
        "told": sum(counts.values()),
        "by_state": [(State(state).label, count) for state, count in counts.items()],
    }


def event_get_for_user(*, user, pk, for_change=False):
    """An event, drafts too, for the programme's staff (who also change it and manage its
    participants); 404 for anyone else. The public see an event through its page's selector
    (`network.selectors.signups.signup_event_get_for_user`)."""
    return get_for_user(
        staff_only(Event.objects.select_related("organiser"), user), pk=pk, for_change=for_change
    )


def event_is_public(event):
    """Whether anyone may fetch the event's calendar file: not a draft, not invited-only."""
    return event.state != Event.State.DRAFT and event.audience in LISTED_AUDIENCES


def materials_of(*, event):
    return list(event.materials.order_by("title", "pk"))


def material_get_for_user(*, user, pk, for_change=False):
    """A material of an event: for staff (who also delete it) and for the event's
    confirmed participants and those who came; 404 for anyone else."""
    if _is_staff(user):
        visible = Material.objects.all()
    elif user.is_authenticated:
        visible = Material.objects.filter(
            event__signups__user=user, event__signups__state__in=MATERIAL_STATES
        ).distinct()
    else:
        visible = Material.objects.none()
    return get_for_user(
        visible.select_related("event"),
        pk=pk,
        for_change=for_change,
        may_change=lambda m: _is_staff(user),
    )


def calendar_key_of(*, user):
    """The calendar key of the user's e-mail address, if they have made one."""
    if not user.email:
        return None
    return CalendarKey.objects.filter(email__iexact=user.email).first()


def personal_feed_public_get(*, token):
    """(the key, the sign-ups of its address that a calendar should show, with their events);
    404 for a token that is no key (a made-up one, or one replaced by a new key)."""
    key = CalendarKey.objects.filter(token=token).first() if token else None
    if key is None:
        raise Http404
    signups = (
        SignUp.objects.filter(
            email__iexact=key.email, state__in=FEED_STATES, erased_at__isnull=True
        )
        .exclude(event__state=Event.State.DRAFT)
        .select_related("event__organiser")
        .order_by("event__starts_at", "pk")
    )
    return key, list(signups)
