"""The scheduled work: Celery beat starts each entry of CELERY_BEAT_SCHEDULE as a recorded
job (portal.start_job), at a time in Copenhagen; each job runs and records its Job, as the
worker runs it. The management commands stay for a manual run."""

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.test import override_settings

from portal import jobs
from portal.celery import app
from portal.models import Delivery, Job

ENTRIES = sorted(settings.CELERY_BEAT_SCHEDULE.items())


@pytest.fixture(scope="module", autouse=True)
def tasks_loaded():
    """The apps' tasks modules, as the worker and beat load them."""
    app.loader.import_default_modules()


def test_the_schedule_runs_the_cvr_checks_the_clean_up_and_the_reminders():
    names = {entry["args"][0] for _name, entry in ENTRIES}
    assert names == {
        "mapping.check_cvr",
        "mapping.clean_imports",
        "strategy.stale_reminders",
        "portal.clean_jobs",
        "network.expire_offers",
        "network.send_reminders",
        "network.send_evaluations",
        "network.forget_participants",
    }
    assert app.conf.timezone == "Europe/Copenhagen"
    nightly = settings.CELERY_BEAT_SCHEDULE["check-cvr"]
    assert nightly["kwargs"] == {"older_than_days": 7}


@pytest.mark.parametrize(("name", "entry"), ENTRIES)
def test_each_entry_starts_a_registered_job_on_a_crontab(name, entry):
    assert entry["task"] == "portal.start_job"
    assert entry["task"] in app.tasks
    assert entry["args"][0] in app.tasks
    assert str(jobs.label_of(entry["args"][0])) != entry["args"][0]  # a job, with its label
    assert isinstance(entry["schedule"], crontab)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "entry"), ENTRIES)
def test_each_scheduled_job_runs_and_records_its_job(
    name, entry, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app.tasks[entry["task"]].apply(args=entry["args"], kwargs=entry.get("kwargs", {}))
    [job] = Job.objects.all()
    assert job.task == entry["args"][0]
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.created_by is None  # started by the schedule, not by a person


@pytest.mark.django_db
@override_settings(STRATEGY_STALE_DAYS=5)
def test_the_reminders_job_hands_its_e_mails_to_one_mail_job(
    live_plan, leader, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        jobs.start_job.apply(args=("strategy.stale_reminders",))
    reminders = Job.objects.get(task="strategy.stale_reminders")
    mailing = Job.objects.get(task="portal.send_deliveries")
    assert reminders.state == mailing.state == Job.State.SUCCEEDED
    assert (mailing.done, mailing.total) == (2, 2)
    assert mailing.about == live_plan["strategy"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, consultant.email])
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
