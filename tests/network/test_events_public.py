"""The public side of the events: the coming events with their filters, the past events
with what came out of them, and the coming events on the home page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Event, SignUp
from portal import registry
from tests.factories.network_events import EventFactory, SignUpFactory, days

pytestmark = [pytest.mark.django_db]


def titles(response):
    return [event.title for event in response.context["events"]]


def test_it_lists_coming_published_events_for_the_public(client):
    EventFactory(title="Lancering", kind=Event.Kind.LAUNCH, starts_at=days(3))
    EventFactory(title="For medlemmer", audience=Event.Audience.MEMBERS, starts_at=days(4))
    EventFactory(title="Kladde", draft=True)
    EventFactory(title="Kun inviterede", audience=Event.Audience.INVITED)
    EventFactory(title="Aflyst", cancelled=True)
    EventFactory(title="Forbi", past=True)
    response = client.get(reverse("network:events"))
    assert response.status_code == 200
    assert titles(response) == ["Lancering", "For medlemmer"]
    page = response.content.decode()
    event = Event.objects.get(title="Lancering")
    assert f'href="{reverse("network:event", args=[event.pk])}"' in page
    assert "webcal://testserver/network/calendar.ics" in page


def test_an_event_that_has_begun_but_not_ended_is_still_coming(client):
    EventFactory(title="I gang", starts_at=timezone.now() - dt.timedelta(hours=1))
    assert titles(client.get(reverse("network:events"))) == ["I gang"]


def test_it_filters_by_kind(client):
    EventFactory(title="Lancering", kind=Event.Kind.LAUNCH)
    EventFactory(title="Kursus", kind=Event.Kind.TRAINING, audience=Event.Audience.STAFF)
    response = client.get(reverse("network:events"), {"kind": "training"})
    assert titles(response) == ["Kursus"]


def test_it_filters_by_month_with_danish_month_names(client):
    soon, later = days(1), days(70)
    EventFactory(title="Snart", starts_at=soon)
    EventFactory(title="Senere", starts_at=later)
    month = timezone.localtime(later).strftime("%Y-%m")
    response = client.get(reverse("network:events"), {"month": month})
    assert titles(response) == ["Senere"]
    names = [
        "januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
        "september", "oktober", "november", "december",
    ]  # fmt: skip
    expected = f"{names[timezone.localtime(later).month - 1]} {timezone.localtime(later).year}"
    assert expected in response.content.decode()


def test_a_month_not_offered_is_refused_at_its_field(client):
    EventFactory(title="Snart")
    response = client.get(reverse("network:events"), {"month": "1999-01"})
    assert response.status_code == 200
    assert "month" in response.context["filter"].form.errors


def test_it_filters_by_place_blind_to_case_and_accents(client):
    EventFactory(title="På Årø", place="Årø Forsamlingshus")
    EventFactory(title="I Vojens", place="Vojens Bibliotek")
    EventFactory(title="Online", place="", online_url="https://møde.example.dk/abc")
    assert titles(client.get(reverse("network:events"), {"place": "årø"})) == ["På Årø"]
    assert titles(client.get(reverse("network:events"), {"place": "VOJENS"})) == ["I Vojens"]
    assert titles(client.get(reverse("network:events"), {"place": "online"})) == ["Online"]


def test_it_is_paginated(client):
    for index in range(25):
        EventFactory(title=f"Møde {index:02d}", starts_at=days(1 + index))
    first = client.get(reverse("network:events"))
    second = client.get(reverse("network:events"), {"page": 2})
    assert len(first.context["events"]) == 20
    assert titles(second) == [f"Møde {index:02d}" for index in range(20, 25)]


def _bulk_events(count, *, past=False):
    start = days(-30) if past else days(1)
    step = -1 if past else 1
    Event.objects.bulk_create(
        Event(
            title=f"Arrangement {index}",
            description="Om socialøkonomi.",
            kind=Event.Kind.NETWORK,
            place="Haderslev",
            starts_at=start + dt.timedelta(hours=step * 3 * index),
            ends_at=start + dt.timedelta(hours=step * 3 * index + 2),
            capacity=10,
            state=Event.State.PUBLISHED,
            outcome="Gode idéer." if past else "",
        )
        for index in range(count)
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("name", ["network:events", "network:past-events", "home"])
def test_the_lists_cost_the_same_queries_at_10_and_at_1000_events(
    client, name, django_assert_num_queries
):
    url = reverse(name)
    _bulk_events(5)
    _bulk_events(5, past=True)
    client.get(url)  # warm caches (content types, templates)
    small = _queries(client, url)
    _bulk_events(495)
    _bulk_events(495, past=True)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= 4


def test_the_filtered_list_costs_the_same_queries_at_10_and_at_1000_events(client):
    url = reverse("network:events") + "?kind=network&place=haderslev"
    _bulk_events(10)
    client.get(url)
    small = _queries(client, url)
    _bulk_events(990)
    assert _queries(client, url) == small


def test_past_events_show_what_came_out_of_them_and_only_counts(client):
    event = EventFactory(
        title="Forbi", past=True, outcome="Tre nye samarbejder om indkøb.", capacity=30
    )
    for index in range(7):
        SignUpFactory(event=event, name=f"Hemmelig Person {index}", state=SignUp.State.ATTENDED)
    for index in range(2):
        SignUpFactory(event=event, name=f"Udeblevet {index}", state=SignUp.State.CONFIRMED)
    SignUpFactory(event=event, name="Afbud", state=SignUp.State.CANCELLED)
    EventFactory(title="Kommer", starts_at=days(2))
    EventFactory(title="Aflyst og forbi", past=True, cancelled=True)
    response = client.get(reverse("network:past-events"))
    assert titles(response) == ["Forbi"]
    page = response.content.decode()
    assert "Tre nye samarbejder om indkøb." in page
    assert "Hemmelig Person" not in page and "Udeblevet" not in page
    row = response.context["events"][0]
    assert (row.signed_up_count, row.attended_count) == (9, 7)
    assert f'href="{reverse("network:event", args=[event.pk])}"' in page


def test_small_counts_of_past_participants_are_shown_as_under_five(client):
    event = EventFactory(title="Lille møde", past=True)
    SignUpFactory.create_batch(2, event=event, state=SignUp.State.ATTENDED)
    page = client.get(reverse("network:past-events")).content.decode()
    assert "under 5" in page
    assert ": 2" not in page


def test_the_home_page_shows_the_next_three_public_events(client):
    for index in range(4):
        EventFactory(title=f"Arrangement {index}", starts_at=days(index + 1))
    EventFactory(title="Kladden", draft=True, starts_at=days(1, hour=9))
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert [f"Arrangement {index}" in page for index in range(4)] == [True, True, True, False]
    assert "Kladden" not in page
    assert f'href="{reverse("network:events")}"' in page


def test_the_home_page_says_when_no_events_are_planned(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f'href="{reverse("network:events")}"' in response.content.decode()


def test_the_dashboard_of_a_logged_in_person_is_not_the_home_page(client, alice):
    EventFactory(title="Lancering")
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert "sections" not in response.context


def test_home_sections_come_in_their_order(rf, monkeypatch):
    monkeypatch.setattr(registry, "_home_section_providers", [])
    late = registry.HomeSection("late.html", order=50)
    early = registry.HomeSection("early.html", {"a": 1}, order=10)
    provider = registry.register_home_sections(lambda request: [late, early])
    registry.register_home_sections(provider)  # a second registration changes nothing
    assert registry.home_sections(rf.get("/")) == [early, late]
