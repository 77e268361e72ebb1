"""Mail to many with a status each (portal.emails.send_to_each): one e-mail per recipient,
each recorded, one refused address stopping nobody else's, all sent from one job."""

from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from mapping.models import Organisation
from portal import deliveries, emails
from portal.models import Delivery, Job
from tests import mail_backends

pytestmark = pytest.mark.django_db

TEMPLATE = "registration_to_moderate"


@dataclass
class Person:
    name: str
    email: str
    language: str = "da"


PEOPLE = [
    Person("Anne", "anne@example.dk"),
    Person("Bent", "bent@example.dk", "en"),
    Person("Carl", "carl@example.dk"),
]


@pytest.fixture
def refusing():
    mail_backends.refused.clear()
    with override_settings(EMAIL_BACKEND=mail_backends.REFUSING):
        yield mail_backends.refused
    mail_backends.refused.clear()


@pytest.fixture
def organisation():
    return Organisation.objects.create(name="Café Kvisten")


def mailing(people, *, about, by=None, key=None):
    def letter(person):
        return emails.Letter(
            to=person.email,
            context={"organisation": about, "queue_url": f"/q/{person.name}/"},
            language=person.language,
            key=f"{key}:{person.name}" if key else None,
        )

    return emails.send_to_each(people, template=TEMPLATE, letter=letter, about=about, by=by)


def send(people, *, about, by=None, key=None, capture):
    """One action: recorded in its transaction, sent once it commits."""
    with capture(execute=True), transaction.atomic():
        return mailing(people, about=about, by=by, key=key)


def test_one_refused_address_stops_nobody_else_and_each_is_recorded(
    refusing, organisation, leader, django_capture_on_commit_callbacks
):
    refusing.add("bent@example.dk")
    outcome = send(
        PEOPLE, about=organisation, by=leader, capture=django_capture_on_commit_callbacks
    )
    assert [person.name for person in outcome.sent_to] == ["Anne", "Carl"]
    assert [person.name for person in outcome.failed_to] == ["Bent"]
    assert outcome.pending_to == []
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.dk", "carl@example.dk"]
    rows = {row.recipient: row for row in Delivery.objects.all()}
    assert {address: row.status for address, row in rows.items()} == {
        "anne@example.dk": Delivery.Status.SENT,
        "bent@example.dk": Delivery.Status.FAILED,
        "carl@example.dk": Delivery.Status.SENT,
    }
    assert "SMTPRecipientsRefused" in rows["bent@example.dk"].last_error
    assert rows["bent@example.dk"].message  # kept, to be sent again
    assert {row.about for row in rows.values()} == {organisation}


def test_the_mailing_is_one_job_about_what_it_is_about_started_by_who_acted(
    organisation, leader, django_capture_on_commit_callbacks
):
    outcome = send(
        PEOPLE, about=organisation, by=leader, capture=django_capture_on_commit_callbacks
    )
    [job] = Job.objects.filter(task="portal.send_deliveries")
    assert outcome.jobs == [job]
    assert (job.created_by, job.about, job.total) == (leader, organisation, 3)
    assert [(person.name, delivery.status) for person, delivery in outcome.each] == [
        ("Anne", Delivery.Status.SENT),
        ("Bent", Delivery.Status.SENT),
        ("Carl", Delivery.Status.SENT),
    ]


def test_each_is_written_for_them_in_their_language(
    organisation, django_capture_on_commit_callbacks
):
    send(PEOPLE, about=organisation, capture=django_capture_on_commit_callbacks)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "/q/Anne/" in by_address["anne@example.dk"].body
    assert "/q/Bent/" in by_address["bent@example.dk"].body
    assert by_address["anne@example.dk"].subject != by_address["bent@example.dk"].subject


def test_who_had_it_already_is_skipped_and_who_has_no_address_left_out(
    organisation, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    send(PEOPLE[:1], about=organisation, key="submitted:1", capture=capture)
    nobody = Person("Dorte", "")
    again = send([*PEOPLE, nobody], about=organisation, key="submitted:1", capture=capture)
    assert again.skipped == 1
    assert [person.name for person, _delivery in again.each] == ["Bent", "Carl"]
    assert Delivery.objects.count() == 3
    assert len(mail.outbox) == 3


def test_a_letter_about_something_of_its_own_is_recorded_about_that(
    organisation, leader, django_capture_on_commit_callbacks
):
    other = Organisation.objects.create(name="Kvist og Kaffe")

    def letter(person):
        return emails.Letter(
            to=person.email,
            context={"organisation": organisation, "queue_url": "/q/"},
            about=other if person.name == "Anne" else None,
        )

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outcome = emails.send_to_each(
            PEOPLE[:2], template=TEMPLATE, letter=letter, about=organisation, by=leader
        )
    assert [delivery.about for _person, delivery in outcome.each] == [other, organisation]
    [job] = Job.objects.filter(task="portal.send_deliveries")
    assert job.about == organisation


def test_a_letter_may_be_another_e_mail_and_the_caller_may_send_them_itself(
    organisation, django_capture_on_commit_callbacks
):
    """The weekly reminders: an owner's and a leader's e-mail in one mailing, sent in this
    process rather than once the transaction commits."""

    def letter(person):
        return emails.Letter(
            to=person.email,
            context={"organisation": organisation, "queue_url": "/q/", "user": person},
            language="en",
            template="registration_received" if person.name == "Bent" else None,
        )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = emails.send_to_each(
            PEOPLE[:2], template=TEMPLATE, letter=letter, topic="weekly:1", send=False
        )
    assert callbacks == []  # only recorded: nothing is sent once it commits
    assert [delivery.template for delivery in outcome.deliveries] == [
        TEMPLATE,
        "registration_received",
    ]
    assert {row.status for row in Delivery.objects.all()} == {Delivery.Status.PENDING}
    assert mail.outbox == []
    deliveries.send_now(outcome.deliveries)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "anne@example.dk": "New registration to approve: Café Kvisten",
        "bent@example.dk": "We have received the registration of Café Kvisten",
    }
    assert set(Delivery.objects.values_list("topic", flat=True)) == {"weekly:1"}
    assert not Job.objects.exists()


def test_a_letter_without_a_template_is_refused(organisation):
    def letter(person):
        return emails.Letter(to=person.email, context={})

    with pytest.raises(ValueError, match="No template"):
        emails.send_to_each(PEOPLE[:1], letter=letter)
    assert not Delivery.objects.exists()
