"""The staff's event management: who may use the pages, the event form and its refusals,
the event selector, and the list's counts."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mapping.models import FeedbackTag
from network.models import Event, SignUp, Theme
from network.selectors.events import event_get_for_user
from tests.factories.network_events import EventFactory, SignUpFactory
from tests.factories.portal import UserFactory
from tests.network.event_forms import edit_data, form_data
from tests.network.roles import ROLES, STAFF, log_in, refused

pytestmark = [pytest.mark.django_db]

State = SignUp.State


# --- Who may do what -----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_see_the_staff_list(client, role):
    EventFactory(title="Kladden", draft=True)
    log_in(client, role)
    response = client.get(reverse("network:event-list-staff"))
    if role in STAFF:
        assert response.status_code == 200
        assert [event.title for event in response.context["events"]] == ["Kladden"]
    else:
        assert refused(response, role)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_create_events(client, role):
    user = log_in(client, role)
    response = client.post(reverse("network:event-create"), form_data(organiser=user))
    if role in STAFF:
        assert response.status_code == 302
        event = Event.objects.get()
        assert event.state == Event.State.DRAFT
        assert event.organiser == user
    else:
        assert refused(response, role)
        assert not Event.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_edit_events(client, role):
    event = EventFactory(title="Før")
    log_in(client, role)
    response = client.post(
        reverse("network:event-edit", args=[event.pk]), edit_data(event, title="Efter")
    )
    event.refresh_from_db()
    if role in STAFF:
        assert response.status_code == 302
        assert event.title == "Efter"
    else:
        assert refused(response, role)
        assert event.title == "Før"


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_publish(client, role):
    event = EventFactory(draft=True)
    log_in(client, role)
    response = client.post(reverse("network:event-publish", args=[event.pk]))
    event.refresh_from_db()
    if role in STAFF:
        assert response.status_code == 302
        assert event.state == Event.State.PUBLISHED
    else:
        assert refused(response, role)
        assert event.state == Event.State.DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_cancel(client, role, mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory()
    SignUpFactory(event=event)
    log_in(client, role)
    page = client.get(reverse("network:event-cancel", args=[event.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:event-cancel", args=[event.pk]))
    event.refresh_from_db()
    if role in STAFF:
        assert page.status_code == 200
        assert response.status_code == 302
        assert event.state == Event.State.CANCELLED
        assert len(mailoutbox) == 1
    else:
        assert refused(page, role) and refused(response, role)
        assert event.state == Event.State.PUBLISHED
        assert mailoutbox == []


# --- The form and its refusals -------------------------------------------------------


def test_a_new_event_takes_danish_times_in_danish_time(client, leader, consultant):
    tag = FeedbackTag.objects.create(name="Indkøb")
    theme = Theme.objects.create(name="Beskæftigelse")
    client.force_login(leader)
    response = client.post(
        reverse("network:event-create"),
        form_data(organiser=consultant, themes=[tag.pk], network_themes=[theme.pk]),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.starts_at == dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
    assert event.ends_at == dt.datetime(2026, 11, 27, 14, 30, tzinfo=dt.UTC)
    assert event.organiser == consultant
    assert list(event.themes.all()) == [tag]
    assert list(event.network_themes.all()) == [theme]
    assert event.calendar_sequence == 0


def test_the_browsers_picker_format_is_read_too(client, leader):
    client.force_login(leader)
    data = form_data(
        organiser=leader,
        starts_at="2026-11-27T13:00",
        ends_at="2026-11-27T15:00",
        signup_closes_at="",
    )
    assert client.post(reverse("network:event-create"), data).status_code == 302
    assert Event.objects.get().starts_at == dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "27.11.2026 12:00"}, "ends_at", "end after it starts"),
        ({"signup_closes_at": "28.11.2026 12:00"}, "signup_closes_at", "close before the event"),
        (
            {"signup_opens_at": "26.11.2026 12:00", "signup_closes_at": "25.11.2026 12:00"},
            "signup_closes_at",
            "close after it opens",
        ),
        ({"place": "", "online_url": ""}, "place", "address or an online link"),
        ({"starts_at": "31.02.2026 10:00"}, "starts_at", None),
        ({"capacity": "0"}, "capacity", None),
        ({"title": ""}, "title", None),
        ({"kind": ""}, "kind", None),
        ({"organiser": ""}, "organiser", None),
        ({"online_url": "ikke et link", "place": ""}, "online_url", None),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(
    client, leader, changes, field, message, settings
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(leader)
    response = client.post(
        reverse("network:event-create"),
        {**form_data(organiser=leader), **changes},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])
    assert not Event.objects.exists()


def test_a_bad_edit_changes_nothing(client, leader):
    event = EventFactory(title="Før")
    client.force_login(leader)
    data = edit_data(event, title="Efter", place="", online_url="")
    response = client.post(reverse("network:event-edit", args=[event.pk]), data)
    assert response.status_code == 200
    assert "place" in response.context["form"].errors
    event.refresh_from_db()
    assert (event.title, event.calendar_sequence) == ("Før", 0)


def test_the_outcome_is_written_after_the_event(client, consultant):
    event = EventFactory(past=True)
    client.force_login(consultant)
    data = edit_data(event, outcome="To nye leverandøraftaler.")
    assert client.post(reverse("network:event-edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert event.outcome == "To nye leverandøraftaler."
    assert event.calendar_sequence == 0


def test_an_edit_form_carries_the_fingerprint_of_concurrent_edits(client, leader):
    event = EventFactory()
    client.force_login(leader)
    response = client.get(reverse("network:event-edit", args=[event.pk]))
    assert 'name="edit_fingerprint"' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_event_selector_is_for_staff_only(role):
    user = UserFactory(role=role) if role != "anonymous" else AnonymousUser()
    events = (EventFactory(draft=True), EventFactory(), EventFactory(cancelled=True))
    for event in events:
        if role in STAFF:
            assert event_get_for_user(user=user, pk=event.pk, for_change=True) == event
        else:
            with pytest.raises(Http404):
                event_get_for_user(user=user, pk=event.pk)


def test_the_pages_show_danish_dates(client, leader):
    EventFactory(starts_at=dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC))
    client.force_login(leader)
    page = client.get(reverse("network:event-list-staff")).content.decode()
    assert "27.11.2026 14:00" in page


def test_the_staff_list_counts_places_waiting_and_offers(client, leader, django_assert_num_queries):
    event = EventFactory(capacity=3)
    SignUpFactory(event=event, state=State.CONFIRMED)
    SignUpFactory(event=event, state=State.ATTENDED)
    SignUpFactory(event=event, state=State.OFFERED)
    SignUpFactory.create_batch(2, event=event, state=State.WAITING)
    SignUpFactory(event=event, state=State.CANCELLED)
    EventFactory.create_batch(3)
    client.force_login(leader)
    url = reverse("network:event-list-staff")
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    EventFactory.create_batch(10)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
    row = next(item for item in response.context["events"] if item.pk == event.pk)
    assert (row.taken_count, row.waiting_count, row.offered_count) == (3, 2, 1)
    assert "3 / 3" in response.content.decode()
