"""How long does the request that freezes a 100-page interim report take?

Fills a throw-away database with the mapping of bench/report.py (its interim report has
about 100 pages), then measures, interleaved in the same run, the server time of the POST
that freezes a new version and of two ordinary staff pages as the project leader sees them:
the mapping's organisation list and the report's home page. Freezing numbers the version and
queues the job that renders its PDF; with a broker configured (here Redis, database 13 unless
--broker says otherwise) the request only hands the job over, as in production. Then it runs
the job itself once, inline, and prints the time it takes to render and store the PDF.

    .venv/bin/python bench/freeze.py                # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/freeze.py

Never touches the developer's database (see bench/directory.py and bench/README.md), nor
their files: the frozen PDFs go to an in-memory storage. The job messages the run leaves on
the broker are purged at the end.
"""

import argparse
import json
import logging
import os
import platform
import random
import shutil
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("LOG_LEVEL", "WARNING")  # Celery logs each task at INFO
DEFAULT_BROKER = "redis://127.0.0.1:6379/13"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--cases", type=int, default=60)
    parser.add_argument("--feedback", type=int, default=400)
    parser.add_argument("--assessments", type=int, default=250)
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--potentials", type=int, default=80)
    parser.add_argument("--ideas", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per case first")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the invented data")
    parser.add_argument(
        "--broker",
        default=DEFAULT_BROKER,
        help=f"Celery broker the freeze hands its job to (default {DEFAULT_BROKER})",
    )
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    args = parser.parse_args()
    if args.repeat < 1 or args.warmup < 0 or args.organisations < 20:
        parser.error("--repeat at least 1, --organisations at least 20")
    return args


ARGS = parse_args()
# A real broker: the freeze only hands its job over. Read by portal.settings, which then
# does not run jobs inline (CELERY_TASK_ALWAYS_EAGER is off with a broker).
os.environ["CELERY_BROKER_URL"] = ARGS.broker

import directory  # noqa: E402  (sets up the settings as a laptop does)
import django  # noqa: E402
import report  # noqa: E402  (the mapping of the report's benchmark)
from django.conf import settings  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"


