"""Offers only for an event that still takes people: a cancelled event confirms nobody and
gives no place on offer, sign-up closed or the event begun makes no new offer, and the
10-minute job makes the offers a lost job never made."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from network import tasks
from network.models import Event, SignUp
from network.services import signups as services
from portal import jobs
from tests.network.signup_helpers import make_event, sign_up

pytestmark = pytest.mark.django_db
State = SignUp.State


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def cancel(event):
    # Straight in the table: the other half (event_cancel ending offers) is not under test.
    Event.objects.filter(pk=event.pk).update(state=Event.State.CANCELLED)
    event.refresh_from_db()


def offered(event, *, hours=24, n=9):
    return SignUp.objects.create(
        event=event,
        name=f"Person {n}",
        email=f"p{n}@example.dk",
        state=State.OFFERED,
        position=n,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )


def test_an_offer_of_a_cancelled_event_cannot_be_accepted(run):
    event = make_event(capacity=1)
    signup = offered(event)
    cancel(event)
    with pytest.raises(ValidationError) as error:
        run(services.offer_accept, signup=signup)
    assert error.value.code == "cancelled"
    signup.refresh_from_db()
    assert signup.state == State.OFFERED


def test_a_cancelled_event_confirms_no_address(run):
    event = make_event(capacity=3)
    signup = SignUp.objects.create(
        event=event, name="Ida", email="ida@example.dk", state=State.UNCONFIRMED
    )
    cancel(event)
    with pytest.raises(ValidationError) as error:
        run(services.signup_confirm_email, signup=signup)
    assert "cancelled" in error.value.messages[0] or "aflyst" in error.value.messages[0]
    signup.refresh_from_db()
    assert signup.state == State.UNCONFIRMED


def test_a_draft_event_confirms_no_address_and_accepts_no_offer(run):
    event = make_event(capacity=3)
    unconfirmed = SignUp.objects.create(
        event=event, name="Ida", email="ida@example.dk", state=State.UNCONFIRMED
    )
    offer = offered(event)
    Event.objects.filter(pk=event.pk).update(state=Event.State.DRAFT)
    for action, signup in (
        (services.signup_confirm_email, unconfirmed),
        (services.offer_accept, offer),
    ):
        with pytest.raises(ValidationError):
            run(action, signup=signup)


def test_offers_of_a_cancelled_event_do_not_expire_into_new_offers(consultant, run):
    event = make_event(capacity=1)
    sign_up(event, 1, by=consultant)
    sign_up(event, 2, by=consultant)
    old = offered(event, hours=-1)
    cancel(event)
    mail.outbox.clear()
    assert run(services.offers_expire) == 0
    old.refresh_from_db()
    assert old.state == State.OFFERED
    assert not mail.outbox


def test_no_offer_once_sign_up_has_closed(consultant, run):
    event = make_event(capacity=1)
    first, second = sign_up(event, 1, by=consultant), sign_up(event, 2, by=consultant)
    Event.objects.filter(pk=event.pk).update(
        signup_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    run(services.signup_cancel, signup=first)
    assert run(services.offers_make, event=event) == []
    second.refresh_from_db()
    assert second.state == State.WAITING


def test_no_offer_once_the_event_has_begun(consultant, run, monkeypatch):
    event = make_event(capacity=1)
    second = lost_offer_job(event, consultant, run, monkeypatch)
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=1)
    )
    assert run(services.offers_make, event=event) == []
    assert run(services.offers_repair) == []
    second.refresh_from_db()
    assert second.state == State.WAITING


def test_no_offer_for_a_cancelled_event(consultant, run, monkeypatch):
    event = make_event(capacity=1)
    second = lost_offer_job(event, consultant, run, monkeypatch)
    cancel(event)
    assert run(services.offers_make, event=event) == []
    assert run(services.offers_repair) == []
    second.refresh_from_db()
    assert second.state == State.WAITING


def test_the_personal_page_of_a_cancelled_event_has_no_accept_button(client):
    event = make_event(capacity=1)
    signup = offered(event)
    url = reverse("network:signup", args=[signup.token])
    assert 'value="accept"' in client.get(url).content.decode()
    cancel(event)
    assert 'value="accept"' not in client.get(url).content.decode()
    response = client.post(url, {"action": "accept"}, follow=True)
    signup.refresh_from_db()
    assert signup.state == State.OFFERED
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_personal_page_of_a_cancelled_event_has_no_confirm_button(client):
    event = make_event(capacity=1)
    signup = SignUp.objects.create(
        event=event, name="Ida", email="ida@example.dk", state=State.UNCONFIRMED
    )
    url = reverse("network:signup", args=[signup.token])
    assert 'value="confirm"' in client.get(url).content.decode()
    cancel(event)
    assert 'value="confirm"' not in client.get(url).content.decode()


# --- Repairing a lost offer job ----------------------------------------------------------


def lost_offer_job(event, consultant, run, monkeypatch):
    """A place freed whose `network.offer_places` job never ran."""
    first, second = sign_up(event, 1, by=consultant), sign_up(event, 2, by=consultant)
    monkeypatch.setattr(services, "offers_make_later", lambda **kwargs: None)
    run(services.signup_cancel, signup=first)
    second.refresh_from_db()
    assert second.state == State.WAITING
    return second


def test_the_ten_minute_job_offers_a_place_a_lost_job_never_offered(consultant, run, monkeypatch):
    event = make_event(capacity=1)
    second = lost_offer_job(event, consultant, run, monkeypatch)
    full = make_event(capacity=1)
    sign_up(full, 3, by=consultant)
    still_waiting = sign_up(full, 4, by=consultant)
    mail.outbox.clear()
    job = run(lambda: jobs.enqueue(tasks.expire_offers))
    job.refresh_from_db()
    assert job.state == job.State.SUCCEEDED
    second.refresh_from_db()
    still_waiting.refresh_from_db()
    assert second.state == State.OFFERED
    assert still_waiting.state == State.WAITING
    assert [m.to for m in mail.outbox] == [[second.email]]


def test_repair_offers_only_free_places_in_order(consultant, run, monkeypatch):
    event = make_event(capacity=2)
    people = [sign_up(event, n, by=consultant) for n in range(5)]
    monkeypatch.setattr(services, "offers_make_later", lambda **kwargs: None)
    run(services.signup_cancel, signup=people[0])
    assert [s.pk for s in run(services.offers_repair)] == [people[2].pk]
    assert run(services.offers_repair) == []  # the offer holds the place
    assert services.places_taken(event) == 2
