"""The staff's event management: the list, the event form (and its refusals), publishing,
cancelling with its e-mails, the e-mails about a changed event, a raised capacity, and the
materials."""

import datetime as dt

import icalendar
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mapping.models import FeedbackTag
from network.forms.events import MATERIAL_MAX_BYTES
from network.models import Event, Material, SignUp, Theme
from network.selectors.events import event_get_for_user, material_get_for_user
from network.services import signups
from portal.models import User
from tests.factories.network_events import EventFactory, MaterialFactory, SignUpFactory
from tests.factories.portal import UserFactory
from tests.network.event_page import event_page  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("event_page")]

ROLES = ["anonymous", *User.Role.values]
STAFF = {User.Role.PROJECT_LEADER, User.Role.CONSULTANT}
State = SignUp.State


def log_in(client, role):
    if role == "anonymous":
        return None
    user = UserFactory(role=role)
    client.force_login(user)
    return user


def refused(response, role):
    if role == "anonymous":
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    return response.status_code == 403


def form_data(organiser=None, **changes):
    """A valid post of the event form: a training in Haderslev, Danish times as typed."""
    data = {
        "title": "Kursus i sociale klausuler",
        "kind": "training",
        "audience": "staff",
        "description": "For indkøbere i kommunen.",
        "organiser": str(organiser.pk) if organiser else "",
        "starts_at": "27.11.2026 13:00",
        "ends_at": "27.11.2026 15:30",
        "place": "Rådhuset, Haderslev",
        "online_url": "",
        "capacity": "12",
        "signup_opens_at": "",
        "signup_closes_at": "26.11.2026 12:00",
        "outcome": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_data(event, **changes):
    local = timezone.localtime
    data = form_data(
        organiser=event.organiser,
        title=event.title,
        kind=event.kind,
        audience=event.audience,
        description=event.description,
        starts_at=local(event.starts_at).strftime("%d.%m.%Y %H:%M"),
        ends_at=local(event.ends_at).strftime("%d.%m.%Y %H:%M"),
        place=event.place,
        online_url=event.online_url,
        capacity=str(event.capacity),
        signup_closes_at="",
        outcome=event.outcome,
    )
    data.update(changes)
    return data


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


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_add_and_remove_materials(client, role):
    event = EventFactory()
    material = MaterialFactory(event=event)
    log_in(client, role)
    upload = SimpleUploadedFile("program.pdf", b"%PDF-1.4 program", "application/pdf")
    added = client.post(
        reverse("network:material-add", args=[event.pk]), {"title": "Program", "file": upload}
    )
    removed = client.post(reverse("network:material-delete", args=[material.pk]))
    titles = sorted(Material.objects.values_list("title", flat=True))
    if role in STAFF:
        assert (added.status_code, removed.status_code) == (302, 302)
        assert titles == ["Program"]
    else:
        assert refused(added, role) and refused(removed, role)
        assert titles == ["Slides fra mødet"]


@pytest.mark.parametrize("role", ROLES)
def test_materials_are_for_staff_and_confirmed_participants(client, role):
    material = MaterialFactory()
    user = log_in(client, role)
    url = reverse("network:material", args=[material.pk])
    if role == "anonymous":
        assert refused(client.get(url), role)
        return
    if role in STAFF:
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 slides"
        return
    assert client.get(url).status_code == 404
    signup = SignUpFactory(event=material.event, user=user, state=State.WAITING)
    assert client.get(url).status_code == 404
    for state in (State.CONFIRMED, State.ATTENDED):
        SignUp.objects.filter(pk=signup.pk).update(state=state)
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]


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
def test_the_event_selector_shows_drafts_to_staff_only(role):
    user = UserFactory(role=role) if role != "anonymous" else AnonymousUser()
    draft, published = EventFactory(draft=True), EventFactory()
    cancelled = EventFactory(cancelled=True)
    for event in (published, cancelled):
        assert event_get_for_user(user=user, pk=event.pk) == event
    if role in STAFF:
        assert event_get_for_user(user=user, pk=draft.pk, for_change=True) == draft
        assert event_get_for_user(user=user, pk=published.pk, for_change=True) == published
        return
    with pytest.raises(Http404):
        event_get_for_user(user=user, pk=draft.pk)
    with pytest.raises(PermissionDenied):
        event_get_for_user(user=user, pk=published.pk, for_change=True)