def check_broker(url):
    """Refuse to start without the broker: an unreachable one makes each freeze wait for
    Celery's connection retries, which is not what is measured here."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(f"The broker {url} does not answer ({error}): start Redis.") from None


def timed_request(send):
    start = time.perf_counter()
    response = send()
    return response, (time.perf_counter() - start) * 1000


def main():
    args = ARGS
    check_broker(args.broker)
    tmpdir = directory.use_throwaway_database()
    # The job stores each PDF: in memory, not in the developer's var/private/.
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "portal.storage.PrivateInMemoryStorage"},
    }
    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
    from django.urls import reverse

    from mapping import models
    from mapping.reports import jobs as report_jobs
    from portal.celery import app as celery_app
    from portal.models import Job

    assert not celery_app.conf.task_always_eager, "jobs would run inside the request"
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    warnings.filterwarnings("ignore", message="No directory at")

    print(f"Creating the throw-away database {settings.DATABASES['default']['TEST']['NAME']}")
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        rng = random.Random(args.seed)
        leader = get_user_model().objects.create_user(
            username="leder", role="project_leader", is_staff=True
        )
        start = time.perf_counter()
        report.fill_mapping(models, rng, args, leader)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"  filled in {time.perf_counter() - start:.1f} s", flush=True)
        narrative = models.ReportNarrative.current()
        narrative.introduction = report.PARAGRAPH * 3
        narrative.method = report.PARAGRAPH * 2
        narrative.conclusions = report.PARAGRAPH * 2
        narrative.recommendations = report.PARAGRAPH * 2
        narrative.save()

        client = Client()
        client.force_login(leader)
        freeze_url = reverse("mapping:report-freeze")
        pages = {
            "organisation list": reverse("mapping:organisation-list"),
            "report home": reverse("mapping:report-home"),
        }

        # The token of the page the leader froze from (the newest version's number): each
        # timed POST is a real freeze that makes a version, not a double click.
        token = {"latest_seen": "0"}

        def freeze():
            response = client.post(freeze_url, token)
            if response.status_code != 302:
                raise SystemExit(f"The freeze answered {response.status_code}, not 302.")
            return response

        def worker_done():
            """Untimed, between requests: as if the worker had made the PDF, so that the next
            freeze makes a new version (a freeze while one is prepared returns that one)."""
            models.ReportVersion.objects.filter(
                pdf_state=models.ReportVersion.PdfState.PREPARING
            ).update(pdf_state=models.ReportVersion.PdfState.READY)
            newest = models.ReportVersion.objects.order_by("-number").first()
            token["latest_seen"] = str(newest.number if newest else 0)

        def get(url):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}, not 200.")
            return response

        cases = {label: (lambda url=url: get(url)) for label, url in pages.items()}
        cases["freeze (POST)"] = freeze

        # Queries of one request each, after a warm-up of the templates.
        queries = {}
        for label, send in cases.items():
            send()
            worker_done()
            with CaptureQueriesContext(connection) as captured:
                send()
            queries[label] = len(captured.captured_queries)
            worker_done()

        print(f"Measuring: {args.warmup} warm-up and {args.repeat} timed requests per case…")
        labels = list(cases)
        for _ in range(args.warmup):
            for label in labels:
                cases[label]()
                worker_done()
        samples = {label: [] for label in labels}
        for round_ in range(args.repeat):
            shift = round_ % len(labels)
            for label in labels[shift:] + labels[:shift]:
                _response, ms = timed_request(cases[label])
                samples[label].append(ms)
                worker_done()
        handed_over = Job.objects.filter(task=report_jobs.TASK).count()

        # The job itself, once, inline: the newest version made again from the start.
        version = models.ReportVersion.objects.order_by("-number").first()
        models.ReportVersion.objects.filter(pk=version.pk).update(
            pdf_state=models.ReportVersion.PdfState.PREPARING
        )
        job = Job.objects.get(key=f"report-pdf:{version.pk}")
        print("Running the PDF job of the newest version once…", flush=True)
        start = time.perf_counter()
        report_jobs.make_report_pdf.apply(args=(str(job.pk), version.pk), task_id=str(job.pk))
        job_seconds = time.perf_counter() - start
        version.refresh_from_db()
        job.refresh_from_db()
        if not version.pdf_ready:
            raise SystemExit(f"The job did not make the PDF: {job.error or version.pdf_error}")
        pdf_bytes = version.pdf.size
        database = directory.database_description(connection)
    finally:
        teardown_databases(old_config, verbosity=0)
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
        purged = celery_app.control.purge()

    import weasyprint

    medians = {label: statistics.median(values) for label, values in samples.items()}
    rows = [
        {
            "case": label,
            "median_ms": round(medians[label], 2),
            "p90_ms": round(directory.p90(samples[label]), 2),
            "ratio_to_organisation_list": round(medians[label] / medians["organisation list"], 2),
            "ratio_to_report_home": round(medians[label] / medians["report home"], 2),
            "queries": queries[label],
            "samples_ms": [round(v, 2) for v in samples[label]],
        }
        for label in labels
    ]
    environment = {
        "database": database,
        "vendor": connection.vendor,
        "broker": args.broker,
        "jobs_handed_over": handed_over,
        "messages_purged": purged,
        "organisations": args.organisations,
        "pages": version.page_count,
        "pdf_bytes": pdf_bytes,
        "job_seconds": round(job_seconds, 2),
        "job_progress": [job.done, job.total],
        "repeat": args.repeat,
        "warmup": args.warmup,
        "weasyprint": weasyprint.__version__,
        "django": django.get_version(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }
    print_table(environment, rows)
    if not args.no_json:
        RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = RESULTS_DIR / f"freeze-{connection.vendor}-{stamp}.json"
        path.write_text(json.dumps({"environment": environment, "cases": rows}, indent=2))
        print(f"\nWritten to {path.relative_to(ROOT)}")


def print_table(environment, rows):
    e = environment
    print(
        f"\n{e['database']} · broker {e['broker']} · {e['organisations']:,} organisations · "
        f"WeasyPrint {e['weasyprint']} · Python {e['python']} · median of {e['repeat']} after "
        f"{e['warmup']} warm-up · {e['machine']}, load {e['load_average'][0]}\n"
    )
    header = (
        f"{'case':<20} {'queries':>7} {'median ms':>9} {'p90 ms':>7} "
        f"{'× organisation list':>19} {'× report home':>13}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['case']:<20} {row['queries']:>7} {row['median_ms']:>9.2f} "
            f"{row['p90_ms']:>7.2f} {row['ratio_to_organisation_list']:>18.2f}× "
            f"{row['ratio_to_report_home']:>12.2f}×"
        )
    print(
        f"\nThe freezes handed {e['jobs_handed_over']} jobs to the broker (purged afterwards: "
        f"{e['messages_purged']}).\n"
        f"The job, run once inline: {e['pages']} pages, {e['pdf_bytes']:,} bytes, "
        f"{e['job_seconds']:.2f} s (progress {e['job_progress'][0]} of "
        f"{e['job_progress'][1]} steps)."
    )


if __name__ == "__main__":
    main()
