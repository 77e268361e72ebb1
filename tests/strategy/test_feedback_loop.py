"""Closing the loop: the people behind the feedback an action answers are told, once, when it
is adopted or done — only those who agreed to hear back, have an address and are not erased."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mapping.models import Contact, Feedback
from portal import deliveries
from portal.models import Delivery
from strategy.models import FeedbackNotice
from strategy.services.feedback_loop import notify_feedback_givers

pytestmark = pytest.mark.django_db


def notify(**kwargs):
    """`notify_feedback_givers` as the portal calls it, once the change has committed (when
    its mail job runs too); how many e-mails went out."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome = notify_feedback_givers(**kwargs)
    return len(outcome.sent)


def give_feedback(action, name, *, email=None, wants_reply=True, erased=False, contact=True):
    organisation = action.strategy.actions.get(title="Kortlægning afsluttet").owner_organisation
    person = None
    if contact:
        person = Contact.objects.create(
            organisation=organisation,
            name=name,
            email=f"{name.lower()}@example.dk" if email is None else email,
            purpose="Tilkendegivelse ved dialogmøde",
            erased_at=timezone.now() if erased else None,
        )
    feedback = Feedback.objects.create(
        text=f"{name} ønsker et lokalt netværk",
        theme=Feedback.Theme.NEEDS,
        organisation=organisation,
        contact=person,
        wants_reply=wants_reply,
    )
    action.feedback.add(feedback)
    return feedback


@pytest.fixture
def givers(live_plan):
    action = live_plan["meetings"]
    return {
        "grethe": give_feedback(action, "Grethe"),
        "no_reply": give_feedback(action, "Hans", wants_reply=False),
        "no_email": give_feedback(action, "Ida", email=""),
        "erased": give_feedback(action, "Jens", erased=True),
        "no_contact": give_feedback(action, "Karen", contact=False),
    }


def test_it_tells_only_those_who_want_to_hear_back_and_can_be_reached(live_plan, givers, leader):
    sent = notify(actions=[live_plan["meetings"]], event="adopted", by=leader)
    assert sent == 1
    assert [message.to for message in mail.outbox] == [["grethe@example.dk"]]
    notice = FeedbackNotice.objects.get()
    assert (notice.feedback, notice.event, notice.sent_by) == (givers["grethe"], "adopted", leader)


def test_it_tells_nobody_twice(live_plan, givers, leader):
    notify(actions=[live_plan["meetings"]], event="adopted", by=leader)
    again = notify(actions=[live_plan["meetings"]], event="adopted", by=leader)
    assert again == 0
    assert len(mail.outbox) == 1
    assert FeedbackNotice.objects.count() == 1


def test_it_tells_again_for_another_event(live_plan, givers, leader):
    notify(actions=[live_plan["meetings"]], event="adopted", by=leader)
    assert notify(actions=[live_plan["meetings"]], event="done", by=leader) == 1
    assert sorted(FeedbackNotice.objects.values_list("event", flat=True)) == ["adopted", "done"]


def test_it_writes_in_danish_what_they_said_the_action_its_state_and_a_link(
    live_plan, givers, leader
):
    notify(actions=[live_plan["meetings"]], event="done", by=leader)
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "Grethe ønsker et lokalt netværk" in message.body
    assert "Netværksmøder hver måned" in message.subject
    assert reverse("strategy:public-action", args=[live_plan["meetings"].pk]) in message.body
    assert live_plan["meetings"].get_state_display() in message.body
    assert '<html lang="da">' in html
    assert "Kære Grethe" in message.body  # the Danish catalogue is used, whatever is active


def test_it_tells_about_each_action_once(live_plan, givers, leader):
    live_plan["incubator"].feedback.add(givers["grethe"])
    sent = notify(
        actions=[live_plan["meetings"], live_plan["incubator"]], event="adopted", by=leader
    )
    assert sent == 2
    assert FeedbackNotice.objects.filter(feedback=givers["grethe"]).count() == 2


def test_a_failed_mail_is_kept_to_send_again_and_never_sent_twice(
    live_plan, givers, leader, settings
):
    settings.EMAIL_BACKEND = "tests.mail_backends.DownBackend"
    assert notify(actions=[live_plan["meetings"]], event="done", by=leader) == 0
    [delivery] = Delivery.objects.all()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.recipient == "grethe@example.dk"
    # A later call makes no second notice; the failed e-mail is sent again once the mail
    # server answers.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notify(actions=[live_plan["meetings"]], event="done", by=leader) == 0
    assert FeedbackNotice.objects.count() == 1
    assert len(deliveries.retry(deliveries.unsent()).sent) == 1
    assert [message.to for message in mail.outbox] == [["grethe@example.dk"]]


def test_it_lists_the_notices_on_the_actions_progress_page(client, live_plan, givers, leader):
    notify(actions=[live_plan["meetings"]], event="adopted", by=leader)
    client.force_login(leader)
    response = client.get(reverse("strategy:progress-add", args=[live_plan["meetings"].pk]))
    assert [notice.feedback for notice in response.context["notices"]] == [givers["grethe"]]
    assert "Grethe" in response.content.decode()


def test_it_never_tells_that_a_dropped_action_was_adopted(live_plan, givers, leader):
    dropped = live_plan["dropped"]
    dropped.feedback.add(givers["grethe"])

    sent = notify(actions=[dropped, live_plan["meetings"]], event="adopted", by=leader)

    assert sent == 1  # for the meetings only
    assert not FeedbackNotice.objects.filter(action=dropped).exists()
    assert "Droppet messe" not in mail.outbox[0].subject