@pytest.mark.parametrize("role", ROLES)
def test_the_material_selector_for_staff_and_participants(role):
    user = UserFactory(role=role) if role != "anonymous" else AnonymousUser()
    material = MaterialFactory()
    if role in STAFF:
        assert material_get_for_user(user=user, pk=material.pk, for_change=True) == material
        return
    with pytest.raises(Http404):
        material_get_for_user(user=user, pk=material.pk)
    if role == "anonymous":
        return
    SignUpFactory(event=material.event, user=user, state=State.ATTENDED)
    assert material_get_for_user(user=user, pk=material.pk) == material
    with pytest.raises(PermissionDenied):
        material_get_for_user(user=user, pk=material.pk, for_change=True)


# --- What an edit, a publication and a cancellation set off --------------------------


def _messages(mailoutbox, to):
    return [message for message in mailoutbox if message.to == [to]]


def _calendar_of(message):
    [(_name, body, _mimetype)] = message.attachments
    return icalendar.Calendar.from_ical(body)


def test_a_changed_time_is_sent_to_the_confirmed_participants(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Netværksmøde")
    SignUpFactory(event=event, email="bekraeftet@example.dk", state=State.CONFIRMED)
    SignUpFactory(event=event, email="venter@example.dk", state=State.WAITING, position=1)
    SignUpFactory(event=event, email="afbud@example.dk", state=State.CANCELLED)
    client.force_login(leader)
    new_start = timezone.localtime(event.starts_at) + dt.timedelta(days=1)
    data = edit_data(
        event,
        starts_at=new_start.strftime("%d.%m.%Y %H:%M"),
        ends_at=(new_start + dt.timedelta(hours=2)).strftime("%d.%m.%Y %H:%M"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:event-edit", args=[event.pk]), data)
    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["bekraeftet@example.dk"]]
    calendar = _calendar_of(mailoutbox[0])
    assert calendar["method"] == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert int(vevent["sequence"]) == 1
    assert vevent["dtstart"].dt == new_start


def test_a_changed_description_is_no_news(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    SignUpFactory(event=event, state=State.CONFIRMED)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("network:event-edit", args=[event.pk]),
            edit_data(event, description="Nu med frokost."),
        )
    event.refresh_from_db()
    assert event.description == "Nu med frokost."
    assert mailoutbox == []


def test_a_changed_draft_mails_nobody(
    client, leader, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(draft=True)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:event-edit", args=[event.pk]), edit_data(event, title="Nyt"))
    event.refresh_from_db()
    assert (event.title, event.calendar_sequence, mailoutbox) == ("Nyt", 1, [])


def test_a_raised_capacity_offers_the_new_places(client, leader, monkeypatch):
    calls = []
    monkeypatch.setattr(
        signups, "offers_make_later", lambda *, event, by=None: calls.append((event.pk, by))
    )
    event = EventFactory(capacity=2)
    client.force_login(leader)
    client.post(reverse("network:event-edit", args=[event.pk]), edit_data(event, capacity="2"))
    assert calls == []
    client.post(reverse("network:event-edit", args=[event.pk]), edit_data(event, capacity="4"))
    assert calls == [(event.pk, leader)]


def test_a_raised_capacity_reaches_those_waiting(
    client, leader, monkeypatch, django_capture_on_commit_callbacks
):
    # The offer's e-mail is the sign-up views' (network_offer): here only who is told.
    told = []
    monkeypatch.setattr(signups, "notify", lambda signup, template, **kw: told.append(template))
    event = EventFactory(capacity=1)
    SignUpFactory(event=event, state=State.CONFIRMED)
    first = SignUpFactory(event=event, state=State.WAITING, position=1)
    second = SignUpFactory(event=event, state=State.WAITING, position=2)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:event-edit", args=[event.pk]), edit_data(event, capacity="2"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (State.OFFERED, State.WAITING)
    assert told == ["network_offer"]


def test_publishing_twice_is_refused_with_a_message(client, leader):
    event = EventFactory(draft=True)
    client.force_login(leader)
    client.post(reverse("network:event-publish", args=[event.pk]))
    response = client.post(reverse("network:event-publish", args=[event.pk]), follow=True)
    assert "Kun en kladde kan offentliggøres." in [str(m) for m in response.context["messages"]]
    event.refresh_from_db()
    assert event.state == Event.State.PUBLISHED


def test_a_cancellation_tells_everyone_still_expecting_to_come(
    client, consultant, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Dialogmøde")
    told = {
        "confirmed@example.dk": State.CONFIRMED,
        "waiting@example.dk": State.WAITING,
        "offered@example.dk": State.OFFERED,
        "unconfirmed@example.dk": State.UNCONFIRMED,
    }
    for email, state in told.items():
        SignUpFactory(event=event, email=email, state=state)
    SignUpFactory(event=event, email="cancelled@example.dk", state=State.CANCELLED)
    SignUpFactory(event=event, email="expired@example.dk", state=State.EXPIRED)
    client.force_login(consultant)
    page = client.get(reverse("network:event-cancel", args=[event.pk]))
    assert page.context["counts"]["told"] == 4
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:event-cancel", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.state, event.calendar_sequence) == (Event.State.CANCELLED, 1)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(told)
    calendar = _calendar_of(_messages(mailoutbox, "waiting@example.dk")[0])
    assert calendar["method"] == "CANCEL"
    [vevent] = calendar.walk("VEVENT")
    assert (str(vevent["status"]), int(vevent["sequence"])) == ("CANCELLED", 1)


def test_a_draft_cannot_be_cancelled(client, leader):
    event = EventFactory(draft=True)
    client.force_login(leader)
    response = client.post(reverse("network:event-cancel", args=[event.pk]), follow=True)
    assert "Kun et offentliggjort arrangement kan aflyses." in [
        str(m) for m in response.context["messages"]
    ]
    event.refresh_from_db()
    assert event.state == Event.State.DRAFT


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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    EventFactory.create_batch(10)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
    row = next(item for item in response.context["events"] if item.pk == event.pk)
    assert (row.taken_count, row.waiting_count, row.offered_count) == (3, 2, 1)
    assert "3 / 3" in response.content.decode()


# --- Materials -----------------------------------------------------------------------


def test_a_material_is_stored_privately(client, leader):
    event = EventFactory()
    client.force_login(leader)
    upload = SimpleUploadedFile("program.pdf", b"%PDF-1.4 program", "application/pdf")
    client.post(
        reverse("network:material-add", args=[event.pk]), {"title": "Program", "file": upload}
    )
    material = Material.objects.get()
    assert (material.event, material.uploaded_by) == (event, leader)
    with pytest.raises(ValueError, match="private"):
        material.file.url  # noqa: B018 - no public URL reaches it


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("program.exe", 100, "extension"),
        ("program.html", 100, "extension"),
        ("stor.pdf", MATERIAL_MAX_BYTES + 1, "at most"),
    ],
)
def test_a_bad_material_is_refused_at_the_file(client, leader, name, size, message, settings):
    settings.LANGUAGE_CODE = "en"
    event = EventFactory()
    client.force_login(leader)
    upload = SimpleUploadedFile(name, b"x" * size)
    response = client.post(
        reverse("network:material-add", args=[event.pk]),
        {"title": "Program", "file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["material_form"].errors["file"])
    assert not Material.objects.exists()


def test_a_removed_materials_file_is_gone_too(client, leader, django_capture_on_commit_callbacks):
    material = MaterialFactory()
    name, storage = material.file.name, material.file.storage
    assert storage.exists(name)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("network:material-delete", args=[material.pk]))
    assert not Material.objects.exists()
    assert not storage.exists(name)


def test_the_edit_page_lists_the_materials(client, leader):
    material = MaterialFactory(title="Referat")
    client.force_login(leader)
    page = client.get(reverse("network:event-edit", args=[material.event.pk])).content.decode()
    assert "Referat" in page
    assert reverse("network:material", args=[material.pk]) in page


def test_the_pages_show_danish_dates(client, leader):
    EventFactory(starts_at=dt.datetime(2026, 11, 27, 13, 0, tzinfo=dt.UTC))
    client.force_login(leader)
    page = client.get(reverse("network:event-list-staff")).content.decode()
    assert "27.11.2026 14:00" in page
