"""Background jobs on a real worker and broker (Redis), and the rate limit on the shared
cache, across processes. Run by .ci/run on PostgreSQL; skipped elsewhere."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction

from portal import jobs, ratelimit
from portal.models import Job
from tests import worker_tasks
from tests.worker.conftest import wait_for

pytestmark = pytest.mark.worker
# The worker reads what the test wrote: it must be committed.
committed = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def _finished(job):
    def check():
        job.refresh_from_db()
        return job.finished

    return check


@committed
def test_a_job_completes_on_the_worker(worker):
    job = jobs.enqueue(worker_tasks.count, 50, subject="Fifty")
    assert wait_for(_finished(job)), worker.read_text()
    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total, job.attempts) == (50, 50, 1)
    assert str(job.pk) in worker.read_text()


@committed
def test_a_job_the_outside_world_failed_is_tried_again_until_it_succeeds(worker):
    job = jobs.enqueue(worker_tasks.flaky, 2)
    assert wait_for(_finished(job)), worker.read_text()
    assert job.state == Job.State.SUCCEEDED
    assert job.attempts == 3
    assert job.error == ""


@committed
def test_a_job_that_keeps_failing_stops_after_its_tries_with_the_reason(worker):
    job = jobs.enqueue(worker_tasks.down)
    assert wait_for(_finished(job)), worker.read_text()
    assert job.state == Job.State.FAILED
    assert job.attempts == 3
    assert job.error == "attempt 3: the register did not answer"


@committed
def test_a_rolled_back_enqueue_never_reaches_the_worker(worker):
    with transaction.atomic():
        rolled_back = jobs.enqueue(worker_tasks.count, 1)
        transaction.set_rollback(True)
    # The worker takes its messages in order, one at a time: once a job queued after the
    # rolled-back one has run, the worker would have received that one first.
    after = jobs.enqueue(worker_tasks.count, 1)
    assert wait_for(_finished(after)), worker.read_text()
    log = worker.read_text()
    assert f"[{after.pk}] received" in log
    assert str(rolled_back.pk) not in log
    assert not Job.objects.filter(pk=rolled_back.pk).exists()


HITS = 1000
COUNTER = """
import django, sys
django.setup()
from portal import ratelimit
for _ in range({hits}):
    ratelimit.hit("worker-test", "203.0.113.7", window=600)
"""


def test_the_rate_limit_counts_every_hit_from_two_processes():
    """Two processes counting at once on the shared cache lose no hit (the database cache
    lost two thirds of them)."""
    if not os.environ.get("CACHE_URL", "").startswith("redis://"):
        if os.environ.get("WORKER_TESTS_REQUIRED"):
            pytest.fail("needs CACHE_URL=redis://…: .ci/run sets it")
        pytest.skip("needs CACHE_URL=redis://…: .ci/run sets it")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    processes = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", COUNTER.format(hits=HITS)], cwd=ROOT, env=environment
        )
        for _ in range(2)
    ]
    assert [process.wait(timeout=120) for process in processes] == [0, 0]
    assert cache.get("ratelimit:worker-test:203.0.113.7") == 2 * HITS
    assert ratelimit.is_limited("worker-test", "203.0.113.7", limit=2 * HITS)
    assert not ratelimit.is_limited("worker-test", "203.0.113.7", limit=2 * HITS + 1)
