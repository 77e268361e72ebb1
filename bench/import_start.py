"""How long does the request that starts a 10,000-row import take, next to an ordinary page?

Fills a throw-away database with organisations and measures, interleaved in the same run
through the same test client and middleware, the server time of an ordinary staff page (the
organisation list, 50 to a page, as a consultant) and of the upload POST of a 10,000-row CSV
file, which stores the file and queues the job that reads it. Prints the medians, the 90th
percentiles and the ratio (the target is within 2x).

The job must not run inside the measured request: by default the portal talks to a real
broker (Redis at 127.0.0.1:6379, database 13, a queue of the bench's own that nobody
consumes and that is deleted at the end), so the request pays for handing the job over, as
it does in production. `--celery patch` instead keeps Celery eager and replaces the tasks'
apply_async with a no-op, for a machine without Redis.

Then, outside any request, it runs the jobs in this process (Celery's `apply`) and times
them: the reading job refusing the audit's workbook (480 KB that unpacks to 105 MB), the
reading job of the 10,000-row CSV file and of the same rows as XLSX, and the preview job of
the 10,000 rows.

    .venv/bin/python bench/import_start.py                # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/import_start.py

Never touches the developer's database or files: see bench/directory.py and bench/README.md.
"""

import argparse
import io
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

BROKER_URL = "redis://127.0.0.1:6379/13"
QUEUE = "bench-import-start"
RESULTS_DIR = ROOT / "bench" / "results"
BOUNDARY = "BenchImportBoundary"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the upload")
    parser.add_argument("--organisations", type=int, default=2_000, help="in the portal")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per case first")
    parser.add_argument("--job-repeat", type=int, default=5, help="timed runs of each job")
    parser.add_argument(
        "--celery",
        choices=["redis", "patch"],
        default="redis",
        help="queue jobs on Redis (default) or replace apply_async with a no-op",
    )
    parser.add_argument("--no-preview", action="store_true", help="skip the preview job")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
os.environ.setdefault("LOG_LEVEL", "WARNING")  # Celery logs every job it runs at INFO
# Read when the settings are: where the uploads go (a temporary directory), and the broker.
PRIVATE_ROOT = tempfile.mkdtemp(prefix="portal-bench-private-")
os.environ["PRIVATE_ROOT"] = PRIVATE_ROOT
if ARGS is not None and ARGS.celery == "redis":
    os.environ["CELERY_BROKER_URL"] = BROKER_URL
else:
    os.environ.pop("CELERY_BROKER_URL", None)

import directory  # noqa: E402  (sets up the settings as a laptop does)
import django  # noqa: E402
from django.conf import settings  # noqa: E402


