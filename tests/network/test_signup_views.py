"""The event page's sign-up, the personal page behind the link and "my sign-ups", for
anonymous and logged-in people: allowed and refused, bad input, and no GET that changes a
sign-up."""

import datetime
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mapping.models import Feedback
from network.models import Department, Evaluation, Event, SignUp
from network.services import signups as services
from portal.models import User
from tests.conftest import make_user
from tests.network.signup_helpers import make_event, move_into_past, sign_up

pytestmark = pytest.mark.django_db
State = SignUp.State


@pytest.fixture
def event():
    return make_event(capacity=1)


def page(event):
    return reverse("network:event", args=[event.pk])


def personal(signup):
    return reverse("network:signup", args=[signup.token])


ANON = {"name": "Ida Holm", "email": "ida@example.dk", "organisation_name": "Ildsjæle"}


def test_the_event_page_shows_the_event_and_what_is_kept(client, event):
    response = client.get(page(event))
    text = response.content.decode()
    assert response.status_code == 200
    assert event.title in text
    assert "1 place left" in text or "1 plads tilbage" in text
    assert "365" in text  # how long the data is kept


def test_anyone_signs_up_and_confirms_through_the_e_mail(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(event), ANON)
    assert response.status_code == 302
    signup = SignUp.objects.get(event=event)
    assert signup.state == State.UNCONFIRMED
    [message] = mail.outbox
    link = re.search(r"https?://\S+/network/s/\S+/|/network/s/\S+/", message.body).group(0)
    assert signup.token in link
    # Following the link shows a button; the GET changes nothing.
    assert client.get(personal(signup)).status_code == 200
    signup.refresh_from_db()
    assert signup.state == State.UNCONFIRMED
    client.post(personal(signup), {"action": "confirm"})
    signup.refresh_from_db()
    assert signup.state == State.CONFIRMED


def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(client, event):
    response = client.post(page(event), {**ANON, "email": "ikke-en-adresse", "name": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "email"}
    assert not SignUp.objects.exists()


def test_an_address_signed_up_already_is_not_revealed_but_its_owner_is_mailed(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page(event), ANON)
    signup = SignUp.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(event), {**ANON, "email": "IDA@example.dk", "name": "X"})
    # The same answer as for a new sign-up: a redirect, no error on the form.
    assert response.status_code == 302
    assert response["Location"] == page(event)
    assert SignUp.objects.count() == 1
    # The address's owner gets a short note with their own link; nothing else changed.
    [note] = mail.outbox
    assert note.to == ["ida@example.dk"]
    assert signup.token in note.body
    signup.refresh_from_db()
    assert (signup.name, signup.state) == ("Ida Holm", State.UNCONFIRMED)


def test_the_answer_to_a_known_address_is_the_answer_to_a_new_one(client, event):
    new = client.post(page(event), ANON, follow=True)
    again = client.post(page(event), ANON, follow=True)
    assert [str(m) for m in new.context["messages"]] == [str(m) for m in again.context["messages"]]
    assert "form" not in again.context or not again.context["form"].errors


