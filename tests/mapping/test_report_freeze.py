"""Freezing the interim report is idempotent: a double click, a second window or a freeze of
an unchanged report makes no second, identical version, and no file is left in the storage
by a freeze that did not commit."""

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
from tests.mapping.test_reports import FakeReport, fake_figures

NO_NEW_VERSION = "No new version was made: version %(number)s already holds the report as it is."


@pytest.fixture
def fake_report(monkeypatch):
    fake = FakeReport()
    monkeypatch.setattr(report_package, "build_interim_report", fake.build)
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
    first = client.post(reverse("mapping:report-freeze"), {"latest_seen": token})
    second = client.post(reverse("mapping:report-freeze"), {"latest_seen": token})

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
    client.post(reverse("mapping:report-freeze"), {"latest_seen": "0"})
    page = client.get(reverse("mapping:report-home")).content.decode()
    assert 'name="latest_seen" value="1"' in page
    write_introduction("Ændret")
    client.post(reverse("mapping:report-freeze"), {"latest_seen": "1"})
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_an_unchanged_report_is_not_frozen_again(client, leader, fake_report, area):
    before = stored_files()
    write_introduction("Første udgave")
    client.force_login(leader)
    client.post(reverse("mapping:report-freeze"))
    response = client.post(reverse("mapping:report-freeze"))  # no token: the content decides
    version = ReportVersion.objects.get()
    assert response["Location"] == version.get_absolute_url()
    assert len(stored_files() - before) == 1

    # New data is a new version, and so are new texts.
    make_organisation("Café Kvisten", area=area)
    client.post(reverse("mapping:report-freeze"))
    write_introduction("Anden udgave")
    client.post(reverse("mapping:report-freeze"))
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [3, 2, 1]


@pytest.mark.django_db
def test_a_freeze_that_fails_after_storing_leaves_no_file(leader, fake_report, monkeypatch):
    storage = private_storage()
    real_save = storage.save

    def save_elsewhere(name, content, max_length=None):
        # The storage picks another name, so the row is saved a second time: that fails.
        return real_save(name.replace(".pdf", "-x.pdf"), content, max_length)

    real_model_save = ReportVersion.save

    def refuse_second_save(self, *args, **kwargs):
        if kwargs.get("update_fields"):
            raise RuntimeError("the database went away")
        return real_model_save(self, *args, **kwargs)

    before = stored_files()
    monkeypatch.setattr(storage, "save", save_elsewhere)
    monkeypatch.setattr(ReportVersion, "save", refuse_second_save)
    with pytest.raises(RuntimeError):
        services.report_freeze(by=leader)
    assert stored_files() == before
    assert ReportVersion.objects.count() == 0


@pytest.mark.django_db
def test_a_stray_file_of_the_same_name_is_kept_apart(leader, fake_report):
    from django.core.files.base import ContentFile

    private_storage().save("reports/interim/delrapport-v1.pdf", ContentFile(b"stray"))
    version, _created = services.report_freeze(by=leader)
    version.refresh_from_db()
    assert version.pdf.name != "reports/interim/delrapport-v1.pdf"
    with private_storage().open(version.pdf.name, "rb") as handle:
        assert handle.read().startswith(b"%PDF-1.7 fake v1")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("latest_seen", [0, None])
def test_two_freezes_at_once_make_one_version(fake_report, latest_seen):
    """Two requests freezing at the same moment, as a double click sends them."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite takes turns by its write lock")
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    before = stored_files()
    write_introduction("Første udgave")
    real_build = fake_report.build

    def slow_build(**kwargs):
        time.sleep(0.3)  # long enough for the other request to reach the lock
        return real_build(**kwargs)

    fake_report.build = slow_build
    report_package.build_interim_report = slow_build
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
    assert len(stored_files() - before) == 1
