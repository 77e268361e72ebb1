"""Freezing the interim report is idempotent: a double click, a second window or a freeze of
an unchanged report makes no second, identical version, and no file is left in the storage
by a freeze or a PDF job that did not commit."""

import re
import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import mapping.reports as report_package
from mapping.models import ReportNarrative, ReportVersion
from mapping.services import reports as services
from portal.models import User
from portal.storage import private_storage
from tests.conftest import make_organisation, make_user
from tests.mapping.report_fakes import FakeReport, fake_figures, freeze, freeze_now

NO_NEW_VERSION = "No new version was made: version %(number)s already holds the report as it is."


@pytest.fixture
def fake_report(monkeypatch):
    fake = FakeReport()
    monkeypatch.setattr(report_package, "build_interim_report", fake.build)
    monkeypatch.setattr(report_package, "source_checksum", fake.source_checksum)
    monkeypatch.setattr(report_package, "interim_figures", fake_figures)
    return fake


def stored_files():
    """The frozen PDFs in the storage (the tests' in-memory storage outlives a test: compare
    with what was there before)."""
    try:
        return set(private_storage().listdir("reports/interim")[1])
    except FileNotFoundError:
        return set()


def write_introduction(text):
    narrative = ReportNarrative.current()
    narrative.introduction = text
    narrative.save()


@pytest.mark.django_db
def test_a_double_clicked_freeze_makes_one_version(client, leader, fake_report):
    before = stored_files()
    write_introduction("Første udgave")
    client.force_login(leader)
    page = client.get(reverse("mapping:report-home")).content.decode()
    token = re.search(r'name="latest_seen" value="(\d+)"', page).group(1)
    assert token == "0"
    # The second click's form is the same page's: it still says no version was seen.
    first = freeze(client, {"latest_seen": token})
    second = freeze(client, {"latest_seen": token})

    version = ReportVersion.objects.get()
    assert first["Location"] == second["Location"] == version.get_absolute_url()
    assert len(fake_report.calls) == 1  # the second click rendered nothing
    assert len(stored_files() - before) == 1
    with translation.override("da"):
        expected = gettext(NO_NEW_VERSION) % {"number": 1}
        shown = [str(message) for message in get_messages(second.wsgi_request)]
    assert expected in shown


@pytest.mark.django_db
def test_the_page_after_a_freeze_carries_the_new_token(client, leader, fake_report):
    client.force_login(leader)
    freeze(client, {"latest_seen": "0"})
    page = client.get(reverse("mapping:report-home")).content.decode()
    assert 'name="latest_seen" value="1"' in page
    write_introduction("Ændret")
    freeze(client, {"latest_seen": "1"})
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_an_unchanged_report_is_not_frozen_again(client, leader, fake_report, area):
    before = stored_files()
    write_introduction("Første udgave")
    client.force_login(leader)
    freeze(client)
    version = ReportVersion.objects.get()
    response = freeze(client)  # no token: the content decides
    # The job found the report as version 1 holds it and removed the new row before it
    # rendered anything; the page that waited for it is sent to version 1.
    assert ReportVersion.objects.get() == version
    assert len(fake_report.calls) == 1
    assert len(stored_files() - before) == 1
    waited = client.get(response["Location"])
    assert waited["Location"] == version.get_absolute_url()
    with translation.override("da"):
        expected = gettext(NO_NEW_VERSION) % {"number": 1}
        assert expected in [str(message) for message in get_messages(waited.wsgi_request)]

    # New data is a new version, and so are new texts; numbers leave no gap.
    make_organisation("Café Kvisten", area=area)
    freeze(client)
    write_introduction("Anden udgave")
    freeze(client)
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [3, 2, 1]


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_freeze_answers_with_what_the_job_did(client, fake_report):
    """No broker, real commits: the job runs inline when the freeze commits, so the answer
    to the click already says what became of it."""
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    write_introduction("Første udgave")
    client.force_login(leader)
    made = client.post(reverse("mapping:report-freeze"))
    version = ReportVersion.objects.get()
    assert made["Location"] == version.get_absolute_url()
    assert version.pdf_state == ReportVersion.PdfState.READY
    again = client.post(reverse("mapping:report-freeze"))
    assert again["Location"] == version.get_absolute_url()  # not the removed row's page
    assert ReportVersion.objects.get() == version
    with translation.override("da"):
        said = [str(message) for message in get_messages(again.wsgi_request)]
        assert gettext(NO_NEW_VERSION) % {"number": 1} in said


