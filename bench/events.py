"""Does the public event list cost the same at 10 and at 1,000 events?

Fills a throw-away database with 10 events (half coming, half past, with sign-ups), measures
the public pages that list events (the coming events, filtered and not, the past events with
their counts, the public calendar feed and the home page) and a bare Django view that
returns a page of the same size, then fills it up to 1,000 events and measures again, in the
same run, through the same test client and middleware. Prints the queries per request and
the median and 90th-percentile server times at both sizes, with the ratio to the bare view.

    .venv/bin/python bench/events.py                # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/events.py

Never touches the developer's database (see bench/directory.py and bench/README.md).
"""

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import types
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import directory  # noqa: E402  (sets up the settings as a laptop does)
import django  # noqa: E402
from django.conf import settings  # noqa: E402

SMALL = 10
PLACES = [
    "Rådhuset, Gåskærgade 26, 6100 Haderslev",
    "Vojens Bibliotek, Vestergade 2, 6500 Vojens",
    "Gram Slot, Slotsvej 4, 6510 Gram",
    "Årø Forsamlingshus, Årø 10, 6100 Haderslev",
    "",
]
TITLES = [
    "Netværksmøde om indkøb", "Lancering af netværket", "Kursus i sociale klausuler",
    "Dialogmøde med kommunen", "Morgenmøde for iværksættere", "Temamøde om beskæftigelse",
]  # fmt: skip
KINDS = ["launch", "training", "network", "dialogue"]


def make_events(models, count, rng, now, *, first):
    """`count` unsaved events, alternately coming and past, spread over two years."""
    events = []
    for index in range(first, first + count):
        coming = index % 2 == 0
        offset = timedelta(hours=rng.randint(2, 24 * 365))
        starts = now + offset if coming else now - offset
        place = rng.choice(PLACES)
        events.append(
            models.Event(
                title=f"{rng.choice(TITLES)} {index + 1}",
                description="Vi mødes om socialøkonomi i Haderslev Kommune. " * rng.randint(1, 6),
                kind=rng.choice(KINDS),
                audience=rng.choice(["public", "public", "members", "staff", "invited"]),
                place=place,
                online_url="" if place else "https://møde.example.dk/rum",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                capacity=rng.randint(10, 60),
                state=rng.choices(["published", "draft", "cancelled"], [85, 10, 5])[0],
                outcome="" if coming else "Nye samarbejder om indkøb og praktikpladser.",
            )
        )
    return events


def fill(models, count, rng, *, first):
    now = datetime.now(UTC)
    events = models.Event.objects.bulk_create(
        make_events(models, count, rng, now, first=first), batch_size=500
    )
    signups = []
    for event in events:
        for number in range(rng.randint(0, 30)):
            state = rng.choice(["confirmed", "attended", "waiting", "cancelled"])
            signups.append(
                models.SignUp(
                    event=event,
                    name=f"Deltager {number}",
                    email=f"deltager{number}-{event.pk}@example.dk",
                    state=state,
                    position=number if state == "waiting" else None,
                )
            )
    models.SignUp.objects.bulk_create(signups, batch_size=1000)


def install_urlconf():
    """The real URLs plus the bare view."""
    from django.urls import clear_url_caches, include, path

    from network import urls as network_urls
    from portal import urls as portal_urls

    patterns = []
    for pattern in portal_urls.urlpatterns:
        if getattr(pattern, "namespace", None) == "network":
            pattern = path("network/", include((list(network_urls.urlpatterns), "network")))
        patterns.append(pattern)
    module = types.ModuleType("bench_events_urlconf")
    module.urlpatterns = [path("bench/baseline/", directory.baseline_view), *patterns]
    module.handler403 = portal_urls.handler403
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000, help="default 1000")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per case first")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the invented data")
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    args = parser.parse_args()
    if args.events <= SMALL or args.repeat < 1 or args.warmup < 0:
        parser.error(f"--events must be more than {SMALL}, --repeat at least 1")
    return args


def measure_all(client, cases, args):
    queries = {url: directory.capture(client, url) for _label, url in cases}
    samples = directory.measure(client, cases, args.repeat, args.warmup)
    return queries, samples


