"""Freezing answers at once and a background job makes the version's PDF: until it exists the
version is being prepared (its pages show how far the job has come, its PDF is not served,
it is not submitted); a failed job says why and the project leader may try again."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import mapping.reports as report_package
from mapping.agenda import agenda_subjects
from mapping.models import ReportNarrative, ReportVersion
from mapping.reports import jobs as report_jobs
from mapping.services import reports as services
from portal import jobs
from portal.models import Job
from tests.factories.portal import UserFactory
from tests.mapping.report_fakes import freeze_now, stored_bytes

pytestmark = pytest.mark.django_db

PdfState = ReportVersion.PdfState


def write_introduction(text):
    narrative = ReportNarrative.current()
    narrative.introduction = text
    narrative.save()


def preparing_version(client, leader):
    """A version frozen through the form whose job has not run yet (a busy worker)."""
    client.force_login(leader)
    client.post(reverse("mapping:report-freeze"), {"latest_seen": "0"})
    return ReportVersion.objects.get()


def failed_version(leader, fake):
    fake.fail = True
    version = freeze_now(by=leader)
    fake.fail = False
    return version


# --- The request ------------------------------------------------------------------------


def test_the_freeze_answers_at_once_and_queues_the_pdf_job(
    client, leader, fake_report, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("mapping:report-freeze"), {"latest_seen": "0"})

    version = ReportVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == version.get_absolute_url()
    assert fake_report.calls == []  # nothing was rendered in the request
    assert (version.number, version.pdf_state, version.pdf.name) == (1, PdfState.PREPARING, "")
    job = Job.objects.get()
    assert (job.task, job.state, job.key) == (
        report_jobs.TASK,
        Job.State.QUEUED,
        f"report-pdf:{version.pk}",
    )
    assert (job.about, job.created_by, job.result_url) == (
        version,
        leader,
        version.get_absolute_url(),
    )
    # Handed to the worker once the freeze commits, not before.
    assert len(callbacks) == 1
    with mock.patch.object(report_jobs.make_report_pdf, "apply_async") as apply_async:
        callbacks[0]()
    apply_async.assert_called_once_with(
        args=(str(job.pk), version.pk), kwargs={}, task_id=str(job.pk)
    )


def test_a_second_freeze_while_the_pdf_is_prepared_makes_no_version(client, leader, fake_report):
    version = preparing_version(client, leader)
    response = client.post(reverse("mapping:report-freeze"))  # no token: a second window
    assert response["Location"] == version.get_absolute_url()
    assert ReportVersion.objects.count() == 1
    assert Job.objects.count() == 1
    with translation.override("da"):
        said = gettext("No new version was made: version %(number)s is still being prepared.")
        assert said % {"number": 1} in client.get(version.get_absolute_url()).content.decode()


# --- While the PDF is being prepared ------------------------------------------------------


def test_the_version_page_says_it_is_being_prepared_and_shows_the_progress(
    client, leader, fake_report
):
    version = preparing_version(client, leader)
    job = services.pdf_job(version)
    page = client.get(version.get_absolute_url()).content.decode()

    with translation.override("da"):
        assert gettext("Being prepared") in page
        assert gettext("Submit to the steering group") not in page
    assert f'data-job-status="{reverse("jobs:job-status", args=[job.pk])}"' in page
    assert "<progress" in page
    pdf_url = reverse("mapping:report-version-pdf", args=[version.pk])
    assert pdf_url not in page  # no download, no frame, no link


@pytest.mark.parametrize("url_name", ["mapping:report-version-list", "mapping:report-home"])
def test_the_lists_of_versions_show_the_progress(client, leader, fake_report, url_name):
    version = preparing_version(client, leader)
    job = services.pdf_job(version)
    page = client.get(reverse(url_name)).content.decode()
    with translation.override("da"):
        assert gettext("PDF being prepared") in page
    assert reverse("jobs:job-status", args=[job.pk]) in page


def test_a_consultant_follows_the_job_the_project_leader_started(
    client, leader, consultant, fake_report
):
    """The programme's staff share the report: each follows its PDF job (jobs.may_follow)."""
    version = preparing_version(client, leader)
    job = services.pdf_job(version)
    client.force_login(consultant)
    page = client.get(version.get_absolute_url()).content.decode()
    assert reverse("jobs:job-status", args=[job.pk]) in page
    assert client.get(reverse("jobs:job-status", args=[job.pk])).status_code == 200


