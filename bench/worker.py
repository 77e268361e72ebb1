"""How long does a job wait between being queued and starting on a real worker?

Starts a Celery worker (its own process; `--pool=solo`, one job at a time) on a Redis
broker and a throw-away database, then queues one job at a time (a mail job with nothing to
send, so the time is the queue's, not the work's) and reads when the worker started it.
Prints the median, 90th percentile and worst of the time from the commit that queued the
job to its start, and to its end.

    redis-server must answer on 127.0.0.1:6379 (the broker is its database 12)
    .venv/bin/python bench/worker.py                   # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/worker.py
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
BROKER = os.environ.setdefault("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12")
# Set before the settings load: jobs go to the broker, not inline.
os.environ["CELERY_BROKER_URL"] = BROKER

import directory  # noqa: E402  (sets up the settings as a laptop does)
import django  # noqa: E402
from django.conf import settings  # noqa: E402


def database_url(database):
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user = database.get("USER") or "postgres"
    host = database.get("HOST") or "127.0.0.1"
    return f"postgres://{user}@{host}:{database.get('PORT') or 5432}/{database['NAME']}"


def start_worker(url, log):
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": BROKER,
        "PYTHONUNBUFFERED": "1",
    }
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
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process


def wait(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.005)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=50, help="jobs to queue, one at a time")
    args = parser.parse_args()
    tmpdir = directory.use_throwaway_database()
    django.setup()

    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from portal import jobs, tasks
    from portal.celery import app
    from portal.models import Job

    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    log_path = Path(tmpdir or "/tmp") / "bench-worker.log"  # noqa: S108
    app.control.purge()
    with log_path.open("w") as log:
        worker = start_worker(database_url(settings.DATABASES["default"]), log)
    try:
        if not wait(lambda: "ready." in log_path.read_text()):
            raise SystemExit(f"The worker did not start:\n{log_path.read_text()}")
        to_start, to_end = [], []
        for _ in range(args.jobs + 3):
            queued = time.time()
            job = jobs.enqueue(tasks.send_deliveries, [])  # autocommit: handed over at once

            def finished(job=job):
                job.refresh_from_db(fields=["state", "started_at", "finished_at"])
                return job.finished

            if not wait(finished):
                raise SystemExit(f"Job {job.pk} did not finish:\n{log_path.read_text()}")
            to_start.append((job.started_at.timestamp() - queued) * 1000)
            to_end.append((job.finished_at.timestamp() - queued) * 1000)
        # The first jobs warm the worker up (imports, the first connection).
        to_start, to_end = to_start[3:], to_end[3:]
        print(f"\n{connection.vendor}, {args.jobs} jobs, one at a time, worker --pool=solo")
        print(f"{'':28} {'median ms':>10} {'p90 ms':>10} {'max ms':>10}")
        for label, values in (("queued → started", to_start), ("queued → finished", to_end)):
            ordered = sorted(values)
            p90 = ordered[int(0.9 * (len(ordered) - 1))]
            print(f"{label:28} {statistics.median(values):10.1f} {p90:10.1f} {max(values):10.1f}")
        print(f"jobs recorded: {Job.objects.filter(state=Job.State.SUCCEEDED).count()}")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        connection.close()
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
