"""Reads for the network's dashboard panels: a few queries each, whatever the numbers."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from network.models import Event, Membership, SignUp, Theme
from network.selectors.signups import signups_of_user

State = SignUp.State


def coming_events_with_seats(*, limit=5, now=None):
    """The coming events that are not cancelled (drafts too), soonest first, each with its
    places taken, open offers and waiting list counted: one query."""
    now = now or timezone.now()
    return list(
        Event.objects.filter(ends_at__gt=now)
        .exclude(state=Event.State.CANCELLED)
        .annotate(
            taken=Count("signups", filter=Q(signups__state__in=SignUp.HOLDS_PLACE)),
            offers=Count("signups", filter=Q(signups__state=State.OFFERED)),
            waiting=Count("signups", filter=Q(signups__state=State.WAITING)),
        )
        .order_by("starts_at", "pk")[:limit]
    )


def applications_waiting_count():
    return Membership.objects.filter(status=Membership.Status.APPLIED).count()


def coming_signups_of_user(*, user, now=None, limit=10):
    """The person's own sign-ups that still stand, for events not yet over, soonest first:
    one query."""
    now = now or timezone.now()
    return list(
        signups_of_user(user=user)
        .filter(event__ends_at__gt=now)
        .exclude(state__in=(State.CANCELLED, State.EXPIRED))
        .order_by("event__starts_at", "pk")[:limit]
    )


def memberships_of_user(*, user):
    """The person's organisations, each with its network membership (or None) and the
    themes it follows: two queries."""
    organisations = list(
        user.organisations.select_related("network_membership")
        .prefetch_related(
            Prefetch(
                "network_membership__themes",
                queryset=Theme.objects.order_by("name"),
            )
        )
        .order_by("name")
    )
    for organisation in organisations:
        try:
            organisation.membership = organisation.network_membership
        except Membership.DoesNotExist:
            organisation.membership = None
    return organisations


def coming_trainings(*, limit=5, now=None):
    """Published training events for the municipality's staff that are not yet over."""
    now = now or timezone.now()
    return list(
        Event.objects.filter(
            kind=Event.Kind.TRAINING, state=Event.State.PUBLISHED, ends_at__gt=now
        ).order_by("starts_at", "pk")[:limit]
    )
