"""CVR checks as the background job `mapping.check_cvr`, against the fake register on
127.0.0.1: each organisation looked up with progress, a ceased company flagged, and a
register that times out or fails with a server error tried again later (inline, without a
worker, the job then fails with the reason). Nothing here talks to the internet."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mapping import upkeep_jobs
from mapping.models import Organisation
from portal import jobs
from portal.models import Job
from tests.conftest import make_organisation
from tests.mapping.cvr_register import BROKEN, CEASED, FOUND, MISSING

pytestmark = pytest.mark.django_db


def run_check(capture, **kwargs):
    with translation.override("en"), capture(execute=True):
        job = jobs.enqueue(upkeep_jobs.check_cvr, **kwargs)
    job.refresh_from_db()
    return job


def asked(fake):
    return [
        str(request["body"]["query"]["term"]["Vrvirksomhed.cvrNummer"]) for request in fake.requests
    ]


def test_the_job_checks_each_organisation_and_flags_a_ceased_company(
    register, django_capture_on_commit_callbacks
):
    active = make_organisation("Café Kvisten", cvr=FOUND)
    ceased = make_organisation("Gammel Genbrug", cvr=CEASED)
    missing = make_organisation("Ukendt ApS", cvr=MISSING)
    without = make_organisation("Frivilligrådet")

    job = run_check(django_capture_on_commit_callbacks)

    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total) == (3, 3)
    for organisation in (active, ceased, missing, without):
        organisation.refresh_from_db()
    assert ceased.cvr_ceased is True
    assert active.cvr_ceased is False and active.cvr_status == "NORMAL"
    assert missing.cvr_checked_at is not None
    assert without.cvr_checked_at is None
    assert sorted(asked(register)) == sorted([FOUND, CEASED, MISSING])


def test_a_register_that_cannot_be_reached_makes_the_job_try_again(
    unreachable, django_capture_on_commit_callbacks
):
    organisation = make_organisation("Café Kvisten", cvr=FOUND)

    # Inline there is no later: the job fails at once, with the reason.
    job = run_check(django_capture_on_commit_callbacks)

    assert job.state == Job.State.FAILED
    assert "could not be checked in the CVR register" in job.error
    assert "could not be reached" in job.error
    organisation.refresh_from_db()
    assert organisation.cvr_checked_at is None


def test_a_server_error_is_tried_again_and_a_refusal_is_not(register):
    make_organisation("Ødelagt ApS", cvr=BROKEN)
    job = Job.objects.create(task="mapping.check_cvr", started_at=timezone.now())
    with pytest.raises(jobs.TryAgain, match="HTTP 500"):
        upkeep_jobs.check_cvr.function(job)

    register.companies[BROKEN] = 401  # as the register answers wrong credentials
    with pytest.raises(jobs.JobFailed, match="HTTP 401"):
        upkeep_jobs.check_cvr.function(job)


def test_a_later_try_asks_only_about_those_not_checked_yet(register):
    """The back-off's next try picks up where the register failed."""
    checked = make_organisation("Café Kvisten", cvr=FOUND)
    broken = make_organisation("Ødelagt ApS", cvr=BROKEN)
    job = Job.objects.create(task="mapping.check_cvr", started_at=timezone.now())
    with pytest.raises(jobs.TryAgain):
        upkeep_jobs.check_cvr.function(job)
    assert sorted(asked(register)) == sorted([FOUND, BROKEN])

    register.requests.clear()
    register.companies[BROKEN] = register.companies[FOUND]  # the register is back
    upkeep_jobs.check_cvr.function(job)
    assert asked(register) == [BROKEN]
    broken.refresh_from_db()
    assert broken.cvr_checked_at is not None
    checked.refresh_from_db()
    assert checked.cvr_checked_at < broken.cvr_checked_at


def test_the_nightly_run_leaves_out_those_checked_this_week(
    register, django_capture_on_commit_callbacks
):
    recent = make_organisation("Café Kvisten", cvr=FOUND)
    old = make_organisation("Gammel Genbrug", cvr=CEASED)
    now = timezone.now()
    Organisation.objects.filter(pk=recent.pk).update(cvr_checked_at=now - timedelta(days=2))
    Organisation.objects.filter(pk=old.pk).update(cvr_checked_at=now - timedelta(days=8))

    job = run_check(django_capture_on_commit_callbacks, older_than_days=7)

    assert job.state == Job.State.SUCCEEDED
    assert asked(register) == [CEASED]


def test_without_a_register_the_job_does_nothing(no_backend, django_capture_on_commit_callbacks):
    make_organisation("Café Kvisten", cvr=FOUND)
    job = run_check(django_capture_on_commit_callbacks)
    assert job.state == Job.State.SUCCEEDED
    assert not Organisation.objects.filter(cvr_checked_at__isnull=False).exists()


def test_a_saved_cvr_number_is_checked_by_a_job_about_the_organisation(
    client, consultant, register, django_capture_on_commit_callbacks
):
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("mapping:organisation-create"),
            {
                "name": "Kvisten",
                "kind": "company",
                "cvr": FOUND,
                "sector": "social_economy",
                "se_status": "existing",
            },
        )
    organisation = Organisation.objects.get(cvr=FOUND)
    job = jobs.latest(organisation, "mapping.check_cvr")
    assert job.state == Job.State.SUCCEEDED
    assert organisation.cvr_checked_at is not None
    assert asked(register) == [FOUND]