def test_the_pdf_is_not_served_before_it_exists(client, leader, fake_report):
    version = preparing_version(client, leader)
    for query in ("", "?download=1"):
        response = client.get(reverse("mapping:report-version-pdf", args=[version.pk]) + query)
        assert response.status_code == 409
        assert response["Content-Type"].startswith("text/html")
        assert b"%PDF" not in response.content
        with translation.override("da"):
            title = gettext("The PDF of version %(number)s is not ready") % {"number": 1}
            assert title in response.content.decode()


def test_a_version_being_prepared_is_not_submitted(client, leader, fake_report):
    UserFactory(username="sofie", steering=True)
    version = preparing_version(client, leader)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(version=version, by=leader)
    assert refused.value.code == "pdf_not_ready"

    response = client.post(reverse("mapping:report-submit", args=[version.pk]))
    assert response["Location"] == version.get_absolute_url()
    version.refresh_from_db()
    assert version.submitted_at is None
    assert mail.outbox == []


def test_versions_without_a_pdf_are_neither_compared_nor_put_on_an_agenda(
    client, leader, fake_report
):
    ready = freeze_now(by=leader)
    write_introduction("Ændret")
    client.force_login(leader)
    client.post(reverse("mapping:report-freeze"))
    waiting = ReportVersion.objects.get(number=2)
    assert waiting.pdf_state == PdfState.PREPARING

    form = client.get(reverse("mapping:report-compare")).context["form"]
    assert list(form.fields["a"].queryset) == [ready]
    [(_label, versions)] = agenda_subjects(leader)
    assert versions == [ready]
    page = client.get(waiting.get_absolute_url())
    assert page.context["previous"] == ready


def test_the_erasure_search_passes_over_a_version_without_a_pdf(client, leader, fake_report):
    from mapping.personal_data import frozen_report_mentions

    version = preparing_version(client, leader)
    matcher = mock.Mock()
    matcher.search.return_value = True
    assert frozen_report_mentions(matcher) == []
    assert version.pdf.name == ""


# --- The job ----------------------------------------------------------------------------


