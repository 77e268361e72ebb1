"""Background jobs (portal.jobs): recorded, queued after commit, once per key, with their
state, progress and error; and the pages that show them. Without a broker (these tests)
Celery runs each job inline at commit; tests/worker/ runs them on a real worker."""

import json
import os
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from portal import deliveries, emails, jobs
from portal.models import Delivery, Job, User
from tests import worker_tasks
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CONTEXT = {"organisation": {"name": "Café Kvisten"}, "queue_url": "https://portal.example.dk/"}


def test_a_job_runs_at_commit_and_records_its_progress(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(worker_tasks.count, 7, subject="Seven")
        # Queued, not run, until the transaction commits.
        assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total, job.percent) == (7, 7, 100)
    assert job.attempts == 1
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.subject == "Seven"
    assert str(job.label) == "Count"


def test_a_rolled_back_action_never_starts_its_job(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(worker_tasks.count, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        jobs.enqueue(worker_tasks.count, 3)
        transaction.set_rollback(True)
    assert callbacks == []
    apply_async.assert_not_called()
    assert not Job.objects.exists()


def test_the_same_key_queues_once(django_capture_on_commit_callbacks):
    """A double click finds the job of the first click."""
    with (
        mock.patch.object(worker_tasks.count, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = jobs.enqueue(worker_tasks.count, 3, key="freeze:1")
        second = jobs.enqueue(worker_tasks.count, 3, key="freeze:1")
    assert first.pk == second.pk
    assert Job.objects.count() == 1
    apply_async.assert_called_once()
    assert apply_async.call_args.kwargs["task_id"] == str(first.pk)


def test_a_refused_job_records_its_message_and_runs_its_failure_step(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(worker_tasks.refused)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "The file is too large."
    assert (job.pk, "The file is too large.") in worker_tasks.FAILURES


def test_a_broken_job_records_the_error_and_is_logged(django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(worker_tasks.broken)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "ZeroDivisionError: division by zero"
    assert any("failed" in record.message for record in caplog.records)


def test_without_a_worker_a_job_that_must_try_again_fails_at_once(
    django_capture_on_commit_callbacks,
):
    """Inline there is no back-off to wait in: the request would hang. It fails, with the
    reason, for the person to try again."""
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(worker_tasks.flaky, 1)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "attempt 1 failed"
    assert job.attempts == 1


def test_a_job_whose_queue_cannot_be_reached_says_so(django_capture_on_commit_callbacks):
    refused = ConnectionRefusedError(111, "Connection refused")
    with (
        mock.patch.object(worker_tasks.count, "apply_async", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = jobs.enqueue(worker_tasks.count, 3)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "Connection refused" in job.error


def test_a_finished_job_delivered_twice_does_not_run_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.enqueue(worker_tasks.count, 2)
    worker_tasks.count.apply(args=(str(job.pk), 2), task_id=str(job.pk))
    job.refresh_from_db()
    assert job.attempts == 1


def test_backoff_doubles_up_to_an_hour(settings):
    settings.JOB_RETRY_BACKOFF = 30
    assert 30 <= jobs.backoff(0) <= 37.5
    assert 60 <= jobs.backoff(1) <= 75
    assert 3600 <= jobs.backoff(12) <= 4500


def test_mail_to_several_people_is_one_job_and_one_is_sent_from_the_request(
    django_capture_on_commit_callbacks, leader
):
    with django_capture_on_commit_callbacks(execute=True):
        single = emails.send(
            "registration_to_moderate", to=["a@example.dk"], context=CONTEXT, user=leader
        )
        several = emails.send(
            "registration_to_moderate",
            to=["b@example.dk", "c@example.dk", "d@example.dk"],
            context=CONTEXT,
            user=leader,
        )
    assert single.jobs == []
    [job] = several.jobs
    job.refresh_from_db()
    assert job.task == "portal.send_deliveries"
    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total) == (3, 3)
    assert job.created_by == leader
    # The caller's outcome says what the job did.
    assert len(several.sent) == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@example.dk",
        "b@example.dk",
        "c@example.dk",
        "d@example.dk",
    ]


def test_a_mail_job_whose_server_refuses_fails_and_leaves_the_mail_to_send_again(
    django_capture_on_commit_callbacks, leader, settings
):
    settings.EMAIL_BACKEND = "tests.mail_backends.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        outcome = emails.send(
            "registration_to_moderate",
            to=["b@example.dk", "c@example.dk"],
            context=CONTEXT,
        )
    [job] = outcome.jobs
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    # In the municipality's language, as the worker writes it.
    assert job.error.startswith("2 af 2 e-mails blev ikke modtaget af mailserveren: Connection")
    assert len(outcome.failed) == 2
    assert deliveries.unsent().count() == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.FAILED}


# The pages.


def _job(**fields):
    return Job.objects.create(**{"task": "tests.count", **fields})


def test_the_project_leader_sees_every_job_with_its_state_and_error(client, leader):
    _job(state=Job.State.FAILED, error="ZeroDivisionError: boom", subject="Version 3")
    _job(state=Job.State.RUNNING, done=3, total=10)
    client.force_login(leader)
    response = client.get(reverse("jobs:job-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ZeroDivisionError: boom" in page
    assert "Version 3" in page
    assert "30 %" in page
    # Running before failed.
    assert page.index("30 %") < page.index("boom")


@pytest.mark.parametrize(
    "role", [User.Role.CONSULTANT, User.Role.STEERING_GROUP, User.Role.ENTERPRISE]
)
def test_others_may_not_see_the_list_of_jobs(client, role):
    client.force_login(make_user("someone", role))
    assert client.get(reverse("jobs:job-list")).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client):
    job = _job()
    for url in (
        reverse("jobs:job-list"),
        reverse("jobs:job-detail", args=[job.pk]),
        reverse("jobs:job-status", args=[job.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_the_programme_staff_and_the_person_who_started_a_job_follow_it_and_no_one_else(
    client, consultant, leader
):
    """Staff share the work a job is part of (an import, a report): each may follow it."""
    job = _job(state=Job.State.RUNNING, done=1, total=4, created_by=consultant)
    client.force_login(consultant)
    detail = client.get(reverse("jobs:job-detail", args=[job.pk]))
    assert detail.status_code == 200
    assert reverse("jobs:job-status", args=[job.pk]) in detail.content.decode()
    status = json.loads(client.get(reverse("jobs:job-status", args=[job.pk])).content)
    assert status["state"] == "running"
    assert status["percent"] == 25
    assert status["finished"] is False
    for user in (leader, make_user("other", User.Role.CONSULTANT)):
        client.force_login(user)
        assert client.get(reverse("jobs:job-status", args=[job.pk])).status_code == 200
        assert client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 200
    # Anyone else may not know that the job exists: 404, as for one that does not.
    for role in (User.Role.STEERING_GROUP, User.Role.ENTERPRISE):
        client.force_login(make_user(f"not-{role}", role))
        assert client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("jobs:job-status", args=[job.pk])).status_code == 404


def test_an_enterprise_user_follows_a_job_they_started(client):
    owner = make_user("owner", User.Role.ENTERPRISE)
    job = _job(created_by=owner)
    client.force_login(owner)
    assert client.get(reverse("jobs:job-status", args=[job.pk])).status_code == 200


def test_an_unknown_job_is_not_found(client, leader):
    client.force_login(leader)
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("jobs:job-detail", args=[missing])).status_code == 404
    assert client.get(reverse("jobs:job-status", args=[missing])).status_code == 404


def test_a_finished_job_tells_where_its_result_is(client, consultant):
    job = _job(state=Job.State.SUCCEEDED, created_by=consultant, result_url="/mapping/reports/")
    client.force_login(consultant)
    status = json.loads(client.get(reverse("jobs:job-status", args=[job.pk])).content)
    assert status["finished"] is True
    assert status["result_url"] == "/mapping/reports/"
    assert status["percent"] == 100


def test_failed_jobs_show_on_the_project_leaders_dashboard(client, leader):
    client.force_login(leader)
    assert "panel-failed-jobs" not in client.get(reverse("home")).content.decode()
    from django.utils import timezone

    _job(state=Job.State.FAILED, finished_at=timezone.now(), error="boom")
    page = client.get(reverse("home")).content.decode()
    assert "panel-failed-jobs" in page
    assert reverse("jobs:job-list") in page


def test_finished_jobs_are_deleted_after_the_days_they_are_kept(
    django_capture_on_commit_callbacks, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from portal import tasks

    settings.JOB_KEEP_DAYS = 90
    long_ago = timezone.now() - timedelta(days=91)
    old = _job(state=Job.State.SUCCEEDED, finished_at=long_ago)
    old_failed = _job(state=Job.State.FAILED, finished_at=long_ago)
    recent = _job(state=Job.State.FAILED, finished_at=timezone.now() - timedelta(days=89))
    running = _job(state=Job.State.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        cleaner = jobs.enqueue(tasks.clean_jobs)
    cleaner.refresh_from_db()
    assert cleaner.state == Job.State.SUCCEEDED
    assert cleaner.done == 2
    remaining = set(Job.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, running.pk, cleaner.pk}
    assert old.pk not in remaining and old_failed.pk not in remaining


def test_a_job_redelivered_after_its_worker_died_too_often_is_given_up(
    django_capture_on_commit_callbacks,
):
    """Late acknowledgement hands a job back when its worker dies; one that kills its
    worker each time (the hard time limit, memory) must not come back for ever."""
    job = _job(attempts=worker_tasks.count.max_retries + 1)
    worker_tasks.count.apply(args=(str(job.pk), 3), task_id=str(job.pk))
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.done == 0
    assert job.error == (
        "Jobbet fik baggrundsprocessen til at stoppe for mange gange og blev opgivet."
    )


def test_progress_is_written_at_most_twice_a_second_but_always_when_the_total_changes():
    job = _job()
    jobs.job_progress(job, 0, 100)
    jobs.job_progress(job, 1, 100)  # within half a second: kept in memory only
    assert Job.objects.get(pk=job.pk).done == 0
    assert job.done == 1
    jobs.job_progress(job, 2, 120)  # the work grew: written at once
    stored = Job.objects.get(pk=job.pk)
    assert (stored.done, stored.total) == (2, 120)
    jobs.job_progress(job, 120, 120)  # done: written at once
    assert Job.objects.get(pk=job.pk).done == 120


@pytest.mark.django_db(transaction=True)
def test_mail_sent_outside_any_transaction_goes_out_at_once():
    """A step run after its action committed (a notice on a council decision) sends in
    autocommit: the mail must go out then, one from here and several from a job."""
    one = emails.send("registration_to_moderate", to=["a@example.dk"], context=CONTEXT)
    assert [delivery.status for delivery in one.deliveries] == [Delivery.Status.SENT]
    several = emails.send(
        "registration_to_moderate", to=["b@example.dk", "c@example.dk"], context=CONTEXT
    )
    assert len(several.sent) == 2
    assert Job.objects.get().state == Job.State.SUCCEEDED
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@example.dk",
        "b@example.dk",
        "c@example.dk",
    ]


def test_a_job_lost_on_the_way_is_settled_as_failed_with_its_failure_step(settings):
    """A message lost with the broker, or a worker killed at the hard time limit (Celery
    then acknowledges the message: it never comes back), leaves a job unfinished for ever;
    past the longest it may take, it is failed and what it prepared can be tried again."""
    from datetime import timedelta

    from django.utils import timezone

    fresh = _job(task="tests.refused", state=Job.State.RUNNING, started_at=timezone.now())
    assert jobs.settle(fresh).state == Job.State.RUNNING
    long_ago = timezone.now() - jobs.overdue_after() - timedelta(minutes=1)
    lost = _job(task="tests.refused", state=Job.State.QUEUED)
    Job.objects.filter(pk=lost.pk).update(created_at=long_ago)
    lost.refresh_from_db()
    settled = jobs.settle(lost)
    assert settled.state == Job.State.FAILED
    assert (
        settled.error
        == "Jobbet blev ikke færdigt: baggrundsprocessen stoppede, eller beskeden gik tabt."
    )
    assert any(pk == lost.pk for pk, _message in worker_tasks.FAILURES)


def test_a_job_whose_queue_cannot_be_reached_runs_its_failure_step(
    django_capture_on_commit_callbacks,
):
    refused = ConnectionRefusedError(111, "Connection refused")
    with (
        mock.patch.object(worker_tasks.refused, "apply_async", side_effect=refused),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = jobs.enqueue(worker_tasks.refused)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert any(pk == job.pk and "Connection refused" in text for pk, text in worker_tasks.FAILURES)


def test_a_web_process_knows_every_jobs_label():
    """The list of jobs names each in words, also in a process that never imported the
    apps' tasks modules itself (a gunicorn worker)."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django; django.setup()\n"
        "from portal.jobs import label_of\n"
        "names = ['portal.send_deliveries', 'portal.clean_jobs', 'mapping.check_cvr',"
        " 'mapping.import_read', 'mapping.report_pdf', 'strategy.stale_reminders']\n"
        "print(sum(label_of(name) != name for name in names))\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "6"
