"""Where the training of the municipality's staff has reached: per department, who signed up
for and attended the training events, and which departments it has not reached yet."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Event, SignUp
from network.selectors.departments import training_reach
from tests.network.staff_world import add_signup, in_days, make_department, make_event

pytestmark = pytest.mark.django_db

State = SignUp.State


@pytest.fixture
def trained(db):
    children = make_department("Børn og Familie")
    schools = make_department("Skoler", parent=children)
    technical = make_department("Teknik og Miljø")
    culture = make_department("Kultur og Fritid")
    make_department("Arbejdsmarked", active=False)
    past = make_event(
        kind=Event.Kind.TRAINING,
        audience=Event.Audience.STAFF,
        starts_at=in_days(-10),
        ends_at=in_days(-10, hour=12),
        capacity=10,
    )
    coming = make_event(kind=Event.Kind.TRAINING, audience=Event.Audience.STAFF, capacity=10)
    cancelled = make_event(kind=Event.Kind.TRAINING, state=Event.State.CANCELLED)
    network = make_event(kind=Event.Kind.NETWORK, starts_at=in_days(-3), ends_at=in_days(-3, 12))
    add_signup(past, "Anna Andersen", State.ATTENDED, department=children)
    add_signup(past, "Bo Bech", State.ATTENDED, department=schools)
    add_signup(past, "Bodil Berg", State.CONFIRMED, department=schools)  # did not come
    add_signup(past, "Carl Clausen", State.CANCELLED, department=technical)
    add_signup(past, "Dorte Dahl", State.ATTENDED)  # no department given
    add_signup(coming, "Bo Bech", State.CONFIRMED, department=schools, email="bo2@example.dk")
    add_signup(coming, "Tina Thomsen", State.WAITING, department=technical)
    add_signup(cancelled, "Kim Kjær", State.CONFIRMED, department=culture)
    add_signup(network, "Kurt Krog", State.ATTENDED, department=culture)
    return {"children": children, "schools": schools, "technical": technical, "culture": culture}


def test_it_counts_sign_ups_and_attendance_per_department(trained):
    reach = training_reach()
    rows = {d.name: (d.signed_up, d.attended, d.events_attended) for d in reach.departments}
    assert rows == {
        "Arbejdsmarked": (0, 0, 0),
        "Børn og Familie": (1, 1, 1),
        "Skoler": (3, 1, 1),
        # A cancelled sign-up is not counted; a place on the waiting list is.
        "Teknik og Miljø": (1, 0, 0),
        # A cancelled training, and a network meeting, are not training.
        "Kultur og Fritid": (0, 0, 0),
    }
    assert (reach.events, reach.signed_up, reach.attended, reach.without_department) == (
        2,
        6,
        3,
        1,
    )
    # Active departments nobody has attended from; the closed one is not counted.
    assert [d.name for d in reach.not_reached] == ["Kultur og Fritid", "Teknik og Miljø"]


def test_the_page_shows_where_training_has_not_reached(client, consultant, trained):
    client.force_login(consultant)
    response = client.get(reverse("network:training-reach"))
    assert response.status_code == 200
    page = response.content.decode()
    section = page[page.index('id="not-reached"') : page.index("Pr. forvaltning")]
    assert "Kultur og Fritid" in section and "Teknik og Miljø" in section
    assert "Skoler" not in section
    assert "(1 tilmeldt)" in section


def test_the_page_costs_the_same_queries_however_many(client, consultant):
    client.force_login(consultant)
    counts = []
    for size in (2, 25):
        event = make_event(kind=Event.Kind.TRAINING, capacity=100)
        for number in range(size):
            department = make_department(f"Forvaltning {size}-{number}")
            unit = make_department(f"Enhed {number}", parent=department)
            add_signup(event, f"P {number}", department=unit, email=f"{size}-{number}@x.dk")
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("network:training-reach"))
        counts.append(len(queries))
    assert counts[0] == counts[1]
