"""A real Celery worker on Redis for the tests marked `worker` (.ci/run runs them on
PostgreSQL with CELERY_BROKER_URL and CACHE_URL set): the worker is its own process and
reads the test database, so these tests commit (transaction=True)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _database_url():
    database = connection.settings_dict
    user = database.get("USER") or "postgres"
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


def wait_for(predicate, *, timeout=30, step=0.05):
    """Poll until `predicate()` is true; False after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """Start `celery worker` on the test database; yields the path of its log."""
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL:
        reason = "needs PostgreSQL and CELERY_BROKER_URL (a Redis): .ci/run sets them"
        if os.environ.get("WORKER_TESTS_REQUIRED"):
            pytest.fail(reason)  # in CI a skipped worker test would pass unseen
        pytest.skip(reason)
    from portal.celery import app

    with django_db_blocker.unblock():
        database_url = _database_url()
    app.control.purge()
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "JOB_RETRY_BACKOFF": "1",
        # The log is read while the worker runs: no buffered lines.
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--include=tests.worker_tasks",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        if not wait_for(lambda: "ready." in log.read_text(), timeout=60):
            pytest.fail(f"The worker did not start:\n{log.read_text()}")
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
