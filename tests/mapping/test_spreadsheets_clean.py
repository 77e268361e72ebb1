"""`manage.py clean_imports`: the uploaded files of imports left unfinished are not kept."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import ImportBatch, Organisation
from mapping.services.spreadsheets import import_batch_create
from portal.models import Job
from portal.storage import private_storage
from tests.factories.mapping import ImportBatchFactory
from tests.mapping.import_steps import csv_file

pytestmark = pytest.mark.django_db

DATA = csv_file([["Navn", "Sektor", "Type"], ["Glemt Forening", "civil", "association"]])


def make_batch(user, *, days_old, **fields):
    created_at = timezone.now() - timedelta(days=days_old)
    return ImportBatchFactory(created_by=user, data=DATA, created_at=created_at, **fields)


def clean(capture):
    out = io.StringIO()
    with capture(execute=True), translation.override("en"):
        call_command("clean_imports", stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def batches(leader):
    return {
        "old preview": make_batch(leader, days_old=3),
        "old cancelled": make_batch(leader, days_old=5, state=ImportBatch.State.CANCELLED),
        "recent preview": make_batch(leader, days_old=1),
    }


def test_it_forgets_old_files_and_cancels_old_previews(
    client, leader, batches, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_KEEP_DAYS = 2
    files = {name: batch.file.name for name, batch in batches.items()}
    assert all(private_storage().exists(name) for name in files.values())

    output = clean(django_capture_on_commit_callbacks)
    assert output == (
        "Imports older than 2 days. Uploaded files deleted: 2. Imports awaiting confirmation "
        "cancelled: 1."
    )
    for name in ("old preview", "old cancelled"):
        batch = ImportBatch.objects.get(pk=batches[name].pk)
        assert batch.state == ImportBatch.State.CANCELLED
        assert not batch.file
        assert not private_storage().exists(files[name])
    assert ImportBatch.objects.get(pk=batches["old preview"].pk).summary["expired"] is True
    recent = ImportBatch.objects.get(pk=batches["recent preview"].pk)
    assert recent.state == ImportBatch.State.PREVIEW
    assert private_storage().exists(files["recent preview"])
    assert not Organisation.objects.exists()

    # The expired import cannot be continued: it shows that nothing was imported.
    client.force_login(leader)
    old = batches["old preview"]
    preview = client.get(reverse("mapping:import-preview", args=[old.pk]))
    assert preview["Location"] == reverse("mapping:import-result", args=[old.pk])
    response = client.post(reverse("mapping:import-commit", args=[old.pk]), {"digest": "x"})
    assert response["Location"] == reverse("mapping:import-result", args=[old.pk])
    assert not Organisation.objects.exists()

    # A second run finds nothing left to do.
    assert clean(django_capture_on_commit_callbacks).startswith(
        "Imports older than 2 days. Uploaded files deleted: 0. Imports awaiting confirmation "
        "cancelled: 0."
    )
    private_storage().delete(files["recent preview"])


def test_the_number_of_days_comes_from_the_settings(
    batches, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_KEEP_DAYS = 0
    assert "deleted: 3. Imports awaiting confirmation cancelled: 2." in clean(
        django_capture_on_commit_callbacks
    )
    assert not ImportBatch.objects.filter(state=ImportBatch.State.PREVIEW).exists()


def test_without_the_setting_it_keeps_files_for_two_days(
    batches, settings, django_capture_on_commit_callbacks
):
    del settings.IMPORT_KEEP_DAYS
    assert clean(django_capture_on_commit_callbacks).startswith(
        "Imports older than 2 days. Uploaded files deleted: 2. Imports awaiting confirmation "
        "cancelled: 1."
    )
    recent = batches["recent preview"]
    assert ImportBatch.objects.get(pk=recent.pk).state == ImportBatch.State.PREVIEW
    private_storage().delete(recent.file.name)


def test_a_finished_import_keeps_its_result(leader, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_KEEP_DAYS = 2
    summary = {"created": 1, "rows": []}
    done = make_batch(leader, days_old=10, state=ImportBatch.State.DONE, summary=summary)
    output = clean(django_capture_on_commit_callbacks)
    assert "deleted: 1. Imports awaiting confirmation cancelled: 0." in output
    done.refresh_from_db()
    assert (done.state, done.summary, done.file.name) == (ImportBatch.State.DONE, summary, "")


def aged(batch, days):
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(days=days))
    batch.refresh_from_db()
    return batch


def test_an_import_whose_job_is_running_is_left_to_it(
    leader, settings, django_capture_on_commit_callbacks
):
    """The job reads the file now: deleting it under the job would fail the job for nothing.
    It is cleaned the next night, once the job is done."""
    settings.IMPORT_KEEP_DAYS = 2
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        batch = import_batch_create(name="liste.csv", data=DATA, by=leader)
    batch = aged(batch, 3)
    Job.objects.filter(object_id=batch.pk).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    output = clean(django_capture_on_commit_callbacks)
    assert output.endswith("Imports left to the job that is working on them: 1.")
    assert "Uploaded files deleted: 0." in output
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.READING
    assert private_storage().exists(batch.file.name)
    private_storage().delete(batch.file.name)
    assert callbacks  # the job, which the test does not run


def test_an_import_whose_job_is_queued_or_dead_is_cancelled_and_its_job_does_nothing(
    leader, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_KEEP_DAYS = 2
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        waiting = aged(import_batch_create(name="liste.csv", data=DATA, by=leader), 3)
    with TestCase.captureOnCommitCallbacks(execute=False):
        dead = aged(import_batch_create(name="liste.csv", data=DATA, by=leader), 3)
    long_ago = timezone.now() - timedelta(days=1)
    Job.objects.filter(object_id=dead.pk).update(state=Job.State.RUNNING, started_at=long_ago)
    files = [waiting.file.name, dead.file.name]
    output = clean(django_capture_on_commit_callbacks)
    assert "Uploaded files deleted: 2. Imports awaiting confirmation cancelled: 2." in output
    for batch in (waiting, dead):
        batch.refresh_from_db()
        assert (batch.state, batch.file.name) == (ImportBatch.State.CANCELLED, "")
    assert not any(private_storage().exists(name) for name in files)
    for callback in queued:  # the worker gets to the queued job after all
        callback()
    waiting.refresh_from_db()
    assert (waiting.state, waiting.sheet) == (ImportBatch.State.CANCELLED, {})


def test_a_failed_import_is_cancelled_and_forgets_what_was_read(
    leader, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_KEEP_DAYS = 2
    batch = make_batch(leader, days_old=3, state=ImportBatch.State.FAILED, error="Out of time.")
    assert batch.sheet  # headings and examples: personal data, as the file is
    name = batch.file.name
    assert "cancelled: 1." in clean(django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert (batch.state, batch.file.name, batch.sheet, batch.preview) == (
        ImportBatch.State.CANCELLED,
        "",
        {},
        {},
    )
    assert not private_storage().exists(name)
