"""With the mail server down, the portal neither lies nor fails (issue 10, item 5): what was
done stays done, the page says how many e-mails really went out, each failed one is kept
and can be sent again once the server answers."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from mapping.models import Attendance, Organisation
from portal.models import Delivery
from portal.programme.models import SteeringMeeting
from tests import mail_backends
from tests.factories.mapping import MeetingFactory, ReportVersionFactory
from tests.factories.portal import SteeringGroupMemberFactory, UserFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
REGISTER_URL = reverse("mapping:register")


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def retry(client, deliveries, next_url):
    return client.post(
        reverse("mail:delivery-retry"),
        {"delivery": [d.pk for d in deliveries], "next": next_url},
        follow=True,
    )


# The submission commits before the e-mails are sent, as in production: a real transaction.
@pytest.mark.django_db(transaction=True)
def test_report_submission_says_how_many_really_went_out_and_sends_the_rest_again(
    client, leader, settings
):
    settings.LANGUAGE_CODE = "en"
    sofie, bent = (
        UserFactory(username="sofie", steering=True),
        UserFactory(username="bent", steering=True),
    )
    version = ReportVersionFactory(number=1, frozen_by=leader)
    client.force_login(leader)
    with override_settings(EMAIL_BACKEND=mail_backends.DOWN):
        response = client.post(reverse("mapping:report-submit", args=[version.pk]), follow=True)
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.submitted_at is not None  # the submission stands
    said = messages_of(response)
    # Nobody was e-mailed, and the page does not say anyone was.
    claimed = ngettext(
        "Version %(number)s was submitted; %(count)s steering group member was e-mailed a link.",
        "Version %(number)s was submitted; %(count)s steering group members were e-mailed a link.",
        2,
    ) % {"number": 1, "count": 2}
    assert all(claimed != text for _level, text in said)
    error = next(text for level, text in said if level == "error")
    assert error.startswith("0 of 2 e-mails were sent")
    assert sofie.email in error and bent.email in error
    failed = list(Delivery.objects.filter(status=Delivery.Status.FAILED))
    assert sorted(d.recipient for d in failed) == sorted([sofie.email, bent.email])
    assert mail.outbox == []
    # The version page shows them, with "send again".
    page = client.get(version.get_absolute_url())
    assert [d.pk for d in page.context["unsent"]] == sorted(d.pk for d in failed)
    assert reverse("mail:delivery-retry") in page.content.decode()

    # The mail server is back: they go out, once, as they were written.
    response = retry(client, failed, version.get_absolute_url())
    assert response.redirect_chain[-1][0] == version.get_absolute_url()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([sofie.email, bent.email])
    assert all(f"/mapping/reports/versions/{version.pk}/" in m.body for m in mail.outbox)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    retry(client, failed, version.get_absolute_url())
    assert len(mail.outbox) == 2


# The invitations are sent by a job once they are recorded: a real transaction, as in
# production without a worker, so the page can say what the job did.
@override_settings(EMAIL_BACKEND=mail_backends.DOWN)
@pytest.mark.django_db(transaction=True)
def test_meeting_invitations_never_answer_500(client, consultant, people):  # noqa: F811
    meeting = MeetingFactory(organiser=consultant, days=10)
    for name in ("mette", "jens"):
        Attendance.objects.create(meeting=meeting, contact=people[name])
    client.force_login(consultant)
    response = client.post(reverse("mapping:meeting-invite", args=[meeting.pk]), follow=True)
    assert response.status_code == 200
    error = next(text for level, text in messages_of(response) if level == "error")
    assert "Mette Møller" in error and "Jens Jensen" in error
    assert not Attendance.objects.filter(invited_at__isnull=False).exists()
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 2
    # The meeting page lists them; its "send again" is the invite button.
    page = client.get(meeting.get_absolute_url())
    assert len(page.context["unsent"]) == 2


@pytest.mark.django_db(transaction=True)
def test_the_agenda_never_answers_500_and_is_sent_again_later(client, leader, settings):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Budget", position=1)
    SteeringGroupMemberFactory(name="Jens Jessen", email="jens@example.dk")
    client.force_login(leader)
    settings.EMAIL_BACKEND = mail_backends.DOWN
    response = client.post(reverse("programme:meeting-send-agenda", args=[meeting.pk]), follow=True)
    assert response.status_code == 200
    assert [level for level, _text in messages_of(response)] == ["error"]
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is None  # nothing went out
    [failed] = response.context["unsent"]
    assert failed.recipient == "jens@example.dk"

    settings.EMAIL_BACKEND = LOCMEM
    retry(client, [failed], meeting.get_absolute_url())
    [message] = mail.outbox
    assert message.to == ["jens@example.dk"]
    assert SteeringMeeting.objects.get(pk=meeting.pk).agenda_sent_at is not None


# Not a real transaction here: the purposes the form needs come from a data migration,
# which a transactional test flushes. The e-mails are sent when the captured commit runs.
@pytest.mark.django_db
def test_registration_answers_normally_and_keeps_the_failed_email(
    client,
    registration_data,
    leader,
    django_capture_on_commit_callbacks,
):
    with (
        override_settings(EMAIL_BACKEND=mail_backends.DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(REGISTER_URL, registration_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("mapping:my-organisations")
    organisation = Organisation.objects.get()
    assert organisation.moderation_state == Organisation.Moderation.PENDING
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    assert sorted(failed.values_list("template", "recipient")) == [
        ("registration_received", registration_data["email"]),
        ("registration_to_moderate", leader.email),
    ]
    # The page does not claim the e-mail that was not sent.
    said = " ".join(text for _level, text in messages_of(client.get(response["Location"])))
    assert "Vi har sendt dig en e-mail" not in said
    assert "kunne ikke sende dig en e-mail" in said


@pytest.mark.django_db(transaction=True)
def test_approval_answers_normally_with_the_approval_committed(client, leader, bob):
    client.force_login(leader)
    with override_settings(EMAIL_BACKEND=mail_backends.DOWN):
        response = client.post(
            reverse("mapping:moderation-approve", args=[bob.organisation.pk]), follow=True
        )
    assert response.status_code == 200
    bob.organisation.refresh_from_db()
    assert bob.organisation.moderation_state == Organisation.Moderation.APPROVED
    [failed] = Delivery.objects.all()
    assert (failed.template, failed.recipient, failed.status) == (
        "registration_approved",
        bob.email,
        Delivery.Status.FAILED,
    )
    # Said, not claimed: the registrant was not e-mailed, and "send again" is offered.
    said = [(level, text) for level, text in messages_of(response)]
    assert not any("Den registrerede har fået en e-mail" in text for _level, text in said)
    assert any(level == "error" and bob.email in text for level, text in said)
    # The project leader finds it on the list of e-mails not sent.
    with translation.override("en"):
        page = client.get(reverse("mail:delivery-failed-list"))
    assert [d.pk for d in page.context["unsent"]] == [failed.pk]
    assert gettext("E-mails not sent") in page.content.decode()


def test_an_smtp_connection_gives_up_after_the_timeout(settings):
    """A mail server that drops packets must not hold a request until the worker is killed."""
    from django.core.mail.backends.smtp import EmailBackend

    from portal import settings as portal_settings

    assert portal_settings.EMAIL_TIMEOUT == 10
    assert EmailBackend().timeout == settings.EMAIL_TIMEOUT
