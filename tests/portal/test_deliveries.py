"""One delivery per e-mail and person: kept, sent again exactly and only when it failed, and
sent once however often an action is clicked (issue 10, items 5 and 8)."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import TestCase, override_settings
from django.urls import reverse

from mapping.models import Attendance, Organisation
from mapping.services import organisation_approve
from portal import deliveries, emails
from portal.models import Delivery
from tests import mail_backends
from tests.factories.mapping import MeetingFactory, ReportVersionFactory
from tests.factories.portal import UserFactory

Status = Delivery.Status


def send(address, *, key=None, at_once=True):
    return emails.send(
        "registration_to_moderate",
        to=[address],
        context={"organisation": {"name": "Kvist"}, "queue_url": "/q/"},
        key=key,
        at_once=at_once,
    )


@pytest.fixture
def refusing():
    mail_backends.refused.clear()
    with override_settings(EMAIL_BACKEND=mail_backends.REFUSING):
        yield mail_backends.refused
    mail_backends.refused.clear()


@pytest.mark.django_db
def test_each_recipient_has_a_status_and_a_sent_message_is_not_kept(refusing):
    refusing.add("b@example.dk")
    outcome = emails.Outcome()
    for address in ("a@example.dk", "b@example.dk", "c@example.dk"):
        outcome += send(address)
    assert [d.recipient for d in outcome.sent] == ["a@example.dk", "c@example.dk"]
    [failed] = outcome.failed
    assert failed.recipient == "b@example.dk"
    rows = {d.recipient: d for d in Delivery.objects.all()}
    assert rows["a@example.dk"].message is None  # no personal data lingers
    assert rows["a@example.dk"].sent_at is not None
    assert rows["b@example.dk"].message  # kept, to be sent again
    assert "SMTPRecipientsRefused" in rows["b@example.dk"].last_error
    assert [m.to for m in mail.outbox] == [["a@example.dk"], ["c@example.dk"]]


@pytest.mark.django_db
def test_send_again_sends_only_the_failed_ones_as_they_were_written(client, leader, refusing):
    refusing.add("b@example.dk")
    send("a@example.dk")
    send("b@example.dk")
    stored = bytes(Delivery.objects.get(recipient="b@example.dk").message)
    refusing.clear()
    client.force_login(leader)
    response = client.post(
        reverse("mail:delivery-retry"),
        {"delivery": list(Delivery.objects.values_list("pk", flat=True))},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["a@example.dk"], ["b@example.dk"]]
    again = mail.outbox[1]
    assert again.message().as_bytes() == stored  # the very message, Message-ID and all
    assert again.subject == mail.outbox[0].subject
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}
    assert Delivery.objects.get(recipient="b@example.dk").attempts == 2


@pytest.mark.django_db
def test_two_clicks_on_send_again_send_once(refusing):
    refusing.add("b@example.dk")
    [failed] = send("b@example.dk").failed
    refusing.clear()
    stale = Delivery.objects.get(pk=failed.pk)  # read by a second request before the first sent
    deliveries.retry([failed])
    deliveries.retry([stale])
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_down_server_fails_everyone_without_raising():
    with override_settings(EMAIL_BACKEND=mail_backends.DOWN):
        outcome = send("a@example.dk")
        outcome += send("b@example.dk")
    assert len(outcome.failed) == 2
    assert "ConnectionRefusedError" in outcome.failed[0].last_error


@pytest.mark.django_db
def test_the_same_key_sends_once():
    assert len(send("a@example.dk", key="submit:1:7").sent) == 1
    again = send("a@example.dk", key="submit:1:7")
    assert (again.total, again.skipped) == (0, 1)
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_a_double_clicked_report_submission_mails_each_member_once(
    client, leader, django_capture_on_commit_callbacks
):

    UserFactory(username="sofie", steering=True)
    version = ReportVersionFactory(number=1, frozen_by=leader)
    client.force_login(leader)
    url = reverse("mapping:report-submit", args=[version.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)
    assert len(mail.outbox) == 1
    [delivery] = Delivery.objects.all()
    assert delivery.idempotency_key == f"report_submitted:{version.pk}:{delivery.recipient_user_id}"


# --- Meeting invitations --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_invite_sends_nothing_to_those_already_invited(
    client,
    consultant,
    people,  # noqa: F811
    refusing,
):
    meeting = MeetingFactory(organiser=consultant, days=10)
    for name in ("mette", "jens"):
        Attendance.objects.create(meeting=meeting, contact=people[name])
    refusing.add("jens@raad.dk")
    client.force_login(consultant)
    url = reverse("mapping:meeting-invite", args=[meeting.pk])

    def invite(**data):
        # The invitations go out from a job when the request commits.
        with TestCase.captureOnCommitCallbacks(execute=True):
            return client.post(url, data, follow=True)

    invite()
    assert [m.to for m in mail.outbox] == [["mette@cafe.dk"]]

    # A second click, with Jens's server back and a new person added: Mette gets nothing.
    refusing.clear()
    other = people["mette"].organisation.contacts.create(
        name="Ole Olsen", email="ole@cafe.dk", purpose="Deltager"
    )
    Attendance.objects.create(meeting=meeting, contact=other)
    response = invite()
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["jens@raad.dk", "ole@cafe.dk"]
    info = next(str(m) for m in response.context["messages"] if m.level_tag == "info")
    assert "Mette Møller" in info
    assert not Attendance.objects.filter(invited_at__isnull=True).exists()
    # Jens's failed invitation was replaced by the one that went out: nothing left to send.
    assert not deliveries.unsent().exists()

    # A third click sends nothing; only asking for it sends to everyone again.
    invite()
    assert len(mail.outbox) == 3
    invite(again="1")
    assert len(mail.outbox) == 6


@pytest.mark.django_db
def test_a_failed_invitation_sent_again_later_marks_the_person_invited(
    consultant,
    people,  # noqa: F811
    refusing,
):
    from mapping.services.meetings import meeting_invite

    meeting = MeetingFactory(organiser=consultant, days=10)
    attendance = Attendance.objects.create(meeting=meeting, contact=people["jens"])
    refusing.add("jens@raad.dk")
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = meeting_invite(meeting=meeting, domain="testserver")
    assert result.failed == [attendance]
    refusing.clear()
    deliveries.retry(deliveries.unsent())
    attendance.refresh_from_db()
    assert attendance.invited_at is not None


# --- Approval ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_what_is_approved_already_is_refused_and_mails_nobody(
    client, leader, bob, django_capture_on_commit_callbacks
):
    stale = Organisation.objects.get(pk=bob.organisation.pk)  # read before the first approval
    with django_capture_on_commit_callbacks(execute=True):
        organisation_approve(organisation=bob.organisation, by=leader)
    with pytest.raises(ValidationError):
        organisation_approve(organisation=stale, by=leader)
    assert [m.to for m in mail.outbox] == [[bob.email]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_mail_the_registrant_once(leader, bob):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    organisation = Organisation.objects.get(pk=bob.organisation.pk)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve():
        try:
            stale = Organisation.objects.get(pk=organisation.pk)
            barrier.wait()
            organisation_approve(organisation=stale, by=leader)
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert [m.to for m in mail.outbox] == [[bob.email]]
    assert Delivery.objects.filter(template="registration_approved").count() == 1