@pytest.mark.django_db
def test_a_version_of_before_the_html_checksum_is_followed_by_a_new_one(
    client, leader, fake_report
):
    """A version frozen before its HTML's checksum was kept cannot be compared cheaply: a
    freeze of the unchanged report makes a new version, once."""
    write_introduction("Første udgave")
    client.force_login(leader)
    freeze(client)
    ReportVersion.objects.update(source_checksum="")
    freeze(client)
    freeze(client)
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_a_pdf_job_that_fails_after_storing_leaves_no_file(leader, fake_report, monkeypatch):
    real_save = ReportVersion.save

    def refuse_the_ready_save(self, *args, **kwargs):
        if self.pdf_state == ReportVersion.PdfState.READY:
            raise RuntimeError("the database went away")
        return real_save(self, *args, **kwargs)

    before = stored_files()
    monkeypatch.setattr(ReportVersion, "save", refuse_the_ready_save)
    version = freeze_now(by=leader)
    assert stored_files() == before
    assert version.pdf_state == ReportVersion.PdfState.FAILED
    assert version.pdf_error == "RuntimeError: the database went away"
    assert (version.pdf.name, version.checksum) == ("", "")


@pytest.mark.django_db
def test_a_freeze_that_does_not_commit_queues_no_job(leader, fake_report, monkeypatch):
    from django.db import transaction

    from mapping.reports import jobs as report_jobs

    calls = []
    monkeypatch.setattr(report_jobs.make_report_pdf, "apply_async", lambda **kw: calls.append(kw))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.report_freeze(by=leader)
        raise RuntimeError("the request failed after the freeze")
    assert ReportVersion.objects.count() == 0
    assert calls == []
    assert fake_report.calls == []


@pytest.mark.django_db
def test_a_stray_file_of_the_same_name_is_kept_apart(leader, fake_report):
    from django.core.files.base import ContentFile

    private_storage().save("reports/interim/delrapport-v1.pdf", ContentFile(b"stray"))
    version = freeze_now(by=leader)
    assert version.pdf.name != "reports/interim/delrapport-v1.pdf"
    with private_storage().open(version.pdf.name, "rb") as handle:
        assert handle.read().startswith(b"%PDF-1.7 fake v1")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("latest_seen", [0, None])
def test_two_freezes_at_once_make_one_version(fake_report, latest_seen, monkeypatch):
    """Two requests freezing at the same moment, as a double click sends them."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite takes turns by its write lock")
    from mapping.reports import jobs as report_jobs

    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    before = stored_files()
    write_introduction("Første udgave")
    real_full_clean = ReportVersion.full_clean

    def slow_full_clean(self, *args, **kwargs):
        time.sleep(0.3)  # inside the lock: long enough for the other request to reach it
        return real_full_clean(self, *args, **kwargs)

    monkeypatch.setattr(ReportVersion, "full_clean", slow_full_clean)
    # The jobs wait, as on a busy worker, so the second request finds the version prepared.
    queued = []
    monkeypatch.setattr(report_jobs.make_report_pdf, "apply_async", lambda **kw: queued.append(kw))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def freeze():
        try:
            barrier.wait()
            results.append(services.report_freeze(by=leader, latest_seen=latest_seen))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=freeze) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    version = ReportVersion.objects.get()
    assert sorted(created for _version, created in results) == [False, True]
    assert {found.pk for found, _created in results} == {version.pk}
    assert len(queued) == 1
    report_jobs.make_report_pdf.apply(args=queued[0]["args"], task_id=queued[0]["task_id"])
    version.refresh_from_db()
    assert version.pdf_state == ReportVersion.PdfState.READY
    assert len(stored_files() - before) == 1
