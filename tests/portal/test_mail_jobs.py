"""Every action that mails more than one person sends from ONE background job, started by the
person who acted and about what the mail is about; mail to one person stays in the request.
With a worker the page says the mail is being sent and shows the job's progress; without one
(these tests, at the captured commit) the job has run by the time the page shows."""

from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction
from django.urls import reverse

from mapping.models import Attendance, Organisation
from portal import deliveries, emails, jobs, tasks
from portal.models import Delivery, Job, User
from portal.programme.models import SteeringMeeting
from tests import mail_backends
from tests.conftest import make_user
from tests.factories.mapping import MeetingFactory, ReportVersionFactory
from tests.factories.portal import SteeringGroupMemberFactory, UserFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("mapping:register")

SEND = "portal.send_deliveries"
CONTEXT = {"organisation": {"name": "Café Kvisten"}, "queue_url": "https://portal.example.dk/"}


def mail_jobs():
    return list(Job.objects.filter(task=SEND))


def about(job):
    return job.content_type.get_object_for_this_type(pk=job.object_id)


@pytest.fixture
def worker():
    """A real worker takes the mail jobs: queued here, they have not run when the page
    answers (nothing runs them in these tests)."""
    with mock.patch.object(tasks.send_deliveries, "apply_async") as apply_async:
        yield apply_async


def run_job(worker, job):
    """What the worker does with the job it was handed (its last try: a failure is final)."""
    args = worker.call_args.kwargs["args"]
    assert args[0] == str(job.pk)
    tasks.send_deliveries.apply(args=args, task_id=args[0])
    job.refresh_from_db()
    return job


def messages_of(response):
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


# --- One job per action ------------------------------------------------------------------


def test_one_call_per_recipient_in_one_transaction_is_one_job(
    leader, django_capture_on_commit_callbacks
):
    """A loop that builds each person's e-mail in their language is one mailing."""
    organisation = Organisation.objects.create(name="Kvisten")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outcome = emails.Outcome()
        for address in ("a@example.dk", "b@example.dk", "c@example.dk"):
            outcome += emails.send(
                "registration_to_moderate",
                to=[address],
                context=CONTEXT,
                about=organisation,
                user=leader,
            )
    [job] = mail_jobs()
    assert outcome.jobs == [job]
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (Job.State.SUCCEEDED, 3, 3)
    assert job.created_by == leader
    assert about(job) == organisation
    assert len(outcome.sent) == 3
    assert len(mail.outbox) == 3


def test_messages_of_another_kind_in_the_same_transaction_go_their_own_way(
    leader, django_capture_on_commit_callbacks
):
    organisation = Organisation.objects.create(name="Kvisten")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        receipt = emails.send(
            "registration_to_moderate", to=["one@example.dk"], context=CONTEXT, about=leader
        )
        notices = emails.Outcome()
        for address in ("a@example.dk", "b@example.dk"):
            notices += emails.send(
                "registration_to_moderate", to=[address], context=CONTEXT, about=organisation
            )
    assert receipt.jobs == [] and len(receipt.sent) == 1  # from the request
    [job] = notices.jobs
    assert about(job) == organisation


