"""How long does the interim report's PDF take with a realistic mapping?

Fills a throw-away database with 500 organisations, 300 contacts, 60 published cases, 400
pieces of feedback, stakeholder assessments, potentials and ideas for interplay, then renders
the interim report's PDF several times and takes the median. In the same run, interleaved,
WeasyPrint renders a plain document of paragraphs with the same number of pages and the same
options (A4, embedded fonts, PDF/UA-1 tags): the ratio says what the report costs beyond
WeasyPrint's own cost per page.

    .venv/bin/python bench/report.py                # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/report.py

Never touches the developer's database (see bench/directory.py and bench/README.md).
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
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("LOG_LEVEL", "WARNING")  # WeasyPrint logs each layout step at INFO

import directory  # noqa: E402  (sets up the settings as a laptop does)
import django  # noqa: E402
from django.conf import settings  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"

# --- Invented but believable data on top of the directory's organisations ----------------

FIRST = ["Anne", "Bo", "Jørgen", "Søren", "Åse", "Mette", "Lærke", "Niels", "Ida", "Øjvind"]
LAST = ["Hansen", "Jørgensen", "Østergaard", "Sørensen", "Mølgaard", "Kjær", "Ågård", "Lund"]
ROLES = ["Daglig leder", "Formand", "Kasserer", "Frivillig", "Indkøber", "Konsulent", ""]
FEEDBACK = [
    "Vi mangler lokaler, hvor vi kan samle de frivillige om aftenen.",
    "Kommunen kunne købe frokost til plejecentrene hos os.",
    "Reglerne for fleksjob er svære at gennemskue for en lille forening.",
    "Vi vil gerne stille vores værksted til rådighed for unge i praktik.",
    "Det er svært at finde en bank, der vil låne til en socialøkonomisk virksomhed.",
    "Et netværk med faste møder hver måned ville hjælpe os meget.",
    "Vi forventer, at strategien også tænker landdistrikterne og Årø med.",
    "Sociale klausuler i kommunens udbud ville give os flere opgaver.",
]
CASE_TITLES = [
    "Fra praktik til fast job", "Møbler fra genbrugspladsen får nyt liv", "Frokost til skolerne",
    "Naturpleje med får på øen", "Cykler til borgere uden bil", "Æbler bliver til most",
]  # fmt: skip
EFFECTS = [
    # description, unit, about people, low, high
    ("Unge i praktik", "personer", True, 1, 30),
    ("Ansat i fleksjob", "personer", True, 1, 12),
    ("Omsætning", "kr.", False, 50_000, 3_000_000),
    ("Affald genbrugt", "tons", False, 1, 80),
]
SERVICES = [
    "Frokost til plejecentre", "Istandsættelse af kontormøbler", "Vask af linned",
    "Pleje af grønne arealer", "Rengøring af haller", "Cykelservice til hjemmeplejen",
]  # fmt: skip


def fill_mapping(models, rng, args, leader):
    """Everything the report shows, on top of `args.organisations` organisations."""
    areas = {}
    for position, (name, slug, kind, _weight) in enumerate(directory.AREAS):
        areas[slug] = models.LocalArea.objects.create(
            name=name, slug=slug, kind=kind, position=position
        )
    purposes = list(models.PurposeArea.objects.order_by("pk"))
    directory.fill(models, args.organisations, rng, areas, purposes, directory.cvr_numbers())
    Organisation = models.Organisation
    approved = list(Organisation.objects.approved().order_by("pk"))
    enterprises = [o for o in approved if o.se_status != "none"]
    public_bodies = [o for o in approved if o.sector == "public"]

    contacts = models.Contact.objects.bulk_create(
        models.Contact(
            organisation=rng.choice(approved),
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            role=rng.choice(ROLES),
            email=f"person{index}@example.dk",
            public=rng.random() < 0.15,
            purpose="Kontaktperson i kortlægningen",
        )
        for index in range(args.contacts)
    )
    models.StakeholderAssessment.objects.bulk_create(
        models.StakeholderAssessment(
            organisation=organisation,
            influence=rng.randint(1, 5),
            interest=rng.randint(1, 5),
            attitude=rng.choice(["supportive", "neutral", "sceptical", "unknown"]),
        )
        for organisation in rng.sample(approved, min(args.assessments, len(approved)))
    )

    cases = models.Case.objects.bulk_create(
        models.Case(
            organisation=rng.choice(enterprises),
            title=f"{rng.choice(CASE_TITLES)} ({index + 1})",
            summary=" ".join(rng.sample(directory.SENTENCES_WITHOUT_WORD, 2)),
            problem="Unge og voksne uden for arbejdsmarkedet mangler en vej ind.",
            method="Praktik, mentorer og salg til lokale kunder.",
            published=True,
        )
        for index in range(args.cases)
    )
    effects = []
    for case in cases:
        for description, unit, about_people, low, high in rng.sample(EFFECTS, rng.randint(1, 4)):
            effects.append(
                models.CaseEffect(
                    case=case,
                    description=description,
                    value=Decimal(rng.randint(low, high)),
                    unit=unit,
                    about_people=about_people,
                    period_start=date(2025, 1, 1),
                    period_end=date(2025, 12, 31),
                )
            )
    models.CaseEffect.objects.bulk_create(effects)

    now = datetime.now(UTC)
    meetings = [
        models.Meeting.objects.create(
            kind=rng.choice(["information", "dialogue", "process"]),
            title=f"Møde {index + 1} i {rng.choice(directory.AREAS)[0]}",
            starts_at=now - timedelta(days=5 * index + 1, hours=2),
            ends_at=now - timedelta(days=5 * index + 1),
            place="Rådhuset",
            organiser=leader,
        )
        for index in range(args.meetings)
    ]
    models.Feedback.objects.bulk_create(
        models.Feedback(
            text=rng.choice(FEEDBACK),
            theme=rng.choice(["needs", "expectations", "ideas", "barriers", "offers"]),
            meeting=rng.choice(meetings),
            contact=rng.choice(contacts) if rng.random() < 0.7 else None,
            organisation=rng.choice(approved) if rng.random() < 0.5 else None,
            recorded_by=leader,
        )
        for _ in range(args.feedback)
    )
    potentials = [o for o in enterprises if o.se_status == "potential"]
    models.Potential.objects.bulk_create(
        models.Potential(
            organisation=organisation,
            stage=rng.choice(["grassroots", "entrepreneur", "enterprise", "growth"]),
            needs="Lokaler, sparring og de første kunder.",
            next_step="Møde med projektlederen",
            next_step_on=date(2026, 12, 1) + timedelta(days=rng.randint(0, 90)),
            next_step_owner=leader,
        )
        for organisation in potentials[: args.potentials]
    )
    models.InterplayIdea.objects.bulk_create(
        models.InterplayIdea(
            organisation=rng.choice(enterprises),
            department=rng.choice(public_bodies),
            service=rng.choice(SERVICES),
            description="Virksomheden leverer, forvaltningen køber som forsøg i et år.",
            state=rng.choice(["idea", "exploring", "agreed", "running", "dropped"]),
        )
        for _ in range(args.ideas)
    )


# --- The plain document of the same number of pages --------------------------------------

PARAGRAPH = (
    "Den sociale økonomi i kommunen består af virksomheder, foreninger og initiativer, der "
    "skaber arbejdspladser for mennesker på kanten af arbejdsmarkedet og reinvesterer deres "
    "overskud i lokalsamfundet. Kortlægningen har talt med råd, foreninger og virksomheder i "
    "by og på land, og på Årø. "
)


def plain_html(pages):
    """`pages` A4 pages of paragraphs, each page full but not overflowing."""
    page = "".join(f"<p>{PARAGRAPH * 2}</p>" for _ in range(5))
    body = "".join(
        f'<section style="break-before: page"><h2>Side {n + 1}</h2>{page}</section>'
        for n in range(pages)
    )
    return (
        '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Plain</title>'
        "<style>@page { size: A4; margin: 22mm 20mm; @bottom-right { content: counter(page) } }"
        ' html { font-family: "DejaVu Sans"; font-size: 10.5pt; line-height: 1.45 }</style>'
        f"</head><body>{body}</body></html>"
    )


# --- Measuring ---------------------------------------------------------------------------


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def p90(values):
    return directory.p90(values)


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
    parser.add_argument("--repeat", type=int, default=5, help="timed renders of each (median)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed renders of each first")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the invented data")
    parser.add_argument("--pdf", type=Path, help="also write one report PDF here")
    parser.add_argument("--html", type=Path, help="also write the report's HTML here")
    parser.add_argument("--no-json", action="store_true", help="do not write bench/results/")
    args = parser.parse_args()
    if args.repeat < 1 or args.warmup < 0 or args.organisations < 20:
        parser.error("--repeat at least 1, --organisations at least 20")
    return args


def main():
    args = parse_args()
    tmpdir = directory.use_throwaway_database()
    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases

    from mapping import models
    from mapping.reports import interim
    from mapping.reports.figures import collect, figures_of

    settings.DEBUG = False
    print(f"Creating the throw-away database {settings.DATABASES['default']['TEST']['NAME']}")
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        rng = random.Random(args.seed)
        # Only the owner of meetings and next steps: it never logs in.
        leader = get_user_model().objects.create_user(username="leder", role="project_leader")
        start = time.perf_counter()
        fill_mapping(models, rng, args, leader)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"  filled in {time.perf_counter() - start:.1f} s", flush=True)
        narrative = models.ReportNarrative.current()
        narrative.introduction = PARAGRAPH * 3
        narrative.method = PARAGRAPH * 2
        narrative.conclusions = PARAGRAPH * 2
        narrative.recommendations = PARAGRAPH * 2
        narrative.save()

        def report():
            return interim.render_interim_report(narrative=narrative, version_number=1)

        with CaptureQueriesContext(connection) as queries:
            (pdf, pages), _seconds = timed(report)
        query_count = len(queries.captured_queries)
        if args.pdf:
            args.pdf.write_bytes(pdf)
        if args.html:
            from django.utils import translation

            with translation.override("da"):
                args.html.write_text(interim.render_html(narrative=narrative, version_number=1))
        html = plain_html(pages)
        _plain, plain_pages = interim.html_to_pdf(html)
        if plain_pages != pages:
            raise SystemExit(f"The plain document has {plain_pages} pages, not {pages}.")

        # The report's parts: reading the data and writing the HTML, then WeasyPrint.
        def parts():
            from django.utils import translation

            with translation.override("da"):
                (report_html, data_seconds) = timed(
                    lambda: interim.render_html(narrative=narrative, version_number=1)
                )
                _result, weasy_seconds = timed(lambda: interim.html_to_pdf(report_html))
            return data_seconds, weasy_seconds

        print(f"Measuring: {args.warmup} warm-up and {args.repeat} timed renders of each…")
        for _ in range(args.warmup):
            report()
            interim.html_to_pdf(html)
        samples = {"report": [], "plain": [], "data_html": [], "weasyprint": []}
        for round_ in range(args.repeat):
            order = ["report", "plain"] if round_ % 2 == 0 else ["plain", "report"]
            for case in order:
                if case == "report":
                    samples["report"].append(timed(report)[1])
                else:
                    samples["plain"].append(timed(lambda: interim.html_to_pdf(html))[1])
            data_seconds, weasy_seconds = parts()
            samples["data_html"].append(data_seconds)
            samples["weasyprint"].append(weasy_seconds)

        figures = figures_of(collect())
        database = directory.database_description(connection)
    finally:
        teardown_databases(old_config, verbosity=0)
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)

    import weasyprint

    plain_median = statistics.median(samples["plain"])
    rows = []
    for key, label in (
        ("plain", "plain document (baseline)"),
        ("report", "interim report"),
        ("data_html", "  of which data + HTML"),
        ("weasyprint", "  of which WeasyPrint"),
    ):
        values = samples[key]
        rows.append(
            {
                "case": label,
                "median_s": round(statistics.median(values), 3),
                "p90_s": round(p90(values), 3),
                "ratio_to_plain": round(statistics.median(values) / plain_median, 2),
                "samples_s": [round(v, 3) for v in values],
            }
        )
    environment = {
        "database": database,
        "vendor": connection.vendor,
        "organisations": args.organisations,
        "contacts": args.contacts,
        "cases": args.cases,
        "feedback": args.feedback,
        "assessed": figures["stakeholders_assessed"],
        "enterprises": figures["enterprises_existing"] + figures["enterprises_potential"],
        "pages": pages,
        "pdf_bytes": len(pdf),
        "queries": query_count,
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
        path = RESULTS_DIR / f"report-{connection.vendor}-{stamp}.json"
        path.write_text(json.dumps({"environment": environment, "cases": rows}, indent=2))
        print(f"\nWritten to {path.relative_to(ROOT)}")


def print_table(environment, rows):
    e = environment
    print(
        f"\n{e['database']} · {e['organisations']:,} organisations ({e['enterprises']} approved "
        f"enterprises, {e['assessed']} in the grid), {e['contacts']} contacts, {e['cases']} "
        f"cases, {e['feedback']} feedback · WeasyPrint {e['weasyprint']} · "
        f"Python {e['python']} · median of {e['repeat']} after {e['warmup']} warm-up · "
        f"{e['machine']}, load {e['load_average'][0]}\n"
        f"The report: {e['pages']} pages, {e['pdf_bytes']:,} bytes, {e['queries']} queries.\n"
    )
    header = f"{'case':<28} {'pages':>5} {'median s':>9} {'p90 s':>7} {'× plain':>8}"
    print(header)
    print("-" * len(header))
    for row in rows:
        pages = e["pages"] if not row["case"].startswith(" ") else ""
        print(
            f"{row['case']:<28} {pages!s:>5} {row['median_s']:>9.2f} {row['p90_s']:>7.2f} "
            f"{row['ratio_to_plain']:>7.2f}×"
        )


if __name__ == "__main__":
    main()
