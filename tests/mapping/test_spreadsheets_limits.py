"""Import in background jobs with hard limits: what the upload request does (store the file,
queue a job) and does not (read it); the unpacked size of a workbook, the number of rows and
the time a step may take; each step queued once; a failed step fails its import with the
reason, and no import is left busy. How fast the refusals are is measured in
bench/import_start.py, not here."""

import csv
import types
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import ImportBatch, Organisation
from mapping.services import spreadsheet_steps as steps
from mapping.services.spreadsheets import import_batch_start_commit
from mapping.spreadsheets import jobs as import_jobs
from mapping.spreadsheets import limits, planning, reading
from portal import jobs
from portal.models import Job, User
from tests.conftest import make_user
from tests.factories.mapping import ImportBatchFactory
from tests.mapping.import_steps import (
    assert_nothing_changed,
    column_data,
    commit,
    counts,
    csv_file,
    jobs_run,
    start_import,
    upload,
    xlsx_file,
)
from tests.mapping.spreadsheet_files import audit_workbook, organisations_csv, unpacked_size

pytestmark = pytest.mark.django_db

State = ImportBatch.State
ROWS = [
    ["Navn", "Sektor", "Type", "Kontaktperson"],
    ["Alfa Forening", "civil", "association", "Anne"],
    ["Beta Forening", "civil", "association", "Bo"],
    ["Gamma Forening", "civil", "association", "Carl"],
]


def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def keys(batch):
    return list(
        Job.objects.filter(object_id=batch.pk).order_by("created_at").values_list("key", flat=True)
    )


def refuse(*args, **kwargs):
    raise AssertionError("the file was opened")


# --- The upload request only stores the file ----------------------------------------------


def test_the_upload_request_stores_the_file_and_queues_its_reading(client, leader, monkeypatch):
    read = []
    real = steps.read_spreadsheet
    monkeypatch.setattr(
        steps, "read_spreadsheet", lambda *args, **kwargs: read.append(1) or real(*args, **kwargs)
    )
    client.force_login(leader)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        response = upload_unrun(client, csv_file(ROWS))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("mapping:import-columns", args=[batch.pk])
    # Nothing was read in the request: the file waits for its job.
    assert (read, batch.state, batch.sheet) == ([], State.READING, {})
    job = Job.objects.get()
    assert (job.task, job.state, job.key) == (
        "mapping.import_read",
        Job.State.QUEUED,
        f"mapping.import:{batch.pk}:read",
    )
    assert job.about == batch and job.created_by == leader
    assert job.subject == f"Import {batch.pk}"  # not the file's name, which may name a person
    # Its page shows the reading's progress, and the way to cancel.
    page = client.get(response["Location"])
    assert page.context["job"] == job
    assert reverse("jobs:job-status", args=[job.pk]) in page.content.decode()
    assert page.context["form"] is None
    for callback in callbacks:
        callback()
    batch.refresh_from_db()
    assert (read, batch.state, batch.sheet["rows"]) == ([1], State.PREVIEW, 3)
    assert batch.sheet["headers"] == ROWS[0]
    assert client.get(response["Location"]).context["form"] is not None


