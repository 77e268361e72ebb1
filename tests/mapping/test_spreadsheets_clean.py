"""`manage.py clean_imports`: the uploaded files of imports left unfinished are not kept."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import ImportBatch, Organisation
from portal.storage import private_storage
from tests.mapping.test_spreadsheets import csv_file
from tests.mapping.test_spreadsheets import make_batch as make_import

pytestmark = pytest.mark.django_db

DATA = csv_file([["Navn", "Sektor", "Type"], ["Glemt Forening", "civil", "association"]])


def make_batch(user, *, days_old, **fields):
    created_at = timezone.now() - timedelta(days=days_old)
    return make_import(user, DATA, created_at=created_at, **fields)


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
