"""The staff's participant pages of an event: seats, offers, the waiting list moved by hand,
adding and cancelling someone, and the attendance checklist."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from network.models import Event, SignUp
from tests.network.staff_world import (
    add_signup,
    in_days,
    make_department,
    make_event,
    record_notices,
)

pytestmark = pytest.mark.django_db

State = SignUp.State


def da(message):
    """A message of the sign-up state machine as a Danish reader gets it (the state
    machine's own tests pin its wording)."""
    with translation.override("da"):
        return translation.gettext(message)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture(autouse=True)
def notices(monkeypatch):
    return record_notices(monkeypatch)


@pytest.fixture
def event(db):
    return make_event(capacity=3)


@pytest.fixture
def full(event):
    """Two confirmed, one open offer, three waiting (in an order that is not their order
    of signing up), one unconfirmed, two cancelled, one expired."""
    people = {
        "anna": add_signup(event, "Anna Andersen"),
        "birgit": add_signup(event, "Birgit Bach"),
        "offer": add_signup(event, "Ole Olsen", State.OFFERED),
        "w3": add_signup(event, "Willy Wulff", State.WAITING, position=30),
        "w1": add_signup(event, "Vera Vang", State.WAITING, position=10),
        "w2": add_signup(event, "Xenia Xu", State.WAITING, position=20),
        "new": add_signup(event, "Ulla Ude", State.UNCONFIRMED),
        "gone": add_signup(event, "Carl Clausen", State.CANCELLED),
        "gone2": add_signup(event, "Dorte Dahl", State.CANCELLED),
        "late": add_signup(event, "Erik Eg", State.EXPIRED),
    }
    return people


def waiting_names(event):
    return list(
        event.signups.filter(state=State.WAITING)
        .order_by("position")
        .values_list("name", flat=True)
    )


def test_it_shows_seats_offers_and_the_waiting_list_in_order(client, leader, event, full):
    client.force_login(leader)
    response = client.get(reverse("network:participants", args=[event.pk]))
    assert response.status_code == 200
    participants = response.context["participants"]
    assert participants.taken == 3
    assert [s.name for s in participants.confirmed] == ["Anna Andersen", "Birgit Bach"]
    assert [s.name for s in participants.offered] == ["Ole Olsen"]
    assert [s.name for s in participants.waiting] == ["Vera Vang", "Xenia Xu", "Willy Wulff"]
    assert [s.name for s in participants.unconfirmed] == ["Ulla Ude"]
    assert (participants.cancelled_count, participants.expired_count) == (2, 1)
    page = response.content.decode()
    assert "3 af 3" in page
    deadline = timezone.localtime(full["offer"].offer_expires_at).strftime("%d.%m.%Y %H:%M")
    assert deadline in page
    assert page.index("Vera Vang") < page.index("Xenia Xu") < page.index("Willy Wulff")
    # The cancelled and expired are counted, not listed.
    assert "Carl Clausen" not in page
    assert "Erik Eg" not in page


def test_the_page_costs_the_same_queries_however_many_signed_up(client, leader):
    client.force_login(leader)
    small, large = make_event(capacity=2), make_event(capacity=40)
    department = make_department("Børn og Familie")
    for number in range(2):
        add_signup(small, f"Person {number}", email=f"p{number}@example.dk")
        add_signup(small, f"Venter {number}", State.WAITING, email=f"v{number}@example.dk")
    for number in range(40):
        add_signup(large, f"Person {number}", email=f"p{number}@example.dk", department=department)
        add_signup(large, f"Venter {number}", State.WAITING, email=f"v{number}@example.dk")
        add_signup(large, f"Ny {number}", State.UNCONFIRMED, email=f"n{number}@example.dk")
    counts = []
    for event in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("network:participants", args=[event.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("who", "direction", "order"),
    [
        ("w2", "up", ["Xenia Xu", "Vera Vang", "Willy Wulff"]),
        ("w1", "down", ["Xenia Xu", "Vera Vang", "Willy Wulff"]),
        ("w3", "top", ["Willy Wulff", "Vera Vang", "Xenia Xu"]),
        ("w1", "up", ["Vera Vang", "Xenia Xu", "Willy Wulff"]),
    ],
)
def test_staff_move_people_on_the_waiting_list(
    client, consultant, event, full, who, direction, order
):
    client.force_login(consultant)
    response = client.post(
        reverse("network:waiting-move", args=[full[who].pk]), {"direction": direction}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("network:participants", args=[event.pk]) + "#waiting"
    )
    assert waiting_names(event) == order


def test_a_bad_move_is_refused_with_a_message(client, consultant, event, full):
    client.force_login(consultant)
    response = client.post(
        reverse("network:waiting-move", args=[full["w2"].pk]), {"direction": "sideways"}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Vælg op, ned eller øverst."]
    assert waiting_names(event) == ["Vera Vang", "Xenia Xu", "Willy Wulff"]


def test_only_someone_waiting_can_be_moved(client, consultant, event, full):
    client.force_login(consultant)
    response = client.post(
        reverse("network:waiting-move", args=[full["anna"].pk]), {"direction": "top"}
    )
    assert messages_of(response) == [da("Only someone on the waiting list can be moved.")]
    full["anna"].refresh_from_db()
    assert full["anna"].state == State.CONFIRMED


def test_cancelling_asks_first_then_offers_the_place_to_the_next(
    client, leader, event, full, notices, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    url = reverse("network:signup-cancel-staff", args=[full["anna"].pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Anna Andersen" in page.content.decode()
    full["anna"].refresh_from_db()
    assert full["anna"].state == State.CONFIRMED  # nothing happened on GET
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    full["anna"].refresh_from_db()
    assert full["anna"].state == State.CANCELLED
    assert full["anna"].cancelled_by == leader
    # The place went to the first in line, by the background job, with an e-mail.
    full["w1"].refresh_from_db()
    assert full["w1"].state == State.OFFERED
    assert notices == [
        ("network_signup_cancelled", "anna@example.dk"),
        ("network_offer", "vera@example.dk"),
    ]


def test_a_cancelled_sign_up_cannot_be_cancelled_again(client, leader, full):
    client.force_login(leader)
    response = client.post(reverse("network:signup-cancel-staff", args=[full["gone"].pk]))
    assert response.status_code == 302
    assert messages_of(response) == [da("This sign-up cannot be cancelled.")]


def _add(client, event, **data):
    values = {"name": "Hanne Holm", "email": "hanne@haderslev.dk", "organisation_name": ""}
    values.update(data)
    return client.post(
        reverse("network:participant-add", args=[event.pk]),
        {f"add-{key}": value for key, value in values.items()},
    )


def test_staff_add_someone_to_an_invited_only_event(client, consultant, notices):
    event = make_event(audience=Event.Audience.INVITED, capacity=1)
    department = make_department("Teknik og Miljø")
    client.force_login(consultant)
    response = _add(client, event, department=department.pk)
    assert response.status_code == 302
    signup = event.signups.get()
    assert (signup.name, signup.state, signup.department) == (
        "Hanne Holm",
        State.CONFIRMED,
        department,
    )
    assert messages_of(response) == ["Hanne Holm har en plads."]
    assert notices == [("network_signup_confirmed", "hanne@haderslev.dk")]
    # The next goes on the waiting list at once.
    response = _add(client, event, name="Ib Isaksen", email="ib@example.dk")
    assert event.signups.get(name="Ib Isaksen").state == State.WAITING
    assert messages_of(response)[-1] == "Ib Isaksen blev sat på ventelisten."


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Dette felt er påkrævet."),
        ({"email": "ikke-en-adresse"}, "email", "Indtast en gyldig e-mail-adresse."),
        (
            {"department": "99999"},
            "department",
            "Marker en gyldig valgmulighed. Det valg, du har foretaget, er ikke blandt de "
            "tilgængelige valgmuligheder.",
        ),
    ],
)
def test_bad_input_to_add_is_refused_at_the_field(client, consultant, event, data, field, message):
    client.force_login(consultant)
    response = _add(client, event, **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not event.signups.exists()


def test_someone_signed_up_already_is_not_added_twice(client, consultant, event, full):
    client.force_login(consultant)
    response = _add(client, event, email="ANNA@example.dk")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        da("This e-mail address is already signed up for the event.")
    ]
    assert event.signups.filter(email__iexact="anna@example.dk").count() == 1


def test_nobody_is_added_to_a_cancelled_event(client, consultant):
    event = make_event(state=Event.State.CANCELLED)
    client.force_login(consultant)
    response = _add(client, event)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [da("This event takes no more sign-ups.")]
    assert not event.signups.exists()


# --- Attendance ------------------------------------------------------------------------


@pytest.fixture
def today():
    """An event that began an hour ago, with three confirmed participants and one waiting."""
    now = timezone.now()
    event = make_event(starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1))
    return {
        "event": event,
        "anna": add_signup(event, "Anna Andersen"),
        "birgit": add_signup(event, "Birgit Bach", State.ATTENDED),
        "carl": add_signup(event, "Carl Clausen"),
        "waiting": add_signup(event, "Vera Vang", State.WAITING),
    }


def test_the_checklist_lists_the_confirmed_with_counts(client, consultant, today):
    client.force_login(consultant)
    response = client.get(reverse("network:attendance", args=[today["event"].pk]))
    assert [s.name for s in response.context["people"]] == [
        "Anna Andersen",
        "Birgit Bach",
        "Carl Clausen",
    ]
    assert (response.context["attended"], response.context["not_attended"]) == (1, 2)
    page = response.content.decode()
    assert "Vera Vang" not in page
    # One form per person with one big button that says whether they came.
    assert page.count('aria-pressed="true"') == 1
    assert page.count('aria-pressed="false"') == 2
    assert page.count("btn-lg w-100") == 3


def test_marking_returns_to_the_row(client, consultant, today):
    client.force_login(consultant)
    anna = today["anna"]
    response = client.post(reverse("network:attendance-mark", args=[anna.pk]), {"attended": "1"})
    assert response["Location"] == (
        reverse("network:attendance", args=[today["event"].pk]) + f"#signup-{anna.pk}"
    )
    anna.refresh_from_db()
    assert anna.state == State.ATTENDED
    # And undone.
    client.post(reverse("network:attendance-mark", args=[anna.pk]), {"attended": "0"})
    anna.refresh_from_db()
    assert anna.state == State.CONFIRMED


def test_someone_waiting_cannot_be_marked(client, consultant, today):
    client.force_login(consultant)
    waiting = today["waiting"]
    response = client.post(reverse("network:attendance-mark", args=[waiting.pk]), {"attended": "1"})
    assert messages_of(response) == [da("Only confirmed participants can be marked.")]
    waiting.refresh_from_db()
    assert waiting.state == State.WAITING


def test_a_bad_mark_is_refused(client, consultant, today):
    client.force_login(consultant)
    response = client.post(
        reverse("network:attendance-mark", args=[today["anna"].pk]), {"attended": "maybe"}
    )
    assert messages_of(response) == ["Angiv, om personen deltog."]
    today["anna"].refresh_from_db()
    assert today["anna"].state == State.CONFIRMED


def test_marking_before_the_event_day_is_refused(client, consultant):
    event = make_event(starts_at=in_days(2), ends_at=in_days(2, hour=12))
    signup = add_signup(event, "Anna Andersen")
    client.force_login(consultant)
    page = client.get(reverse("network:attendance", args=[event.pk])).content.decode()
    assert "Fremmøde registreres, når arrangementet er begyndt." in page
    assert page.count("disabled") == 1
    response = client.post(reverse("network:attendance-mark", args=[signup.pk]), {"attended": "1"})
    assert messages_of(response) == ["Fremmøde registreres, når arrangementet er begyndt."]
    signup.refresh_from_db()
    assert signup.state == State.CONFIRMED


def test_the_checklist_costs_the_same_queries_however_many(client, consultant):
    client.force_login(consultant)
    now = timezone.now()
    counts = []
    for size in (2, 40):
        event = make_event(
            starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
        )
        department = make_department(f"Skoler {size}", parent=make_department(f"Børn {size}"))
        for number in range(size):
            add_signup(
                event, f"Person {number}", email=f"p{number}@example.dk", department=department
            )
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("network:attendance", args=[event.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1]