def multipart(name, data):
    """The upload's body, encoded once: the client's encoding is not the server's time."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import encode_multipart

    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile(name, data)})
    # A content type equal to, but not, the client's MULTIPART_CONTENT: the body goes as is.
    return body, "".join(["multipart/form-data; boundary=", BOUNDARY])


def timed(function):
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) * 1000, result


def xlsx_of(csv_data):
    import csv

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in csv.reader(io.StringIO(csv_data.decode("utf-8")), delimiter=";"):
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


class Queue:
    """Where the jobs go while the requests are measured: Redis or nowhere."""

    def __init__(self, mode):
        self.mode = mode
        self.sent = 0
        self._patches = []

    def start(self):
        from mapping.spreadsheets import jobs as import_jobs
        from portal.celery import app

        if self.mode == "redis":
            app.conf.task_default_queue = QUEUE
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
            return
        if settings.CELERY_TASK_ALWAYS_EAGER is not True:
            raise SystemExit("--celery patch expects no broker (CELERY_BROKER_URL unset).")
        tasks = (import_jobs.import_read, import_jobs.import_preview, import_jobs.import_commit)
        for task in tasks:
            original = task.apply_async
            task.apply_async = self._record
            self._patches.append((task, original))

    def _record(self, *args, **kwargs):
        self.sent += 1

    def stop(self):
        for task, original in self._patches:
            task.apply_async = original
        if self.mode == "redis":
            from portal.celery import app

            with app.connection_for_write() as connection:
                client = connection.channel().client
                self.sent = client.llen(QUEUE)
                client.delete(QUEUE, f"_kombu.binding.{QUEUE}", f"_kombu.binding_permanent.{QUEUE}")


def main():
    args = ARGS
    tmpdir = directory.use_throwaway_database()
    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
    from django.urls import reverse

    from mapping import models
    from mapping.spreadsheets import jobs as import_jobs
    from portal.models import Job, User
    from tests.mapping.spreadsheet_files import (
        audit_workbook,
        organisations_csv,
        unpacked_size,
    )

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    warnings.filterwarnings("ignore", message="No directory at")
    queue = Queue(args.celery)

    print(f"Creating the throw-away database {settings.DATABASES['default']['TEST']['NAME']}")
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        queue.start()
        rng = random.Random(args.seed)
        areas = {}
        for position, (name, slug, kind, _weight) in enumerate(directory.AREAS):
            areas[slug] = models.LocalArea.objects.create(
                name=name, slug=slug, kind=kind, position=position
            )
        purposes = list(models.PurposeArea.objects.order_by("pk"))
        directory.fill(models, args.organisations, rng, areas, purposes, directory.cvr_numbers())
        consultant = User.objects.create_user(
            "konsulent", "konsulent@example.dk", "x", role=User.Role.CONSULTANT
        )
        client = Client()
        client.force_login(consultant)

        data = organisations_csv(args.rows, start=10**6)
        body, content_type = multipart("kortlaegning.csv", data)
        bomb = audit_workbook()
        bomb_body, _ = multipart("kortlaegning.xlsx", bomb)
        page_url = reverse("mapping:organisation-list")
        upload_url = reverse("mapping:import-upload")

        def page():
            response = client.get(page_url)
            assert response.status_code == 200, response.status_code
            return response

        def upload(payload=body):
            response = client.post(upload_url, data=payload, content_type=content_type)
            assert response.status_code == 302, response.status_code
            return response

        cases = {"organisation list (baseline)": page, f"upload {args.rows:,}-row CSV": upload}
        queries = {}
        for label, request in cases.items():
            with CaptureQueriesContext(connection) as captured:
                request()
            queries[label] = len(captured.captured_queries)
        print(f"Measuring: {args.warmup} warm-up and {args.repeat} timed requests per case…")
        for _ in range(args.warmup):
            for request in cases.values():
                request()
        samples = {label: [] for label in cases}
        labels = list(cases)
        for round_ in range(args.repeat):
            shift = round_ % len(labels)
            for label in labels[shift:] + labels[:shift]:
                samples[label].append(timed(cases[label])[0])
        uploads = list(models.ImportBatch.objects.filter(state="reading").order_by("pk"))
        assert len(uploads) == 1 + args.warmup + args.repeat, "a job ran inside a request"
        queued = Job.objects.filter(state=Job.State.QUEUED).count()

        print("Running the jobs in this process…", flush=True)

        def run_job(batch, task_name, *extra):
            job = Job.objects.filter(object_id=batch.pk, task=task_name).latest("created_at")
            task = {
                "mapping.import_read": import_jobs.import_read,
                "mapping.import_preview": import_jobs.import_preview,
            }[task_name]
            milliseconds, _result = timed(
                lambda: task.apply(args=(str(job.pk), batch.pk, *extra, "da"))
            )
            job.refresh_from_db()
            batch.refresh_from_db()
            return milliseconds, job, batch

        jobs_ms = {}
        # The audit's workbook: upload (timed too), then its reading job.
        bomb_request, bomb_job = [], []
        for _ in range(args.job_repeat):
            milliseconds, _response = timed(lambda: upload(bomb_body))
            bomb_request.append(milliseconds)
            batch = models.ImportBatch.objects.latest("pk")
            milliseconds, job, batch = run_job(batch, "mapping.import_read")
            assert batch.state == "failed" and job.state == "failed", batch.error
            bomb_job.append(milliseconds)
        jobs_ms["upload of the audit's workbook (request)"] = bomb_request
        jobs_ms["reading job refuses the audit's workbook"] = bomb_job
        bomb_error = batch.error

        read_csv = []
        for batch in uploads[: args.job_repeat]:
            milliseconds, job, batch = run_job(batch, "mapping.import_read")
            assert batch.state == "preview", batch.error
            read_csv.append(milliseconds)
        jobs_ms[f"reading job, {args.rows:,} CSV rows"] = read_csv

        xlsx = xlsx_of(data)
        xlsx_body, _ = multipart("kortlaegning.xlsx", xlsx)
        read_xlsx = []
        for _ in range(args.job_repeat):
            upload(xlsx_body)
            batch = models.ImportBatch.objects.latest("pk")
            milliseconds, job, batch = run_job(batch, "mapping.import_read")
            assert batch.state == "preview", batch.error
            read_xlsx.append(milliseconds)
        jobs_ms[f"reading job, {args.rows:,} XLSX rows ({len(xlsx) // 1024:,} KB)"] = read_xlsx

        if not args.no_preview:
            from mapping.services.spreadsheets import import_batch_set_columns

            batch = uploads[0]
            batch.refresh_from_db()
            import_batch_set_columns(batch=batch, column_map=batch.column_map, by=consultant)
            batch.refresh_from_db()
            milliseconds, job, batch = run_job(batch, "mapping.import_preview", batch.revision)
            assert batch.state == "preview", batch.error
            jobs_ms[f"preview job, {args.rows:,} rows"] = [milliseconds]
        database = directory.database_description(connection)
    finally:
        queue.stop()
        teardown_databases(old_config, verbosity=0)
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
        shutil.rmtree(PRIVATE_ROOT, ignore_errors=True)

    base = statistics.median(samples["organisation list (baseline)"])
    rows = [
        {
            "case": label,
            "median_ms": round(statistics.median(values), 2),
            "p90_ms": round(directory.p90(values), 2),
            "ratio_to_baseline": round(statistics.median(values) / base, 2),
            "queries": queries[label],
            "samples_ms": [round(v, 2) for v in values],
        }
        for label, values in samples.items()
    ]
    job_rows = [
        {
            "case": label,
            "median_ms": round(statistics.median(values), 1),
            "runs": len(values),
            "samples_ms": [round(v, 1) for v in values],
        }
        for label, values in jobs_ms.items()
    ]
    environment = {
        "database": database,
        "vendor": connection.vendor,
        "celery": (
            f"broker {BROKER_URL}, queue {QUEUE} (no worker)"
            if args.celery == "redis"
            else "eager, apply_async replaced by a no-op"
        ),
        "jobs_queued_by_the_measured_requests": queued,
        "messages_on_the_queue": queue.sent,
        "rows": args.rows,
        "upload_bytes": len(data),
        "audit_workbook_bytes": len(bomb),
        "audit_workbook_unpacked_bytes": unpacked_size(bomb),
        "audit_workbook_refusal": bomb_error,
        "organisations": args.organisations,
        "import_limits": {
            name: getattr(settings, name)
            for name in (
                "IMPORT_MAX_BYTES",
                "IMPORT_MAX_UNPACKED_BYTES",
                "IMPORT_MAX_ROWS",
                "IMPORT_TIME_LIMIT",
            )
        },
        "repeat": args.repeat,
        "warmup": args.warmup,
        "django": django.get_version(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }
    print_table(environment, rows, job_rows)
    if not args.no_json:
        RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = RESULTS_DIR / f"import_start-{connection.vendor}-{stamp}.json"
        results = {"environment": environment, "requests": rows, "jobs": job_rows}
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        print(f"\nWritten to {path.relative_to(ROOT)}")


def print_table(environment, rows, job_rows):
    print(
        f"\n{environment['database']} · {environment['organisations']:,} organisations · "
        f"upload of {environment['rows']:,} rows ({environment['upload_bytes']:,} bytes) · "
        f"Celery: {environment['celery']} · median of {environment['repeat']} after "
        f"{environment['warmup']} warm-up · {environment['machine']}, load "
        f"{environment['load_average'][0]}\n"
    )
    header = f"{'request':<30} {'queries':>7} {'median ms':>9} {'p90 ms':>8} {'× page':>7}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['case']:<30} {row['queries']:>7} {row['median_ms']:>9.2f} "
            f"{row['p90_ms']:>8.2f} {row['ratio_to_baseline']:>6.2f}×"
        )
    handed = (
        f"{environment['messages_on_the_queue']} messages left on the queue at the end, then "
        "deleted"
        if environment["celery"].startswith("broker")
        else f"{environment['messages_on_the_queue']} hand-overs to Celery replaced by a no-op"
    )
    print(
        f"\n{environment['jobs_queued_by_the_measured_requests']} jobs queued by the measured "
        f"requests, none run in them ({handed})."
    )
    print(
        f"\nThe audit's workbook: {environment['audit_workbook_bytes']:,} bytes, unpacking to "
        f"{environment['audit_workbook_unpacked_bytes']:,}; refused with: "
        f"{environment['audit_workbook_refusal']}\n"
    )
    header = f"{'job (run in this process)':<52} {'runs':>4} {'median ms':>10}"
    print(header)
    print("-" * len(header))
    for row in job_rows:
        print(f"{row['case']:<52} {row['runs']:>4} {row['median_ms']:>10.1f}")


if __name__ == "__main__":
    main()