def main():
    args = parse_args()
    tmpdir = directory.use_throwaway_database()
    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases
    from django.urls import reverse
    from django.utils import timezone

    from network import models

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    warnings.filterwarnings("ignore", message="No directory at")
    install_urlconf()

    print(f"Creating the throw-away database {settings.DATABASES['default']['TEST']['NAME']}")
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        rng = random.Random(args.seed)
        month = (timezone.localdate() + timedelta(days=40)).strftime("%Y-%m")
        events = reverse("network:events")
        cases = [
            ("coming events", events),
            ("coming, filtered", f"{events}?kind=network&month={month}&place=haderslev"),
            ("coming, page 2", f"{events}?page=2"),
            ("past events", reverse("network:past-events")),
            ("public feed (.ics)", reverse("network:feed")),
            ("home page", reverse("home")),
        ]
        client = Client()
        fill(models, SMALL, rng, first=0)
        directory.get(client, events)
        size = len(directory.get(client, events).content)
        shell = b"<!doctype html><html><body></body></html>"
        directory.BASELINE["body"] = shell[:-14] + b"x" * (size - len(shell)) + shell[-14:]
        cases.insert(0, ("bare view (baseline)", "/bench/baseline/"))
        print(f"Measuring at {SMALL} events…", flush=True)
        small_queries, small_samples = measure_all(client, cases, args)

        print(f"Filling in {args.events - SMALL:,} more events…", flush=True)
        fill(models, args.events - SMALL, rng, first=SMALL)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"Measuring at {args.events:,} events…", flush=True)
        large_queries, large_samples = measure_all(client, cases, args)

        database = directory.database_description(connection)
        signups = models.SignUp.objects.count()
        rows = []
        base_small = statistics.median(small_samples["/bench/baseline/"])
        base_large = statistics.median(large_samples["/bench/baseline/"])
        for label, url in cases:
            rows.append(
                {
                    "case": label,
                    "url": url,
                    "queries_small": small_queries[url]["queries"],
                    "queries_large": large_queries[url]["queries"],
                    "median_ms_small": round(statistics.median(small_samples[url]), 3),
                    "median_ms_large": round(statistics.median(large_samples[url]), 3),
                    "p90_ms_large": round(directory.p90(large_samples[url]), 3),
                    "ratio_small": round(statistics.median(small_samples[url]) / base_small, 1),
                    "ratio_large": round(statistics.median(large_samples[url]) / base_large, 1),
                }
            )
    finally:
        teardown_databases(old_config, verbosity=0)
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)

    environment = {
        "database": database,
        "events": args.events,
        "signups": signups,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "django": django.get_version(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }
    print_table(environment, rows)
    if not args.no_json:
        directory.RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = directory.RESULTS_DIR / f"events-{connection.vendor}-{stamp}.json"
        path.write_text(json.dumps({"environment": environment, "cases": rows}, indent=2))
        print(f"\nWritten to {path.relative_to(directory.ROOT)}")


def print_table(environment, rows):
    def queries(value):
        return "/".join(str(n) for n in value)

    print(
        f"\n{environment['database']} · {SMALL} → {environment['events']:,} events "
        f"({environment['signups']:,} sign-ups) · Django {environment['django']} · "
        f"Python {environment['python']} · median of {environment['repeat']} after "
        f"{environment['warmup']} warm-up · {environment['machine']}, "
        f"load {environment['load_average'][0]}\n"
    )
    header = (
        f"{'case':<22} {'queries':>9} {f'ms @{SMALL}':>9} {'× bare':>7} "
        f"{'ms @' + format(environment['events'], ','):>10} {'p90':>7} {'× bare':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        query_text = f"{queries(row['queries_small'])} → {queries(row['queries_large'])}"
        print(
            f"{row['case']:<22} {query_text:>9} {row['median_ms_small']:>9.2f} "
            f"{row['ratio_small']:>6.1f}× {row['median_ms_large']:>10.2f} "
            f"{row['p90_ms_large']:>7.2f} {row['ratio_large']:>6.1f}×"
        )
    print(
        f"\nqueries: per request at {SMALL} → at {environment['events']:,} events. The feed "
        "holds every coming and recent public event, so its time grows with them; its "
        "queries do not. A list that finds nothing skips the query for its page (1, not 2)."
    )


if __name__ == "__main__":
    main()