def test_a_logged_in_person_signed_up_already_is_told_so(client, alice, event):
    client.force_login(alice)
    client.post(page(event), {})
    response = client.post(page(event), {}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("already signed up" in m or "allerede tilmeldt" in m for m in shown)
    assert SignUp.objects.count() == 1


@override_settings(REGISTRATION_RATE_LIMIT=2)
def test_anonymous_sign_ups_are_rate_limited(client, event):
    for n in range(2):
        client.post(page(event), {**ANON, "email": f"p{n}@example.dk"})
    response = client.post(page(event), {**ANON, "email": "p9@example.dk"})
    assert response.status_code == 429
    assert SignUp.objects.count() == 2


def test_a_logged_in_person_signs_up_with_one_click(client, alice, event):
    client.force_login(alice)
    response = client.post(page(event), {})
    signup = SignUp.objects.get(event=event)
    assert response.status_code == 302
    assert response["Location"] == personal(signup)
    assert (signup.user, signup.state) == (alice, State.CONFIRMED)
    assert signup.organisation == alice.organisation
    assert signup.organisation_name == alice.organisation.name
    # The page now says so, and offers no second sign-up.
    response = client.get(page(event))
    assert response.context["mine"] == signup
    assert response.context["form"] is None
    client.post(page(event), {})
    assert SignUp.objects.count() == 1


def test_a_full_event_puts_the_next_on_the_waiting_list(client, alice, bob, event):
    client.force_login(alice)
    client.post(page(event), {})
    client.force_login(bob)
    response = client.get(page(event))
    assert response.context["places"] == 0
    client.post(page(event), {})
    assert SignUp.objects.get(user=bob).state == State.WAITING


def test_a_municipal_employee_chooses_their_department(client, event):
    employee = make_user("medarbejder", User.Role.MUNICIPAL_EMPLOYEE, email="m@haderslev.dk")
    department = Department.objects.create(name="Indkøb")
    Department.objects.create(name="Nedlagt", active=False)
    client.force_login(employee)
    response = client.post(page(event), {})
    assert "department" in response.context["form"].errors
    assert not SignUp.objects.exists()
    choices = list(response.context["form"].fields["department"].queryset)
    assert choices == [department]
    client.post(page(event), {"department": department.pk})
    assert SignUp.objects.get().department == department


def test_who_may_not_sign_up_is_told_why_and_cannot_post(client, alice, event):
    event.audience = Event.Audience.STAFF
    event.save()
    response = client.get(page(event))
    assert response.context["refusal"]
    assert response.context["form"] is None
    client.post(page(event), ANON)
    client.force_login(alice)
    client.post(page(event), {})
    assert not SignUp.objects.exists()


def test_a_draft_is_not_found_except_by_staff(client, alice, consultant, event):
    event.state = Event.State.DRAFT
    event.save()
    assert client.get(page(event)).status_code == 404
    client.force_login(alice)
    assert client.get(page(event)).status_code == 404
    client.force_login(consultant)
    assert client.get(page(event)).status_code == 200


def test_a_cancelled_event_says_so(client, event):
    event.state = Event.State.CANCELLED
    event.save()
    response = client.get(page(event))
    assert "cancelled" in response.content.decode() or "aflyst" in response.content.decode()
    assert response.context["form"] is None


def test_a_wrong_token_is_not_found(client):
    assert client.get(reverse("network:signup", args=["nope"])).status_code == 404


def test_cancelling_takes_a_confirmation_step_and_a_post(client, event, consultant):
    signup = sign_up(event, 1, by=consultant)
    response = client.get(personal(signup) + "?step=cancel")
    assert response.context["cancelling"]
    signup.refresh_from_db()
    assert signup.state == State.CONFIRMED
    client.post(personal(signup), {"action": "cancel"})
    signup.refresh_from_db()
    assert signup.state == State.CANCELLED


def test_an_offer_is_accepted_on_the_personal_page(
    client, event, consultant, django_capture_on_commit_callbacks
):
    first, second = sign_up(event, 1, by=consultant), sign_up(event, 2, by=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=first)
    second.refresh_from_db()
    assert second.state == State.OFFERED
    response = client.get(personal(second))
    assert response.context["offer_open"]
    second.refresh_from_db()
    assert second.state == State.OFFERED
    client.post(personal(second), {"action": "accept"})
    second.refresh_from_db()
    assert second.state == State.CONFIRMED


def test_an_unknown_action_changes_nothing(client, event, consultant):
    signup = sign_up(event, 1, by=consultant)
    response = client.post(personal(signup), {"action": "delete"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.state == State.CONFIRMED


def test_after_the_event_a_participant_evaluates_it_once(client, event, consultant):
    signup = sign_up(event, 1, by=consultant)
    assert client.get(personal(signup)).context["evaluation_form"] is None
    move_into_past(event, hours_ago=3)
    assert client.get(personal(signup)).context["evaluation_form"] is not None
    client.post(
        personal(signup),
        {"action": "evaluate", "rating": "4", "needs": "Flere møder", "ideas": "", "barriers": ""},
    )
    evaluation = Evaluation.objects.get(signup=signup)
    assert evaluation.rating == 4
    assert list(Feedback.objects.values_list("text", "theme")) == [("Flere møder", "needs")]
    response = client.get(personal(signup))
    assert response.context["evaluated"]
    assert response.context["evaluation_form"] is None


def test_a_bad_evaluation_is_refused_and_nothing_is_saved(client, event, consultant):
    signup = sign_up(event, 1, by=consultant)
    move_into_past(event, hours_ago=3)
    response = client.post(personal(signup), {"action": "evaluate", "rating": "9"})
    assert "rating" in response.context["evaluation_form"].errors
    assert not Evaluation.objects.exists()
    assert not Feedback.objects.exists()


def test_someone_waiting_cannot_evaluate(client, event, consultant):
    sign_up(event, 1, by=consultant)
    waiting = sign_up(event, 2, by=consultant)
    move_into_past(event, hours_ago=3)
    client.post(personal(waiting), {"action": "evaluate", "rating": "3"})
    assert not Evaluation.objects.exists()


def test_my_sign_ups_lists_a_persons_own_only(client, alice, bob, event):
    client.force_login(alice)
    client.post(page(event), {})
    past = make_event(days=-3)
    Event.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(hours=2),
    )
    response = client.get(reverse("network:my-signups"))
    assert [s.event for s in response.context["coming"]] == [event]
    client.force_login(bob)
    response = client.get(reverse("network:my-signups"))
    assert response.context["coming"] == []


def test_my_sign_ups_needs_a_login(client):
    response = client.get(reverse("network:my-signups"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