def test_a_rolled_back_action_sends_nothing_and_the_next_starts_afresh(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            emails.send("registration_to_moderate", to=["a@example.dk"], context=CONTEXT)
            transaction.set_rollback(True)
        with transaction.atomic():
            emails.send("registration_to_moderate", to=["b@example.dk"], context=CONTEXT)
    assert [m.to for m in mail.outbox] == [["b@example.dk"]]
    assert mail_jobs() == []


def test_a_job_can_be_about_a_content_type_and_id(leader, django_capture_on_commit_callbacks):
    organisation = Organisation.objects.create(name="Kvisten")
    pair = (ContentType.objects.get_for_model(Organisation), organisation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(tasks.send_deliveries, [], about=pair, user=leader)
    job.refresh_from_db()
    assert jobs.latest(organisation, SEND) == job
    assert job.subject == ""  # not the pair's text


def test_meeting_invitations_are_one_job_about_the_meeting(
    client,
    consultant,
    people,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory(organiser=consultant, days=10)
    for name in ("mette", "jens"):
        Attendance.objects.create(meeting=meeting, contact=people[name])
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:meeting-invite", args=[meeting.pk]))
    [job] = mail_jobs()
    job.refresh_from_db()
    assert (job.created_by, about(job), job.state) == (consultant, meeting, Job.State.SUCCEEDED)
    # The after-sent step ran in the job: both are marked invited.
    assert not meeting.attendances.filter(invited_at__isnull=True).exists()


def test_the_agenda_is_one_job_about_the_meeting(
    client, leader, django_capture_on_commit_callbacks
):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Budget", position=1)
    SteeringGroupMemberFactory(name="Jens Jessen", email="jens@example.dk")
    SteeringGroupMemberFactory(name="Sofie Skovgaard", email="sofie@example.dk")
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programme:meeting-send-agenda", args=[meeting.pk]))
    [job] = mail_jobs()
    job.refresh_from_db()
    assert (job.created_by, about(job), job.total) == (leader, meeting, 2)
    assert len(mail.outbox) == 2


def test_a_report_submission_is_one_job_about_the_version(
    client, leader, django_capture_on_commit_callbacks
):
    UserFactory(username="sofie", steering=True)
    UserFactory(username="bent", steering=True)
    version = ReportVersionFactory(number=1, frozen_by=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:report-submit", args=[version.pk]))
    [job] = mail_jobs()
    assert (job.created_by, about(job)) == (leader, version)
    assert len(mail.outbox) == 2


def test_a_strategy_submission_is_one_job_about_the_version(
    client, leader, django_capture_on_commit_callbacks
):
    UserFactory(username="sofie", steering=True)
    UserFactory(username="bent", steering=True)
    version = StrategyVersionFactory(strategy=build_review_strategy(by=leader), saved_by=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("strategy:version-submit", args=[version.pk]))
    [job] = mail_jobs()
    assert (job.created_by, about(job)) == (leader, version)
    assert len(mail.outbox) == 2


def test_approving_an_organisation_with_two_users_is_one_job(
    client, leader, bob, django_capture_on_commit_callbacks
):
    second = make_user("bobs-kollega", User.Role.ENTERPRISE)
    bob.organisation.users.add(second)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:moderation-approve", args=[bob.organisation.pk]))
    [job] = mail_jobs()
    assert (job.created_by, about(job)) == (leader, bob.organisation)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([bob.email, second.email])


def test_send_again_of_several_is_one_job_shown_on_the_people_page(
    client, leader, settings, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    settings.EMAIL_BACKEND = mail_backends.DOWN
    for name in ("anna", "bent"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("people:person-invite"),
                {
                    "email": f"{name}@example.dk",
                    "first_name": name,
                    "last_name": "",
                    "role": User.Role.CONSULTANT,
                    "language": "da",
                },
            )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert mail_jobs() == []  # one invitation each: from the request
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:mail-retry"), follow=True)
    [job] = mail_jobs()
    assert job.created_by == leader
    assert job.result_url == reverse("people:person-list")
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.dk", "bent@example.dk"]
    assert response.status_code == 200


# --- Mail to one person stays in the request -----------------------------------------------


def test_a_password_reset_is_sent_from_the_request(client, alice):
    client.post(reverse("password_reset"), {"email": alice.email})
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert not Job.objects.exists()


def test_a_registration_sends_its_receipt_from_the_request(
    client,
    leader,
    registration_data,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REGISTER_URL, registration_data)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [registration_data["email"], leader.email]
    )
    assert mail_jobs() == []


def test_one_persons_role_change_is_sent_from_the_request(
    client, leader, consultant, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("people:person-role", args=[consultant.pk]),
            {"roles": [User.Role.STEERING_GROUP], "shown": [User.Role.CONSULTANT]},
        )
    assert [m.to for m in mail.outbox] == [[consultant.email]]
    assert not Job.objects.exists()


# --- With a worker: being sent, and the progress on the page -------------------------------
# The action commits in the request, as in production: a real transaction.


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_invitations_are_being_sent_and_the_meeting_shows_the_job(
    client,
    consultant,
    people,  # noqa: F811
    worker,
    english,
):
    meeting = MeetingFactory(organiser=consultant, days=10)
    for name in ("mette", "jens"):
        Attendance.objects.create(meeting=meeting, contact=people[name])
    client.force_login(consultant)
    response = client.post(reverse("mapping:meeting-invite", args=[meeting.pk]), follow=True)
    worker.assert_called_once()
    assert mail.outbox == []
    said = messages_of(response)
    assert ("success", "The invitation is being sent to Jens Jensen, Mette Møller.") in said
    assert not any("e-mailed to" in text for _level, text in said)
    [job] = mail_jobs()
    assert response.context["mail_job"] == job
    assert f'data-job-status="{reverse("jobs:job-status", args=[job.pk])}"' in (
        response.content.decode()
    )

    run_job(worker, job)
    assert job.state == Job.State.SUCCEEDED
    assert not meeting.attendances.filter(invited_at__isnull=True).exists()
    page = client.get(meeting.get_absolute_url())
    assert page.context["mail_job"] is None  # done: nothing to follow


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_agenda_is_being_sent_and_kept_as_sent_only_if_it_went_out(
    client, leader, worker, english, settings
):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Budget", position=1)
    SteeringGroupMemberFactory(name="Jens Jessen", email="jens@example.dk")
    SteeringGroupMemberFactory(name="Sofie Skovgaard", email="sofie@example.dk")
    client.force_login(leader)
    response = client.post(reverse("programme:meeting-send-agenda", args=[meeting.pk]), follow=True)
    said = messages_of(response)
    assert ("success", "The agenda is being e-mailed to 2 members.") in said
    [job] = mail_jobs()
    assert response.context["mail_job"] == job
    # Claimed while it is being sent: a double click is refused.
    assert SteeringMeeting.objects.get(pk=meeting.pk).agenda_sent_at is not None

    # The worker finds the mail server down (its last try): nothing went out.
    settings.EMAIL_BACKEND = mail_backends.DOWN
    run_job(worker, job)
    assert job.state == Job.State.FAILED
    assert SteeringMeeting.objects.get(pk=meeting.pk).agenda_sent_at is None
    page = client.get(meeting.get_absolute_url())
    assert page.context["mail_job"] == job  # failed, with the mail to send again
    assert len(page.context["unsent"]) == 2


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_a_submission_says_the_links_are_being_sent(client, leader, worker, english):
    UserFactory(username="sofie", steering=True)
    UserFactory(username="bent", steering=True)
    version = StrategyVersionFactory(strategy=build_review_strategy(by=leader), saved_by=leader)
    client.force_login(leader)
    response = client.post(reverse("strategy:version-submit", args=[version.pk]), follow=True)
    said = [text for _level, text in messages_of(response)]
    assert said.count("2 e-mails are being sent in the background.") == 1
    assert "Version 1 was submitted." in said
    assert not any("e-mailed a link" in text for text in said)
    assert mail.outbox == []


# Without a worker the job runs at commit, in the request: the page says what it did. A real
# transaction here, as in production.
@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_page_says_how_many_went_out(client, leader, english):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Budget", position=1)
    SteeringGroupMemberFactory(name="Jens Jessen", email="jens@example.dk")
    SteeringGroupMemberFactory(name="Sofie Skovgaard", email="sofie@example.dk")
    client.force_login(leader)
    response = client.post(reverse("programme:meeting-send-agenda", args=[meeting.pk]), follow=True)
    said = messages_of(response)
    assert ("success", "The agenda was e-mailed to 2 members.") in said
    assert not any("being" in text for _level, text in said)
    assert response.context["mail_job"] is None
    assert len(mail.outbox) == 2
    assert deliveries.unsent().count() == 0
