"""Demo data for the interim report: the project leader's texts in Danish, version 1 frozen
from the demo mapping and submitted to the steering group, so `styregruppe` finds a report
to read right after `make run`.

Runs after the rest of the mapping's demo data (the report is made from it). Idempotent: texts
already written are kept, and a version is frozen only when there is none; it ends with its
PDF made, whether or not a worker runs the freeze's job.
"""

from mapping.models import ReportNarrative, ReportVersion
from mapping.reports.jobs import version_pdf_make
from mapping.services.reports import report_freeze, report_submit

NARRATIVE = {
    "introduction": (
        "Haderslev Kommune vil styrke de socialøkonomiske virksomheder, fordi de skaber "
        "arbejdspladser og fællesskaber for borgere, som har svært ved at finde plads på det "
        "almindelige arbejdsmarked.\n\n"
        "Denne delrapport samler kortlægningen i programmets første fase: hvilke "
        "socialøkonomiske virksomheder og spirer der findes i kommunen, hvem der har "
        "interesse i området, og hvad virksomheder, foreninger og råd har sagt om, hvad en "
        "kommende strategi skal tage fat på. Rapporten er grundlaget for styregruppens "
        "drøftelse af strategi- og handleplanen."
    ),
    "method": (
        "Kortlægningen bygger på kommunens egne oplysninger, CVR-registeret og registeret "
        "over registrerede socialøkonomiske virksomheder (RSV), suppleret med virksomhedernes "
        "egen registrering på portalen.\n\n"
        "Vi har holdt informations- og dialogmøder i Haderslev, Vojens og Gram og talt med "
        "virksomheder, foreninger, frivilligrådet, ungdomsrådet og kommunens fagområder. Det, "
        "vi hørte, er registreret som tilkendegivelser og ordnet efter tema. Interessenterne "
        "er placeret i et gitter efter indflydelse og interesse."
    ),
    "conclusions": (
        "Der er et solidt grundlag at bygge på: en håndfuld etablerede virksomheder, som "
        "allerede skaber job og praktik, og flere foreninger og ildsjæle med idéer, der kan "
        "blive til virksomheder.\n\n"
        "De største barrierer er adgang til lokaler, viden om forretningsdrift og kendskab til "
        "virksomhederne hos kommunens indkøbere og det private erhvervsliv."
    ),
    "recommendations": (
        "Strategien bør samle de socialøkonomiske virksomheder i et lokalt netværk, give nye "
        "virksomheder sparring i en kuvøse og bygge bro til kommunens indkøb og til private "
        "virksomheder, der kan bruge dem som underleverandører.\n\n"
        "Kommunens støtte bør være rådgivning og vejledning, ikke tilskud til enkelte "
        "virksomheder, og effekterne bør følges med få, faste nøgletal."
    ),
}


def load(*, users, stdout):
    leader = users["project_leader"]
    narrative = ReportNarrative.current()
    missing = [name for name, text in NARRATIVE.items() if not getattr(narrative, name)]
    for name in missing:
        setattr(narrative, name, NARRATIVE[name])
    if missing:
        narrative.updated_by = leader
        narrative._history_user = leader
        narrative.full_clean()
        narrative.save()

    version = ReportVersion.objects.order_by("number").first()
    if version is None:
        version, _created = report_freeze(by=leader)
    if not version.pdf_ready:
        # The demo is one transaction, so the freeze's job would run only at its end: the
        # PDF is made here, for the version to be submitted now (the job then finds it made).
        ReportVersion.objects.filter(pk=version.pk).update(
            pdf_state=ReportVersion.PdfState.PREPARING, pdf_error=""
        )
        version = version_pdf_make(version=version)
    if version.submitted_at is None:
        # No e-mail from demo data: the demo's steering group member just logs in.
        report_submit(version=version, by=leader, notify=False)
    stdout.write(
        f"Interim report: {ReportVersion.objects.count()} frozen version(s); "
        f"version {version.number} ({version.page_count} pages) submitted to the steering group."
    )
