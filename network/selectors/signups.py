"""Reads for the participant's side of events: the event page, a person's own sign-up by
the secret in their link (and its event's materials), and a logged-in person's sign-ups."""

from django.db.models import Q
from django.http import Http404

from network.models import Event, Material, SignUp
from network.selectors.events import MATERIAL_STATES
from portal.access import get_for_user


def signup_event_get_for_user(*, user, pk, for_change=False):
    """An event as its public page shows it: published and cancelled events for everyone,
    drafts for the programme's staff only; an event for invited people only is shown to the
    staff and to those signed up for it (404 for anyone else)."""
    events = Event.objects.select_related("organiser").prefetch_related("themes")
    if not (user.is_authenticated and user.is_programme_staff):
        events = events.exclude(state=Event.State.DRAFT)
        invited = Q(audience=Event.Audience.INVITED)
        if user.is_authenticated:
            mine = SignUp.objects.filter(user=user, erased_at__isnull=True).values("event")
            invited &= ~Q(pk__in=mine)
        events = events.exclude(invited)
    return get_for_user(events, pk=pk, for_change=for_change)


def signup_by_token(*, token):
    """The sign-up whose personal link holds `token`: the link is the key, so anyone with it
    may see and act on that one sign-up; 404 for a wrong or erased one."""
    signup = (
        SignUp.objects.select_related("event", "department", "organisation")
        .filter(token=token, erased_at__isnull=True)
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def signup_materials(*, signup):
    """The event's materials the person behind `signup` may fetch through their link: all of
    them once they have a place or came, none before."""
    if signup.state not in MATERIAL_STATES:
        return []
    return list(signup.event.materials.order_by("title", "pk"))


def signup_material_public_get(*, signup, pk):
    """A material of `signup`'s event, for the person whose link it is: the link is the key,
    as for the personal page; 404 unless they have a place or came, and for another event's
    material."""
    if signup.state in MATERIAL_STATES:
        visible = Material.objects.filter(event_id=signup.event_id)
    else:
        visible = Material.objects.none()
    return get_for_user(visible, pk=pk)


def signups_of_user(*, user):
    """The logged-in person's sign-ups, the coming events first."""
    return (
        SignUp.objects.filter(user=user, erased_at__isnull=True)
        .select_related("event")
        .order_by("-event__starts_at", "pk")
    )


def signup_of_user_for_event(*, user, event):
    """The logged-in person's sign-up for `event` that still counts (None if they have none
    or it was cancelled or expired: they may sign up again)."""
    if not user.is_authenticated:
        return None
    return (
        SignUp.objects.filter(event=event, user=user, erased_at__isnull=True)
        .exclude(state__in=(SignUp.State.CANCELLED, SignUp.State.EXPIRED))
        .first()
    )
