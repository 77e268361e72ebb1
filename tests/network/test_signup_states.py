"""The sign-up state machine: confirmed, waiting, offered, expired, cancelled, attended; a
place that frees up goes to the first waiting, an offer not taken up passes on, and the
waiting list keeps its order."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from network.models import SignUp
from network.services import signups as services
from tests.network.signup_helpers import make_event, move_into_past, sign_up

pytestmark = pytest.mark.django_db
State = SignUp.State


@pytest.fixture
def event():
    return make_event(capacity=2)


@pytest.fixture
def full(event, consultant, django_capture_on_commit_callbacks):
    """Two confirmed, three waiting."""
    with django_capture_on_commit_callbacks(execute=True):
        people = [sign_up(event, n, by=consultant) for n in range(1, 6)]
    return people


def refreshed(*signups):
    for signup in signups:
        signup.refresh_from_db()
    return signups


def test_it_confirms_while_there_are_places_then_puts_people_on_the_waiting_list(full):
    assert [s.state for s in full] == [State.CONFIRMED] * 2 + [State.WAITING] * 3
    assert [s.position for s in full[2:]] == [1, 2, 3]
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 5
    assert all(full[0].token in m.body for m in mail.outbox if m.to == [full[0].email])


def test_it_never_holds_more_places_than_the_event_has(full, event):
    assert services.places_taken(event) == 2
    assert services.free_places(event) == 0


def test_an_anonymous_sign_up_waits_for_its_address_to_be_confirmed(event):
    signup = services.signup_create(event=event, name="Ida Holm", email="ida@example.dk")
    assert signup.state == State.UNCONFIRMED
    assert services.places_taken(event) == 0
    signup = services.signup_confirm_email(signup=signup)
    assert signup.state == State.CONFIRMED
    # A second click changes nothing.
    assert services.signup_confirm_email(signup=signup).state == State.CONFIRMED


def test_a_cancellation_offers_the_place_to_the_first_waiting(
    full, event, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=full[0])
    first, second, third = refreshed(*full[2:])
    assert refreshed(full[0])[0].state == State.CANCELLED
    assert (first.state, second.state, third.state) == (State.OFFERED, State.WAITING, State.WAITING)
    assert first.offer_expires_at <= event.starts_at
    offer = next(m for m in mail.outbox if m.to == [first.email])
    assert first.token in offer.body
    # The offer holds the place: nobody else gets it meanwhile.
    assert services.free_places(event) == 0


def test_accepting_an_offer_confirms_the_place(full, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=full[0])
    signup = services.offer_accept(signup=full[2])
    assert signup.state == State.CONFIRMED
    assert signup.confirmed_at is not None


def test_an_offer_that_expires_passes_to_the_next(full, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=full[0])
    later = timezone.now() + datetime.timedelta(hours=49)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_expire(now=later) == 1
    first, second, third = refreshed(*full[2:])
    assert first.state == State.EXPIRED
    assert second.state == State.OFFERED
    assert third.state == State.WAITING
    with pytest.raises(ValidationError):
        services.offer_accept(signup=first)


def test_an_offer_past_its_deadline_cannot_be_accepted(full, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=full[0])
    SignUp.objects.filter(pk=full[2].pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        services.offer_accept(signup=full[2])


def test_raising_the_capacity_offers_the_new_places_in_order(full, event):
    event.capacity = 4
    event.save()
    offered = services.offers_make(event=event)
    assert [s.pk for s in offered] == [full[2].pk, full[3].pk]
    assert [s.state for s in refreshed(*full[2:])] == [State.OFFERED, State.OFFERED, State.WAITING]


def test_staff_move_someone_up_the_waiting_list(full, event, consultant):
    services.waiting_move(signup=full[4], direction="top", by=consultant)
    order = list(
        event.signups.filter(state=State.WAITING).order_by("position").values_list("pk", flat=True)
    )
    assert order == [full[4].pk, full[2].pk, full[3].pk]
    services.waiting_move(signup=full[4], direction="down", by=consultant)
    order = list(
        event.signups.filter(state=State.WAITING).order_by("position").values_list("pk", flat=True)
    )
    assert order == [full[2].pk, full[4].pk, full[3].pk]


def test_only_someone_waiting_can_be_moved(full, consultant):
    with pytest.raises(ValidationError):
        services.waiting_move(signup=full[0], direction="up", by=consultant)


def test_the_same_person_cannot_sign_up_twice(full, event, consultant):
    with pytest.raises(ValidationError) as refused:
        services.signup_create(event=event, name="Igen", email="P1@EXAMPLE.DK", by=consultant)
    assert "email" in refused.value.error_dict
    assert event.signups.count() == 5


def test_signing_up_again_after_cancelling_puts_one_last_in_line(
    full, event, consultant, django_capture_on_commit_callbacks
):
    services.signup_cancel(signup=full[2])
    again = sign_up(event, 3, by=consultant)
    assert again.pk == full[2].pk
    assert again.state == State.WAITING
    assert again.position > refreshed(full[4])[0].position


def test_attendance_is_marked_for_confirmed_participants_once_the_event_began(full, event):
    with pytest.raises(ValidationError):
        services.attendance_mark(signup=full[0], attended=True)
    move_into_past(event, hours_ago=1)
    assert services.attendance_mark(signup=full[0], attended=True).state == State.ATTENDED
    assert services.attendance_mark(signup=full[0], attended=False).state == State.CONFIRMED
    with pytest.raises(ValidationError):
        services.attendance_mark(signup=full[2], attended=True)


def test_an_attended_sign_up_cannot_be_cancelled(full, event):
    move_into_past(event, hours_ago=1)
    services.attendance_mark(signup=full[0], attended=True)
    with pytest.raises(ValidationError):
        services.signup_cancel(signup=full[0])


def test_a_cancelled_event_takes_no_sign_ups(event, consultant):
    event.state = event.State.CANCELLED
    event.save()
    with pytest.raises(ValidationError):
        sign_up(event, 1, by=consultant)


def test_someone_signing_up_themselves_must_be_allowed_to(event):
    event.audience = event.Audience.MEMBERS
    event.save()
    with pytest.raises(ValidationError):
        services.signup_create(event=event, name="Ida Holm", email="ida@example.dk")
    assert not event.signups.exists()
