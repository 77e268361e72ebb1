"""Freezing the interim report in the browser: the click answers at once with the version
being prepared and the job's progress; the page asks the job's status on its own, shows how
far it has come, and reloads itself with the PDF once the job is done. axe-core scans the
page while it waits and once the PDF is there.

The live server has no worker, so a job would run inline when the freeze commits: here the
job is held (its hand-over to Celery recorded) and the test runs it itself, pausing it
half-way to look at the page, as a busy worker would leave it.
"""

import re
import time

import pytest
from django.utils.translation import gettext
from playwright.sync_api import expect

from mapping.models import ReportNarrative, ReportVersion
from mapping.reports import jobs as report_jobs
from mapping.services.reports import report_freeze
from portal import jobs
from portal.models import Job, User
from tests.browser.helpers import log_in
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.browser

STATUS_URL = re.compile(r"/jobs/[0-9a-f-]+/status/$")


def being_prepared(number):
    return gettext(
        "The PDF of version %(number)s is being prepared. Its pages, checksum and key figures "
        "are shown here once it is ready, and it can be submitted to the steering group then."
    ) % {"number": number}


def named(text):
    """What the server renders for `text`: the Danish translation when there is one."""
    return re.compile(rf"^\s*{re.escape(gettext(text))}\s*$")


def write_introduction(text):
    narrative = ReportNarrative.current()
    narrative.introduction = text
    narrative.save()


def test_the_leader_freezes_sees_the_progress_and_then_the_version(page, area, axe, monkeypatch):
    leader = make_user("leder", User.Role.PROJECT_LEADER, is_staff=True)
    make_organisation("Café Kvisten", area=area)
    # Version 1, made inline as on a laptop: version 2's job then knows how many pages to
    # expect, so its progress is in percent from the start.
    write_introduction("Første udgave af kortlægningen.")
    first, _created = report_freeze(by=leader)
    first.refresh_from_db()
    assert first.pdf_ready
    write_introduction("Anden udgave, efter styregruppens møde.")

    held = []
    monkeypatch.setattr(report_jobs.make_report_pdf, "apply_async", lambda **kw: held.append(kw))

    log_in(page, leader)
    page.goto("/mapping/reports/")
    with page.expect_response(STATUS_URL) as polled:
        page.get_by_role("button", name=named("Freeze as new version")).click()
        version = ReportVersion.objects.get(number=2)
        expect(page).to_have_url(re.compile(rf"/mapping/reports/versions/{version.pk}/$"))
        main = page.get_by_role("main")
        expect(page.locator("#version-pdf-state")).to_have_text(being_prepared(2))
        expect(page.locator(".job-progress progress")).to_be_visible()
    # The page asks the job's status by itself, with the job's own address.
    job = Job.objects.get(key=f"report-pdf:{version.pk}")
    assert polled.value.url.endswith(f"/jobs/{job.pk}/status/")
    assert polled.value.json()["state"] == "queued"
    expect(main.get_by_role("link", name=named("Open the PDF in a new window"))).to_have_count(0)
    expect(main.get_by_role("button", name=named("Submit to the steering group"))).to_have_count(0)
    axe(page)

    # The worker takes the job; half-way (the HTML written) it pauses while the page shows
    # how far it has come.
    real_progress = jobs.job_progress
    seen = []

    def progress_and_look(job, done, total=None):
        if done == 2:
            time.sleep(jobs.PROGRESS_EVERY + 0.1)  # past the kernel's write throttle
        real_progress(job, done, total)
        if done == 2:
            percent = Job.objects.get(pk=job.pk).percent
            assert 0 < percent < 100
            expect(page.locator(".job-progress progress")).to_have_attribute("value", str(percent))
            expect(page.locator("[data-job-percent]")).to_have_text(f" – {percent} %")
            seen.append(percent)

    monkeypatch.setattr(jobs, "job_progress", progress_and_look)
    [handed_over] = held
    report_jobs.make_report_pdf.apply(args=handed_over["args"], task_id=handed_over["task_id"])
    assert seen, "the job never reached the HTML step"

    # Done: the page reloads itself and shows the version with its PDF.
    pdf_link = main.get_by_role("link", name=named("Open the PDF in a new window"))
    expect(pdf_link).to_have_attribute("href", f"/mapping/reports/versions/{version.pk}/pdf/")
    expect(page.locator(".job-progress")).to_have_count(0)
    expect(main.get_by_role("button", name=named("Submit to the steering group"))).to_be_visible()
    served = page.request.get(f"/mapping/reports/versions/{version.pk}/pdf/")
    assert served.headers["content-type"] == "application/pdf"
    assert served.body().startswith(b"%PDF")
    version.refresh_from_db()
    assert version.pdf_ready and version.page_count >= 1
    axe(page)