def test_the_job_makes_the_pdf_and_marks_the_version_ready(
    client, leader, fake_report, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:report-freeze"))

    version = ReportVersion.objects.get()
    assert version.pdf_state == PdfState.READY
    assert stored_bytes(version).startswith(b"%PDF-1.7 fake v1")
    assert version.page_count == 3
    assert version.source_checksum
    [call] = fake_report.calls
    assert call["frozen_at"] == version.frozen_at  # the date the data were read
    job = Job.objects.get()
    assert (job.state, job.error) == (Job.State.SUCCEEDED, "")
    # The data, the HTML, 3 pages, the PDF, stored.
    assert (job.done, job.total, job.percent) == (7, 7, 100)
    page = client.get(version.get_absolute_url()).content.decode()
    assert reverse("mapping:report-version-pdf", args=[version.pk]) in page
    assert "data-job-status" not in page


def test_the_job_counts_its_steps_as_weasyprint_lays_out_the_pages(
    leader, fake_report, monkeypatch
):
    """Progress in steps, never backwards: a second layout pass counts its pages again."""
    freeze_now(by=leader)  # 3 pages: the next version expects as many
    write_introduction("Ændret")
    real_build = fake_report.build

    def build_with_a_second_pass(**kwargs):
        progress = kwargs["progress"]
        report = real_build(**{**kwargs, "progress": None})
        for step, page in [("data", None), ("html", None), *[("page", n) for n in (1, 2, 1, 2)]]:
            progress(step, page)
        progress("page", 3)
        progress("page", 4)  # one more than the previous version had
        progress("pdf")
        return report

    reported = []
    real_progress = jobs.job_progress

    def record(job, done, total=None):
        reported.append((done, total))
        real_progress(job, done, total)

    monkeypatch.setattr(report_package, "build_interim_report", build_with_a_second_pass)
    monkeypatch.setattr(jobs, "job_progress", record)
    version = freeze_now(by=leader)
    assert reported == [(0, 7), (1, 7), (2, 7), (3, 7), (4, 7), (5, 7), (6, 8), (7, 8), (8, 8)]
    job = services.pdf_job(version)
    assert (job.done, job.total) == (8, 8)  # the PDF stored


def test_an_unchanged_report_leaves_the_job_pointing_at_the_version_that_holds_it(
    client, leader, consultant, steering, fake_report, django_capture_on_commit_callbacks
):
    first = freeze_now(by=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:report-freeze"))
    removed_url = response["Location"]
    assert not ReportVersion.objects.exclude(pk=first.pk).exists()
    removed_pk = int(removed_url.rstrip("/").rsplit("/", 1)[1])
    job = Job.objects.get(key=f"report-pdf:{removed_pk}")
    assert (job.state, job.result_url) == (Job.State.SUCCEEDED, first.get_absolute_url())

    # The staff are sent on; others learn nothing about it.
    for user in (leader, consultant):
        client.force_login(user)
        assert client.get(removed_url)["Location"] == first.get_absolute_url()
    client.force_login(steering)
    assert client.get(removed_url).status_code == 404


def test_a_failed_render_marks_the_version_failed_and_the_leader_tries_again(
    client, leader, fake_report, django_capture_on_commit_callbacks
):
    version = failed_version(leader, fake_report)
    assert version.pdf_state == PdfState.FAILED
    assert version.pdf_error == "RuntimeError: WeasyPrint fell over"
    failed_job = Job.objects.get()
    assert (failed_job.state, failed_job.error) == (
        Job.State.FAILED,
        "RuntimeError: WeasyPrint fell over",
    )

    client.force_login(leader)
    page = client.get(version.get_absolute_url()).content.decode()
    retry_url = reverse("mapping:report-pdf-retry", args=[version.pk])
    assert "RuntimeError: WeasyPrint fell over" in page
    assert f'action="{retry_url}"' in page
    with translation.override("da"):
        assert gettext("Try again to make the PDF") in page
    # A freeze now points at the failed version instead of making another.
    assert client.post(reverse("mapping:report-freeze"))["Location"] == version.get_absolute_url()
    assert ReportVersion.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response["Location"] == version.get_absolute_url()
    version.refresh_from_db()
    assert (version.pdf_state, version.pdf_error) == (PdfState.READY, "")
    assert stored_bytes(version).startswith(b"%PDF-1.7 fake v1")
    retried = Job.objects.exclude(pk=failed_job.pk).get()
    assert retried.state == Job.State.SUCCEEDED
    assert retried.key.startswith(f"report-pdf:{version.pk}:")
    assert retried.key != failed_job.key
    assert services.pdf_job(version) == retried


def test_a_retry_of_a_report_that_has_not_changed_leads_to_the_version_that_holds_it(
    client, leader, fake_report, django_capture_on_commit_callbacks
):
    first = freeze_now(by=leader)
    write_introduction("Ændret")
    failed = failed_version(leader, fake_report)
    write_introduction("")  # back as version 1 has it
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mapping:report-pdf-retry", args=[failed.pk]))
    assert list(ReportVersion.objects.all()) == [first]
    followed = client.get(failed.get_absolute_url())
    assert followed["Location"] == first.get_absolute_url()


def test_a_double_clicked_retry_queues_one_job(client, leader, fake_report):
    version = failed_version(leader, fake_report)
    client.force_login(leader)
    retry_url = reverse("mapping:report-pdf-retry", args=[version.pk])
    client.post(retry_url)  # the job waits for a worker
    client.post(retry_url)
    assert Job.objects.filter(state=Job.State.QUEUED).count() == 1
    version.refresh_from_db()
    assert version.pdf_state == PdfState.PREPARING


def test_a_version_that_did_not_fail_is_not_tried_again(client, leader, fake_report):
    version = freeze_now(by=leader)
    client.force_login(leader)
    client.post(reverse("mapping:report-pdf-retry", args=[version.pk]))
    assert Job.objects.count() == 1
    version.refresh_from_db()
    assert version.pdf_state == PdfState.READY


def test_the_failed_version_page_offers_no_retry_to_a_consultant(
    client, leader, consultant, fake_report
):
    version = failed_version(leader, fake_report)
    client.force_login(consultant)
    page = client.get(version.get_absolute_url()).content.decode()
    assert "RuntimeError: WeasyPrint fell over" in page
    assert reverse("mapping:report-pdf-retry", args=[version.pk]) not in page


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", "login"),
        ("alice", 403),
        ("consultant", 403),
        ("steering", 403),
        ("leader", 302),
    ],
)
def test_only_the_project_leader_may_try_again(
    client, leader, consultant, steering, alice, fake_report, actor, status
):
    version = failed_version(leader, fake_report)
    users = {"alice": alice, "consultant": consultant, "steering": steering, "leader": leader}
    if actor != "anonymous":
        client.force_login(users[actor])
    response = client.post(reverse("mapping:report-pdf-retry", args=[version.pk]))
    version.refresh_from_db()
    if status == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == status
    retried = status == 302
    assert version.pdf_state == (PdfState.PREPARING if retried else PdfState.FAILED)
    assert Job.objects.count() == (2 if retried else 1)


