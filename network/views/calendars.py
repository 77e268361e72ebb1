"""Calendars of the events: a file per event, the public feed that anyone may subscribe to
(a calendar program cannot log in), and a person's own feed of their sign-ups behind a
secret link, which they make and replace on the calendar-key page."""

import dataclasses

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from network.models import Event
from network.selectors import events as selectors
from network.selectors.signups import signup_event_get_for_user
from network.services import events as services
from network.services import notices
from portal import ics
from portal.access import EVERYONE_LOGGED_IN, role_required

PRODUCT = "Arrangementer"


def _entry(event, *, domain, online=False, tentative=False):
    """The event's calendar entry; its online link only where `online` or the event is for
    everyone (the link is for those who have a place), TENTATIVE for a place not yet sure."""
    entry = notices.calendar_event(event, domain=domain)
    if not (online or event.audience == Event.Audience.PUBLIC):
        entry = dataclasses.replace(entry, location=event.place)
    if tentative and not event.is_cancelled:
        entry = dataclasses.replace(entry, status=ics.Status.TENTATIVE)
    return entry


@require_safe
def event_ics(request, pk):
    """Public on purpose: the calendar file of an event anyone may see (not a draft, not
    for invited people only); staff may fetch every one."""
    event = signup_event_get_for_user(user=request.user, pk=pk)
    staff = request.user.is_authenticated and request.user.is_programme_staff
    if not (staff or selectors.event_is_public(event)):
        raise Http404
    method = ics.Method.CANCEL if event.is_cancelled else ics.Method.PUBLISH
    body = ics.build(_entry(event, domain=ics.domain(request)), method=method, product=PRODUCT)
    return ics.response(body, filename=f"arrangement-{event.pk}.ics")


@require_safe
def feed(request):
    """Public on purpose: the subscribable feed of the public events, coming and recent."""
    domain = ics.domain(request)
    entries = [_entry(event, domain=domain) for event in selectors.feed_events()]
    body = ics.build_feed(entries, name=_("Social economy: events"), product=PRODUCT)
    return ics.response(body, filename="arrangementer.ics", inline=True)


@require_safe
def personal_feed(request, token):
    """Public on purpose, behind its secret: the sign-ups of the key's address; those still
    waiting, offered a place or yet to confirm their address are TENTATIVE, and the online
    link is only in the entries of those who hold a place."""
    _key, rows = selectors.personal_feed_public_get(token=token)
    domain = ics.domain(request)
    entries = [
        _entry(
            signup.event,
            domain=domain,
            online=signup.holds_place,
            tentative=signup.state in selectors.TENTATIVE_STATES,
        )
        for signup in rows
    ]
    body = ics.build_feed(entries, name=_("My events"), product=PRODUCT)
    response = ics.response(body, filename="mine-arrangementer.ics", inline=True)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@role_required(EVERYONE_LOGGED_IN)
@require_http_methods(["GET", "POST"])
def calendar_key(request):
    """The person's own calendar link: made on their first POST, replaced on a later one
    (the old link stops working)."""
    email = request.user.email
    key = selectors.calendar_key_of(user=request.user)
    if request.method == "POST" and email:
        if key is None:
            services.calendar_key_get_or_create(email=email)
            messages.success(request, _("Your calendar link is ready."))
        else:
            services.calendar_key_renew(email=email)
            messages.success(
                request, _("You have a new calendar link. The old one no longer works.")
            )
        return redirect("network:calendar-key")
    link = None
    if key is not None:
        link = ics.webcal_url(request, reverse("network:personal-feed", args=[key.token]))
    return render(
        request,
        "network/events/calendar_key.html",
        {"key": key, "link": link, "email": email},
    )


urlpatterns = [
    path("<int:pk>/calendar.ics", event_ics, name="event-ics"),
    path("calendar.ics", feed, name="feed"),
    path("calendar/<str:token>.ics", personal_feed, name="personal-feed"),
    path("calendar/", calendar_key, name="calendar-key"),
]
