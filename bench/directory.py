"""How fast is the public directory with 10,000 organisations?

Fills a throw-away database with 10,000 organisations and measures the server time of the
directory page (first page, a search, a filter) next to a bare Django view that returns a
page of the same size, in the same run, through the same test client and middleware. Prints
the medians, the 90th percentiles, the ratios to the bare view and the number of queries per
request (at 200 and at 10,000 organisations, to show it does not grow with the rows).

    .venv/bin/python bench/directory.py                # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/directory.py

Never touches the developer's database: SQLite runs on a temporary file, PostgreSQL on a
separate database named after the configured one with `_bench` appended, dropped at the end.
See bench/README.md.
"""

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import types
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The real settings, loaded as on a laptop (DEBUG on gives the local defaults: no SSL
# redirect, plain static-files storage, a development SECRET_KEY).
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
os.environ["DEBUG"] = "true"
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"
SMALL_FILL = 200  # query counts are taken here too, to show they do not grow with the rows

# --- Invented but believable Danish data -------------------------------------------------

AREAS = [
    # name, slug, kind, weight (share of the organisations)
    ("Haderslev", "haderslev", "town", 30),
    ("Vojens", "vojens", "town", 15),
    ("Gram", "gram", "town", 8),
    ("Starup", "starup", "town", 6),
    ("Hammelev", "hammelev", "town", 5),
    ("Over Jerstal", "over-jerstal", "town", 4),
    ("Sommersted", "sommersted", "town", 5),
    ("Landdistrikt Øst (Øsby, Halk)", "landdistrikt-oest", "rural", 9),
    ("Landdistrikt Vest (Skrydstrup, Jegerup)", "landdistrikt-vest", "rural", 9),
    ("Årø", "aaroe", "island", 3),
]
FILTER_AREA = "haderslev"
TOWNS = {
    "haderslev": ("6100", ["Haderslev", "Marstrup", "Moltrup", "Åstrup", "Hørreby"]),
    "vojens": ("6500", ["Vojens", "Jegerup", "Maugstrup"]),
    "gram": ("6510", ["Gram", "Arnum", "Fole"]),
    "starup": ("6100", ["Starup", "Kelstrup Strand"]),
    "hammelev": ("6500", ["Hammelev", "Sønder Hammelev"]),
    "over-jerstal": ("6534", ["Over Jerstal", "Jels"]),
    "sommersted": ("6560", ["Sommersted", "Ødis Bro"]),
    "landdistrikt-oest": ("6100", ["Øsby", "Halk", "Diernæs", "Årøsund"]),
    "landdistrikt-vest": ("6500", ["Skrydstrup", "Jegerup", "Bækken"]),
    "aaroe": ("6100", ["Årø"]),
}
ADJECTIVES = [
    "Grøn", "Lille", "Nye", "Gamle", "Søndre", "Østre", "Åbne", "Fælles", "Lokale", "Sunde",
    "Ærlige", "Øvre", "Blå", "Gode", "Stærke", "Trygge", "Glade", "Frie", "Små", "Store",
]  # fmt: skip
NOUNS = [
    "Café", "Værksted", "Genbrugsbutik", "Madhus", "Bageri", "Gård", "Have", "Cykelværksted",
    "Vaskeri", "Kaffebar", "Naturpleje", "Tømrerlaug", "Syværksted", "Kulturhus", "Skovhus",
    "Ølbryggeri", "Æbleri", "Økokøkken", "Ålegård", "Mosteri", "Bogcafé", "Fiskehus",
    "Rengøring", "Møbelværksted", "Hønseri", "Strikkecafé", "Kajakudlejning", "Plantskole",
]  # fmt: skip
SUFFIXES = ["", "", "", " ApS", " I/S", " Fonden", " Forening", " A.m.b.a."]
SENTENCES_WITH_WORD = [
    "Socialøkonomisk virksomhed med fleksjob og praktikpladser.",
    "Vi sælger til private, kommunen og lokale virksomheder.",
    "Virksomheden reinvesterer overskuddet i flere arbejdspladser.",
    "Samarbejder med virksomheder i hele Sønderjylland om sociale klausuler.",
    "En virksomhed drevet af frivillige og ansatte i fællesskab.",
]
SENTENCES_WITHOUT_WORD = [
    "Unge på kanten af arbejdsmarkedet lærer et håndværk.",
    "Vi reparerer møbler og cykler fra genbrugspladsen og sælger dem videre.",
    "Grønne aktiviteter og havebrug for mennesker med stress og angst.",
    "Laver sund frokost til skoler, plejecentre og foreninger.",
    "Åbent hus hver torsdag med kaffe, kage og lektiehjælp.",
    "Økologisk produktion med frivillige fra lokalsamfundet.",
    "Ældre og yngre mødes om madlavning, musik og fællesspisning.",
    "Naturpleje med får og håndkraft på enge og strandarealer.",
    "Tilbyder jobtræning og mentorordninger i samarbejde med jobcentret.",
    "Overskuddet går til aktiviteter for børn og unge i området.",
    "Drives fra en gammel købmandsgård midt i byen.",
    "Sælger hjemmelavet most, marmelade og brænde fra egne arealer.",
]
STREETS = ["Storegade", "Nørregade", "Søndergade", "Åbenråvej", "Ørstedsvej", "Skolevej",
           "Møllevej", "Kirkevej", "Havnegade", "Bøgevej", "Ægirsvej", "Østergade"]  # fmt: skip


def cvr_numbers():
    """Invented CVR numbers that pass the modulus-11 check, each once."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    for base in range(1_000_000, 10_000_000):
        digits = [int(d) for d in str(base)]
        check = -sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check < 10:
            yield f"{base}{check}"


def make_organisations(models, count, rng, areas, cvrs, now):
    """`count` unsaved organisations with a realistic mix of statuses, areas and texts."""
    Organisation = models.Organisation
    area_weights = [weight for *_rest, weight in AREAS]
    organisations = []
    for _ in range(count):
        area_slug = rng.choices([slug for _n, slug, *_r in AREAS], area_weights)[0]
        area = areas[area_slug] if rng.random() > 0.04 else None
        postcode, towns = TOWNS[area_slug]
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(towns)}"
        name += rng.choice(SUFFIXES)
        status = rng.choices(["existing", "potential", "none"], [45, 30, 25])[0]
        moderation = rng.choices(["approved", "pending", "rejected"], [85, 10, 5])[0]
        sentences = rng.sample(SENTENCES_WITHOUT_WORD, rng.randint(2, 6))
        if rng.random() < 0.4:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(SENTENCES_WITH_WORD))
        employees = rng.choice([None, rng.randint(1, 60)])
        website = f"https://www.example.dk/{rng.randrange(10**6)}" if rng.random() < 0.5 else ""
        rejection = "Ikke en socialøkonomisk virksomhed." if moderation == "rejected" else ""
        organisations.append(
            Organisation(
                name=name,
                sector="social_economy" if status != "none" else rng.choice(["public", "private"]),
                kind=rng.choice(["company", "association", "foundation", "initiative"]),
                cvr=next(cvrs) if rng.random() < 0.6 else "",
                street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postcode=postcode,
                town=rng.choice(towns),
                area=area,
                website=website,
                description=" ".join(sentences),
                se_status=status,
                rsv_registered=status == "existing" and rng.random() < 0.3,
                moderation_state=moderation,
                rejection_reason=rejection,
                employees=employees,
                employees_flexjob=rng.randint(0, employees) if employees else None,
                founded_year=rng.randint(1950, now.year),
                created_at=now - timedelta(days=rng.randint(0, 2000)),
            )
        )
    return organisations


def fill(models, count, rng, areas, purposes, cvrs):
    """Bulk-insert `count` organisations and their purpose areas."""
    now = datetime.now(UTC)
    organisations = models.Organisation.objects.bulk_create(
        make_organisations(models, count, rng, areas, cvrs, now), batch_size=500
    )
    through = models.Organisation.purpose_areas.through
    links = []
    for organisation in organisations:
        assert organisation.pk is not None, "bulk_create must return primary keys"
        chosen = rng.sample(purposes, rng.choices([0, 1, 2, 3], [10, 45, 35, 10])[0])
        links += [through(organisation_id=organisation.pk, purposearea_id=p.pk) for p in chosen]
    through.objects.bulk_create(links, batch_size=1000)


# --- Measuring ---------------------------------------------------------------------------

BASELINE = {"body": b""}


def baseline_view(request):
    """The bare Django view: a ready page of the same size, no template, no query."""
    from django.http import HttpResponse

    return HttpResponse(BASELINE["body"])


def install_urlconf():
    """The real URLs plus the bare view, as a small module the settings point at."""
    from django.urls import clear_url_caches, path

    from portal import urls as portal_urls

    module = types.ModuleType("bench_urlconf")
    module.urlpatterns = [path("bench/baseline/", baseline_view), *portal_urls.urlpatterns]
    module.handler403 = portal_urls.handler403
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, not 200.")
    return response


def capture(client, url, times=5):
    """Queries per request, and the median time spent in SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, sql_ms = [], []
    for _ in range(times):
        spent = []

        def timed(execute, sql, params, many, context, spent=spent):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent.append(time.perf_counter() - start)

        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
            get(client, url)
        counts.append(len(queries.captured_queries))
        sql_ms.append(sum(spent) * 1000)
    return {"queries": sorted(set(counts)), "sql_ms": statistics.median(sql_ms)}


def measure(client, cases, repeat, warmup):
    """Server time of each case, interleaved round by round so that drift hits all alike."""
    urls = [url for _label, url in cases]
    for _ in range(warmup):
        for url in urls:
            get(client, url)
    samples = {url: [] for url in urls}
    for round_ in range(repeat):
        shift = round_ % len(urls)
        for url in urls[shift:] + urls[:shift]:
            start = time.perf_counter()
            get(client, url)
            samples[url].append((time.perf_counter() - start) * 1000)
    return samples


def p90(values):
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def matches(query):
    from django.http import QueryDict

    from mapping import selectors

    _filterset, queryset = selectors.organisation_directory(params=QueryDict(query))
    return queryset.count()


def database_description(connection):
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


# --- Main --------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=10_000, help="default 10000")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per case first")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the invented data")
    parser.add_argument(
        "--debug", action="store_true", help="keep DEBUG on while measuring (default off)"
    )
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    args = parser.parse_args()
    if args.organisations < SMALL_FILL or args.repeat < 1 or args.warmup < 0:
        parser.error(f"--organisations must be at least {SMALL_FILL}, --repeat at least 1")
    return args


def use_throwaway_database():
    """Point the test-database machinery at a temporary SQLite file or NAME_bench."""
    database = settings.DATABASES["default"]
    tmpdir = None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        tmpdir = tempfile.mkdtemp(prefix="portal-bench-")
        name = str(Path(tmpdir) / "bench.sqlite3")
    else:
        name = f"{database['NAME']}_bench"
    if name == database["NAME"]:
        raise SystemExit("Refusing to benchmark in the configured database itself.")
    database.setdefault("TEST", {})["NAME"] = name
    return tmpdir


def main():
    args = parse_args()
    tmpdir = use_throwaway_database()
    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases
    from django.urls import reverse

    from mapping import models

    # As a server runs: DEBUG off (no query log, no template debug info) unless asked.
    settings.DEBUG = args.debug
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # WhiteNoise warns about the missing var/static/ when DEBUG is off; it serves nothing here.
    warnings.filterwarnings("ignore", message="No directory at")
    install_urlconf()

    print(f"Creating the throw-away database {settings.DATABASES['default']['TEST']['NAME']}")
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        rng = random.Random(args.seed)
        areas = {}
        for position, (name, slug, kind, _weight) in enumerate(AREAS):
            areas[slug] = models.LocalArea.objects.create(
                name=name, slug=slug, kind=kind, position=position
            )
        purposes = list(models.PurposeArea.objects.order_by("pk"))
        cvrs = cvr_numbers()

        directory = reverse("mapping:directory")
        cases = [
            ("first page", directory),
            ("search q=virksomhed", f"{directory}?q=virksomhed"),
            ("filter area+status", f"{directory}?area={FILTER_AREA}&status=existing"),
        ]
        client = Client()

        fill(models, SMALL_FILL, rng, areas, purposes, cvrs)
        get(client, directory)  # compile templates, set the CSRF cookie
        small = {url: capture(client, url) for _label, url in cases}

        print(f"Filling in {args.organisations:,} organisations…", flush=True)
        start = time.perf_counter()
        fill(models, args.organisations - SMALL_FILL, rng, areas, purposes, cvrs)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum does soon after a load
                cursor.execute("ANALYZE")
        print(f"  done in {time.perf_counter() - start:.1f} s", flush=True)

        sizes = {url: len(get(client, url).content) for _label, url in cases}
        size = sizes[directory]
        shell = b"<!doctype html><html><body></body></html>"
        BASELINE["body"] = shell[:-14] + b"x" * (size - len(shell)) + shell[-14:]
        cases.insert(0, ("bare view (baseline)", "/bench/baseline/"))
        sizes["/bench/baseline/"] = len(get(client, "/bench/baseline/").content)
        assert sizes["/bench/baseline/"] == size

        full = {url: capture(client, url) for _label, url in cases}
        counts = {url: matches(url.partition("?")[2]) for _label, url in cases[1:]}
        print(f"Measuring: {args.warmup} warm-up and {args.repeat} timed requests per case…")
        samples = measure(client, cases, args.repeat, args.warmup)

        database = database_description(connection)
        public = models.Organisation.objects.public().count()
        base = statistics.median(samples["/bench/baseline/"])
        rows = []
        for label, url in cases:
            values = samples[url]
            rows.append(
                {
                    "case": label,
                    "url": url,
                    "bytes": sizes[url],
                    "matches": counts.get(url),
                    "queries_at_small_fill": small.get(url, {}).get("queries"),
                    "queries": full[url]["queries"],
                    "sql_ms_median": round(full[url]["sql_ms"], 3),
                    "median_ms": round(statistics.median(values), 3),
                    "p90_ms": round(p90(values), 3),
                    "ratio_to_baseline": round(statistics.median(values) / base, 1),
                    "samples_ms": [round(v, 3) for v in values],
                }
            )
    finally:
        teardown_databases(old_config, verbosity=0)
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)

    environment = {
        "database": database,
        "vendor": connection.vendor,
        "organisations": args.organisations,
        "public_organisations": public,
        "page_size": settings.DIRECTORY_PAGE_SIZE,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "debug": settings.DEBUG,
        "django": django.get_version(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }
    print_table(environment, rows)
    if not args.no_json:
        RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = RESULTS_DIR / f"directory-{connection.vendor}-{stamp}.json"
        path.write_text(json.dumps({"environment": environment, "cases": rows}, indent=2))
        print(f"\nWritten to {path.relative_to(ROOT)}")


def print_table(environment, rows):
    def queries(value):
        return "-" if value is None else "/".join(str(n) for n in value)

    print(
        f"\n{environment['database']} · {environment['organisations']:,} organisations "
        f"({environment['public_organisations']:,} in the directory) · "
        f"Django {environment['django']} · Python {environment['python']} · "
        f"DEBUG {'on' if environment['debug'] else 'off'} · "
        f"median of {environment['repeat']} after {environment['warmup']} warm-up · "
        f"{environment['machine']}, load {environment['load_average'][0]}\n"
    )
    header = (
        f"{'case':<22} {'bytes':>7} {'matches':>7} {'queries':>11} "
        f"{'SQL ms':>7} {'median ms':>9} {'p90 ms':>7} {'× bare':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        query_text = f"{queries(row['queries_at_small_fill'])} → {queries(row['queries'])}"
        if row["queries_at_small_fill"] is None:
            query_text = queries(row["queries"])
        print(
            f"{row['case']:<22} {row['bytes']:>7,} "
            f"{'-' if row['matches'] is None else format(row['matches'], ','):>7} "
            f"{query_text:>11} {row['sql_ms_median']:>7.2f} {row['median_ms']:>9.2f} "
            f"{row['p90_ms']:>7.2f} {row['ratio_to_baseline']:>6.1f}×"
        )
    print(
        f"\nqueries: per request at {SMALL_FILL} → at {environment['organisations']:,} "
        "organisations; SQL ms: median time inside the database per request."
    )


if __name__ == "__main__":
    main()