def upload_unrun(client, data, name="organisationer.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("mapping:import-upload"), {"file": SimpleUploadedFile(name, data)})


def test_a_file_over_the_size_limit_is_refused_by_the_request_unread(client, leader, settings):
    english(client, settings)
    settings.IMPORT_MAX_BYTES = 100
    client.force_login(leader)
    response = upload(client, organisations_csv(10), "stor.csv")
    assert response.status_code == 200
    with translation.override("en"):
        assert [str(error) for error in response.context["form"].errors["file"]] == [
            "The file is larger than 100\xa0bytes. Split it into smaller files."
        ]
    assert not ImportBatch.objects.exists() and not Job.objects.exists()


# --- What a workbook unpacks to -------------------------------------------------------------


def test_the_audits_zip_bomb_is_refused_from_its_zip_directory(
    client,
    leader,
    known,  # noqa: F811
    monkeypatch,
):
    """The audit's workbook took 127 s and 1 GB before it killed the worker. It is refused
    from the sizes its zip directory declares: openpyxl never sees it, and no member of the
    archive is unpacked."""
    data = audit_workbook()
    assert len(data) < 600 * 1024
    assert unpacked_size(data) > 100 * 1024 * 1024
    monkeypatch.setattr(reading, "load_workbook", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    before = counts()
    client.force_login(leader)  # in Danish, the portal's language
    response = upload(client, data, "kortlægning.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.state == State.FAILED
    assert batch.error.startswith("Excel-filen fylder 100,0\xa0MB, når den pakkes ud, mere end")
    assert "Gem arket som CSV (semikolonsepareret)" in batch.error
    # Nothing is kept but the refused import and why; its page says so.
    assert (batch.file.name, batch.sheet, batch.preview) == ("", {}, {})
    assert_nothing_changed(known, before)
    page = client.get(response["Location"]).content.decode()
    assert "Importen stoppede" in page and "Excel-filen fylder" in page
    job = Job.objects.get()
    assert (job.state, job.error) == (Job.State.FAILED, batch.error)


def test_a_workbook_packed_like_a_zip_bomb_is_refused_under_the_size_limit(
    client, leader, settings, monkeypatch
):
    """5 MB of one letter packs a thousand times: no spreadsheet does."""
    english(client, settings)
    data = audit_workbook(unpacked=5 * 1024 * 1024)
    assert unpacked_size(data) < limits.max_unpacked_bytes()
    monkeypatch.setattr(reading, "load_workbook", refuse)
    client.force_login(leader)
    upload(client, data, "liste.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.state == State.FAILED
    assert batch.error.startswith("The workbook would unpack to ")
    assert "times its size" in batch.error


def test_an_ordinary_workbook_is_read_in_read_only_mode(client, leader, monkeypatch):
    modes = []
    real = reading.load_workbook

    def spy(*args, **kwargs):
        modes.append(kwargs.get("read_only"))
        return real(*args, **kwargs)

    monkeypatch.setattr(reading, "load_workbook", spy)
    client.force_login(leader)
    upload(client, xlsx_file(ROWS), "liste.xlsx")
    assert ImportBatch.objects.get().state == State.PREVIEW
    assert modes == [True]


# --- The number of rows -----------------------------------------------------------------------


def test_a_csv_file_of_100000_rows_is_refused_at_the_limit(client, leader, settings, monkeypatch):
    """Reading stops at the first row over IMPORT_MAX_ROWS: the rest is never parsed."""
    english(client, settings)
    data = csv_file([["Navn", "By"]] + [[f"Forening {i}", "Gram"] for i in range(100_000)])
    assert len(data) < settings.IMPORT_MAX_BYTES
    parsed = []

    def counting_reader(*args, **kwargs):
        for row in csv.reader(*args, **kwargs):
            parsed.append(1)
            yield row

    monkeypatch.setattr(
        reading, "csv", types.SimpleNamespace(reader=counting_reader, Error=csv.Error)
    )
    client.force_login(leader)
    upload(client, data, "alle.csv")
    batch = ImportBatch.objects.get()
    assert batch.state == State.FAILED
    assert batch.error == (
        "The file has more than 20,000 rows. Split it into files of at most 20,000 rows each "
        "and import them one by one."
    )
    assert len(parsed) == 1 + 20_000 + 1  # the headings, the rows allowed, the one too many
    assert not Organisation.objects.exists()


def test_a_file_at_the_row_limit_is_read(client, leader, settings):
    settings.IMPORT_MAX_ROWS = 30
    client.force_login(leader)
    upload(client, organisations_csv(30) + b";;;;;;;\r\n" * 10)  # blank rows do not count
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.sheet["rows"]) == (State.PREVIEW, 30)


def test_a_workbook_with_too_many_rows_is_refused(client, leader, settings):
    settings.IMPORT_MAX_ROWS = 50
    client.force_login(leader)
    rows = [ROWS[0]] + [[f"Forening {i}", "civil", "association", ""] for i in range(51)]
    upload(client, xlsx_file(rows), "liste.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.state == State.FAILED
    assert batch.error.startswith("Filen har mere end 50 rækker.")


# --- The time a step may take ---------------------------------------------------------------


@pytest.fixture
def no_time(settings, monkeypatch):
    """No time at all for a step, and a look at the clock at every row."""
    settings.IMPORT_TIME_LIMIT = 0
    monkeypatch.setattr(reading, "CHECK_EVERY", 1)
    monkeypatch.setattr(planning, "CHECK_EVERY", 1)


TIME_UP = (
    "The import took longer than 0 seconds and was stopped. Nothing was saved. Split the file "
    "into smaller files and import them one by one."
)


def test_reading_that_runs_out_of_time_fails_the_import(client, leader, settings, no_time):
    english(client, settings)
    client.force_login(leader)
    upload(client, organisations_csv(5))
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.error, batch.file.name) == (State.FAILED, TIME_UP, "")


def test_a_preview_that_runs_out_of_time_fails_and_can_be_tried_again(
    client, leader, settings, monkeypatch
):
    english(client, settings)
    client.force_login(leader)
    upload(client, organisations_csv(5))
    batch = ImportBatch.objects.get()
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    data = column_data(client.get(columns_url))
    settings.IMPORT_TIME_LIMIT = 0
    monkeypatch.setattr(planning, "CHECK_EVERY", 1)
    with jobs_run():
        response = client.post(columns_url, data)
    batch.refresh_from_db()
    assert (batch.state, batch.error) == (State.FAILED, TIME_UP)
    # The preview leads to the column page, which says why and offers to try again.
    response = client.get(response["Location"])
    assert response["Location"] == columns_url
    page = client.get(columns_url)
    assert TIME_UP in page.content.decode() and page.context["form"] is not None
    settings.IMPORT_TIME_LIMIT = 600
    with jobs_run():
        client.post(columns_url, data)
    batch.refresh_from_db()
    assert (batch.state, batch.error, batch.revision) == (State.PREVIEW, "", 2)


def test_an_import_that_runs_out_of_time_saves_nothing(client, leader, settings, monkeypatch):
    """Out of time after the first organisation was saved: the transaction undoes it."""
    english(client, settings)
    client.force_login(leader)
    batch, preview = start_import(client, csv_file(ROWS))
    checks = []
    real_check = limits.Deadline.check

    def second_check_fails(deadline):
        checks.append(1)
        if len(checks) == 2:
            deadline.ends = 0
        return real_check(deadline)

    monkeypatch.setattr(limits.Deadline, "check", second_check_fails)
    before = counts()
    commit(client, batch, preview)
    assert len(checks) == 2
    assert counts() == before
    batch.refresh_from_db()
    assert batch.state == State.FAILED
    assert batch.error.startswith("The import took longer than 10 minutes and was stopped.")
    assert batch.file and batch.sheet  # kept, to choose the columns again or cancel
    with jobs_run():
        client.post(reverse("mapping:import-cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.state == State.CANCELLED and counts() == before


def test_a_step_stopped_by_celerys_time_limit_fails_its_import(
    client, leader, settings, monkeypatch
):
    """Where a step cannot look at the clock, Celery's soft time limit stops it; the job's
    failure step then fails the import with the reason."""
    english(client, settings)
    client.force_login(leader)
    upload(client, csv_file(ROWS))
    batch = ImportBatch.objects.get()

    def stuck(**kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(import_jobs.steps, "import_batch_prepare", stuck)
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    with jobs_run():
        client.post(columns_url, column_data(client.get(columns_url)))
    batch.refresh_from_db()
    job = Job.objects.get(task="mapping.import_preview")
    assert (job.state, batch.state, batch.error) == (Job.State.FAILED, State.FAILED, job.error)
    assert batch.error
    assert batch.error in client.get(columns_url).content.decode()


def test_the_jobs_have_celerys_time_limits_past_the_steps_own(settings):
    for task in (import_jobs.import_read, import_jobs.import_preview, import_jobs.import_commit):
        assert task.soft_time_limit == limits.time_limit() + import_jobs.SOFT_MARGIN
        assert task.time_limit > task.soft_time_limit


# --- No import is left busy -----------------------------------------------------------------


def queued_commit(client, batch):
    """Start the import without running its job (the worker is busy, or dies)."""
    plan, _good = import_batch_preview_of(batch)
    with TestCase.captureOnCommitCallbacks(execute=False):
        client.post(reverse("mapping:import-commit", args=[batch.pk]), {"digest": plan.digest})
    batch.refresh_from_db()
    assert batch.state == State.IMPORTING
    return Job.objects.get(object_id=batch.pk, task="mapping.import_commit")


def import_batch_preview_of(batch):
    from mapping.services.spreadsheets import import_batch_preview

    return import_batch_preview(batch=batch)


def test_an_import_whose_worker_died_is_failed_not_stuck(client, leader, settings):
    english(client, settings)
    client.force_login(leader)
    batch = ImportBatchFactory(created_by=leader, data=csv_file(ROWS), preview=True)
    job = queued_commit(client, batch)
    # The worker took it, then was killed at the hard time limit: the job stays "running".
    started = timezone.now() - timedelta(seconds=limits.time_limit() + 10 * 60)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=started)
    response = client.get(reverse("mapping:import-result", args=[batch.pk]), follow=True)
    batch.refresh_from_db()
    assert batch.state == State.FAILED
    assert batch.error == "The import stopped without finishing. Start it again, or cancel it."
    assert batch.error in response.content.decode()
    assert response.context["form"] is not None  # start over from the columns


def test_an_import_whose_job_failed_without_its_failure_step_is_failed(client, leader):
    client.force_login(leader)
    batch = ImportBatchFactory(created_by=leader, data=csv_file(ROWS), preview=True)
    job = queued_commit(client, batch)
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error="Worker lost.")
    client.get(reverse("mapping:import-preview", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.state, batch.error) == (State.FAILED, "Worker lost.")


def test_a_queued_import_can_be_cancelled_and_its_job_then_does_nothing(client, leader):
    client.force_login(leader)
    batch = ImportBatchFactory(created_by=leader, data=csv_file(ROWS), preview=True)
    plan, _good = import_batch_preview_of(batch)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        client.post(reverse("mapping:import-commit", args=[batch.pk]), {"digest": plan.digest})
    page = client.get(reverse("mapping:import-result", args=[batch.pk]))
    assert reverse("mapping:import-cancel", args=[batch.pk]) in page.content.decode()
    with jobs_run():
        client.post(reverse("mapping:import-cancel", args=[batch.pk]))
    for callback in callbacks:  # the worker gets to it after all
        callback()
    batch.refresh_from_db()
    assert batch.state == State.CANCELLED
    assert not Organisation.objects.exists()


def test_a_running_import_cannot_be_cancelled(client, leader, settings):
    english(client, settings)
    client.force_login(leader)
    batch = ImportBatchFactory(created_by=leader, data=csv_file(ROWS), preview=True)
    job = queued_commit(client, batch)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=timezone.now())
    response = client.post(reverse("mapping:import-cancel", args=[batch.pk]), follow=True)
    assert "The import is under way and cannot be cancelled now." in response.content.decode()
    batch.refresh_from_db()
    assert batch.state == State.IMPORTING


# --- Each step once, with its progress ------------------------------------------------------


def test_each_step_is_queued_once_however_often_it_is_clicked(client, leader):
    client.force_login(leader)
    upload(client, csv_file(ROWS))
    batch = ImportBatch.objects.get()
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    data = column_data(client.get(columns_url))
    with jobs_run():
        first = client.post(columns_url, data)
        second = client.post(columns_url, data)  # a double click, before the job has run
    assert (
        first["Location"]
        == second["Location"]
        == reverse("mapping:import-preview", args=[batch.pk])
    )
    preview = client.get(first["Location"])
    with jobs_run():
        for _click in range(2):
            response = client.post(
                reverse("mapping:import-commit", args=[batch.pk]),
                {"digest": preview.context["plan"].digest},
            )
            assert response["Location"] == reverse("mapping:import-result", args=[batch.pk])
    assert keys(batch) == [
        f"mapping.import:{batch.pk}:read",
        f"mapping.import:{batch.pk}:preview:1",
        f"mapping.import:{batch.pk}:commit:1",
    ]
    assert Organisation.objects.count() == 3
    batch.refresh_from_db()
    assert batch.summary["created"] == 3


def test_two_commits_that_both_found_the_preview_queue_one_job(leader, monkeypatch):
    """Two requests at the same moment: the key, not only the state, keeps it to one job."""
    batch = ImportBatchFactory(created_by=leader, data=csv_file(ROWS), preview=True)
    plan, _good = import_batch_preview_of(batch)
    queued = []
    monkeypatch.setattr(import_jobs.import_commit, "apply_async", lambda **kw: queued.append(kw))
    with jobs_run():
        import_batch_start_commit(batch=batch, by=leader, digest=plan.digest)
        ImportBatch.objects.filter(pk=batch.pk).update(state=State.PREVIEW)
        import_batch_start_commit(batch=batch, by=leader, digest=plan.digest)
    assert Job.objects.filter(key=f"mapping.import:{batch.pk}:commit:1").count() == 1
    assert len(queued) == 1


def test_a_commit_refused_by_the_request_queues_nothing(client, leader, settings):
    english(client, settings)
    client.force_login(leader)
    batch = ImportBatchFactory(created_by=leader, data=csv_file(ROWS), preview=True)
    with jobs_run():
        response = client.post(
            reverse("mapping:import-commit", args=[batch.pk]), {"digest": "forged"}, follow=True
        )
    assert "the organisations changed since the preview was shown" in response.content.decode()
    assert not Job.objects.filter(task="mapping.import_commit").exists()
    batch.refresh_from_db()
    assert batch.state == State.PREVIEW and not Organisation.objects.exists()


def test_the_jobs_record_their_progress(client, leader):
    client.force_login(leader)
    batch, preview = start_import(client, organisations_csv(7))
    preview_job = Job.objects.get(task="mapping.import_preview")
    assert (preview_job.state, preview_job.done, preview_job.total) == (Job.State.SUCCEEDED, 7, 7)
    commit(client, batch, preview)
    commit_job = Job.objects.get(task="mapping.import_commit")
    # Each row counts twice: planned, then saved.
    assert (commit_job.state, commit_job.done, commit_job.total) == (Job.State.SUCCEEDED, 14, 14)
    assert commit_job.result_url == reverse("mapping:import-result", args=[batch.pk])
    assert Organisation.objects.count() == 7


def test_the_pages_show_the_progress_of_the_step_under_way(client, leader):
    client.force_login(leader)
    batch = ImportBatchFactory(created_by=leader, data=csv_file(ROWS))
    columns_url = reverse("mapping:import-columns", args=[batch.pk])
    with TestCase.captureOnCommitCallbacks(execute=False):
        client.post(columns_url, column_data(client.get(columns_url)))
    page = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    job = Job.objects.get(task="mapping.import_preview")
    assert page.context["job"] == job and page.context["plan"] is None
    html = page.content.decode()
    assert reverse("jobs:job-status", args=[job.pk]) in html
    assert "data-job-status" in html


# --- On PostgreSQL, with real transactions --------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_imports_progress_shows_while_its_transaction_runs(monkeypatch):
    """The import writes its rows in one transaction; its progress is written beside it, so
    the page that polls the job sees it move before the transaction commits."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time: there the progress shows at the end")
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 0)
    batch = ImportBatchFactory(created_by=leader, data=organisations_csv(6), preview=True)
    plan, _good = import_batch_preview_of(batch)
    seen = []
    real_save = steps._save
    observer = connections.create_connection(DEFAULT_DB_ALIAS)

    def save_and_look(instance, **kwargs):
        real_save(instance, **kwargs)
        with observer.cursor() as cursor:
            cursor.execute(
                "SELECT done, total FROM portal_job WHERE task = 'mapping.import_commit'"
            )
            seen.append(cursor.fetchone())
            cursor.execute("SELECT count(*) FROM mapping_organisation")
            seen.append(cursor.fetchone())

    monkeypatch.setattr(steps, "_save", save_and_look)
    try:
        import_batch_start_commit(batch=batch, by=leader, digest=plan.digest)
    finally:
        observer.close()
    # While it ran, another connection saw the rows planned and saved so far, and none of
    # the organisations (not committed yet).
    progress = seen[0::2]
    assert progress[0] == (6, 12)  # planned all six, saved none yet
    assert progress[-1][0] > 6 and all(total == 12 for _done, total in progress)
    assert set(seen[1::2]) == {(0,)}
    assert Organisation.objects.count() == 6
    job = Job.objects.get(task="mapping.import_commit")
    assert (job.state, job.done, job.total) == (Job.State.SUCCEEDED, 12, 12)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_commits_at_the_same_moment_import_once():
    """A double click sends two requests at once; the batch's row lock and the job's key
    keep it to one import."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite takes turns by its write lock")
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    batch = ImportBatchFactory(created_by=leader, data=organisations_csv(3), preview=True)
    plan, _good = import_batch_preview_of(batch)
    url = reverse("mapping:import-commit", args=[batch.pk])

    def click():
        client = Client()
        client.force_login(leader)
        try:
            return client.post(url, {"digest": plan.digest}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(lambda _n: click(), range(2)))
    assert statuses == [302, 302]
    assert Job.objects.filter(task="mapping.import_commit").count() == 1
    assert Organisation.objects.count() == 3
    batch.refresh_from_db()
    assert batch.state == State.DONE


def test_a_failed_import_cannot_be_committed_and_says_how_to_go_on(client, leader, settings):
    english(client, settings)
    client.force_login(leader)
    batch = ImportBatchFactory(created_by=leader, data=csv_file(ROWS), preview=True)
    plan, _good = import_batch_preview_of(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(state=State.FAILED, error="Out of time.")
    with jobs_run():
        response = client.post(
            reverse("mapping:import-commit", args=[batch.pk]), {"digest": plan.digest}, follow=True
        )
    html = response.content.decode()
    assert "The import stopped. Choose the columns again, or cancel it." in html
    assert "Out of time." in html and response.context["form"] is not None
    assert not Job.objects.filter(task="mapping.import_commit").exists()
    assert not Organisation.objects.exists()
