"""Many people at once, on PostgreSQL with real transactions and a connection per thread:
the row lock on the event serves them one after the other, so an event is never overbooked
and its waiting list keeps the order in which they were served."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from network.models import SignUp
from network.services import signups as services
from portal.models import User
from tests.conftest import make_user
from tests.network.signup_helpers import make_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
State = SignUp.State


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite takes one writer at a time")


def at_once(count, work):
    """Run `work(n)` for n in 0..count-1 in `count` threads released together, each with its
    own database connection; return what each gave (or the exception it raised)."""
    barrier = threading.Barrier(count)

    def run(n):
        try:
            barrier.wait()
            return work(n)
        except Exception as error:  # noqa: BLE001 - the test looks at it
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_thirty_at_once_for_five_places():
    staff = make_user("konsulent", User.Role.CONSULTANT)
    event = make_event(capacity=5)

    def sign_up(n):
        return services.signup_create(
            event=event, name=f"Person {n}", email=f"p{n}@example.dk", by=staff
        ).pk

    results = at_once(30, sign_up)
    assert not [r for r in results if isinstance(r, Exception)]
    signups = list(event.signups.order_by("created_at", "pk"))
    assert [s.state for s in signups].count(State.CONFIRMED) == 5
    waiting = [s for s in signups if s.state == State.WAITING]
    assert len(waiting) == 25
    # In the order they were served (created_at is read under the lock): 1, 2, … 25.
    assert [s.position for s in waiting] == list(range(1, 26))
    last_confirmed = max(s.created_at for s in signups if s.state == State.CONFIRMED)
    assert all(s.created_at > last_confirmed for s in waiting)


def test_cancelling_accepting_and_offering_at_once_never_overbook():
    staff = make_user("konsulent", User.Role.CONSULTANT)
    event = make_event(capacity=3)
    people = [
        services.signup_create(event=event, name=f"P {n}", email=f"p{n}@example.dk", by=staff)
        for n in range(12)
    ]
    for round_ in range(3):
        current = list(event.signups.all())
        confirmed = [s for s in current if s.state == State.CONFIRMED]
        offered = [s for s in current if s.state == State.OFFERED]
        work = [lambda s=s: services.signup_cancel(signup=s) for s in confirmed[:1]]
        work += [lambda s=s: services.offer_accept(signup=s) for s in offered]
        work += [lambda: services.offers_make(event=event)] * 4
        results = at_once(len(work), lambda n, work=work: work[n]())
        errors = [r for r in results if isinstance(r, Exception)]
        assert all(isinstance(e, ValidationError) for e in errors), (round_, errors)
        assert services.places_taken(event) <= event.capacity, round_
    assert services.places_taken(event) == event.capacity
    # Three cancelled, one a round; their places went to the first three in line (people
    # 3, 4 and 5), who hold them now; the rest still wait, in their order, each once.
    for person in people:
        person.refresh_from_db()
    cancelled = {p.pk for p in people if p.state == State.CANCELLED}
    holders = {p.pk for p in people if p.state in SignUp.HOLDS_PLACE}
    assert len(cancelled) == 3
    assert cancelled | holders == {p.pk for p in people[:6]}
    waiting = sorted((p for p in people if p.state == State.WAITING), key=lambda p: p.position)
    assert [p.pk for p in waiting] == [p.pk for p in people[6:]]


def test_confirming_by_link_at_once_for_the_last_places():
    """Ten people who signed up without logging in follow their links at once, racing for
    the last two places: two get them, eight wait, each on a place of their own in line."""
    staff = make_user("konsulent", User.Role.CONSULTANT)
    event = make_event(capacity=5)
    for n in range(3):
        services.signup_create(event=event, name=f"P {n}", email=f"p{n}@example.dk", by=staff)
    unconfirmed = [
        services.signup_create(event=event, name=f"Q {n}", email=f"q{n}@example.dk")
        for n in range(10)
    ]
    assert {s.state for s in unconfirmed} == {State.UNCONFIRMED}

    results = at_once(10, lambda n: services.signup_confirm_email(signup=unconfirmed[n]))
    assert not [r for r in results if isinstance(r, Exception)]
    assert services.places_taken(event) == event.capacity
    confirmed = [r for r in results if r.state == State.CONFIRMED]
    waiting = sorted((r for r in results if r.state == State.WAITING), key=lambda r: r.position)
    assert (len(confirmed), len(waiting)) == (2, 8)
    assert [r.position for r in waiting] == list(range(1, 9))
    # Stored as answered: a second click changes nothing.
    again = [services.signup_confirm_email(signup=s) for s in unconfirmed]
    assert [(s.state, s.position) for s in again] == [(r.state, r.position) for r in results]
