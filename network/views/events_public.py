"""The public side of the events: coming events (filtered by kind, month and place), past
events with what came out of them, and the coming events on the home page. Public on
purpose: anyone may read them, logged in or not."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_safe

from network.selectors import events as selectors
from portal import ics
from portal.registry import HomeSection

PAGE_SIZE = 20


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def events(request):
    filterset, queryset = selectors.event_list_public(params=request.GET)
    page = _page(request, queryset)
    return render(
        request,
        "network/events/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "events": list(page.object_list),
            "feed_url": ics.webcal_url(request, reverse("network:feed")),
        },
    )


@require_safe
def past_events(request):
    page = _page(request, selectors.event_list_past())
    return render(
        request,
        "network/events/past_list.html",
        {"page": page, "events": list(page.object_list)},
    )


def home_sections(request):
    """The coming events on the public home page (portal.registry.register_home_sections)."""
    return [
        HomeSection(
            "network/events/includes/home_section.html",
            {"events": selectors.home_events()},
            order=20,
        )
    ]


urlpatterns = [
    path("", events, name="events"),
    path("past/", past_events, name="past-events"),
]