def test_a_job_for_a_version_already_made_does_nothing(leader, fake_report):
    """A message delivered twice, or the demo that made the PDF itself: no second render."""
    version = freeze_now(by=leader)
    job = jobs.enqueue(report_jobs.make_report_pdf, version.pk)
    report_jobs.make_report_pdf.apply(args=(str(job.pk), version.pk), task_id=str(job.pk))
    assert len(fake_report.calls) == 1
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED


# --- The demo ---------------------------------------------------------------------------


def test_the_demo_ends_with_a_ready_pdf_even_when_no_worker_runs_the_job(
    leader, steering, fake_report, django_capture_on_commit_callbacks
):
    from io import StringIO

    from mapping.demo import reports as demo

    # A broker without a worker: the job is handed over and never runs.
    with (
        mock.patch.object(report_jobs.make_report_pdf, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        demo.load(users={"project_leader": leader, "steering_group": steering}, stdout=StringIO())
    apply_async.assert_called_once()
    version = ReportVersion.objects.get()
    assert version.pdf_state == PdfState.READY
    assert version.submitted_by == leader
    assert stored_bytes(version).startswith(b"%PDF-1.7 fake v1")


def test_the_version_list_export_says_whether_the_pdf_is_ready(client, leader, fake_report):
    preparing_version(client, leader)
    response = client.get(reverse("mapping:report-version-list") + "?export=csv")
    text = response.content.decode("utf-8-sig")
    with translation.override("da"):
        assert re.search(rf"\b{re.escape(gettext('Being prepared'))}\b", text)


def test_a_version_whose_job_was_lost_fails_and_can_be_tried_again(
    client, leader, fake_report, django_capture_on_commit_callbacks
):
    """A job whose message was lost, or whose worker was killed at the hard time limit,
    never finishes; once overdue, the version says its PDF could not be made, a new freeze
    does not wait for it for ever, and the project leader can try again."""
    from datetime import timedelta

    from django.utils import timezone

    version = preparing_version(client, leader)
    job = services.pdf_job(version)
    assert job.state == Job.State.QUEUED
    assert services.report_freeze(by=leader)[0] == version
    version.refresh_from_db()
    assert version.pdf_state == ReportVersion.PdfState.PREPARING

    long_ago = timezone.now() - jobs.overdue_after() - timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(created_at=long_ago)
    again, created = services.report_freeze(by=leader)
    assert (again, created) == (version, False)
    version.refresh_from_db()
    assert version.pdf_state == ReportVersion.PdfState.FAILED
    assert Job.objects.get(pk=job.pk).state == Job.State.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        services.report_pdf_retry(version=version, by=leader)
    version.refresh_from_db()
    assert version.pdf_state == ReportVersion.PdfState.READY
