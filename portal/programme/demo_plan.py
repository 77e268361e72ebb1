"""Demo data for the programme plan: the offer's two phases and their activities with the hours
the offer lists (section 9, "Økonomi"), at its rate of 825 kr. excl. VAT; the budget kept as
the baseline "Tilbuddet (2012)"; and some of the consultant's time, enough to put one
activity past 90 % and one past 100 % of its estimate.

The offer says "290 timer" for phase 1, but its four activities add up to 275 hours, and its
own phase total, 226.875,00 kr., is 275 × 825. Totals here are computed from the activities,
so the demo shows 275 hours and 226.875,00 kr. for phase 1, and 380 hours and 313.500,00 kr.
for phase 2, as the offer does.

Dates follow today: phase 1 (contracted) from about six months ago to a month ahead, phase 2
(not contracted yet) after it for 18 months. Idempotent: what exists is kept as it is.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from portal.programme.models import Activity, BudgetBaseline, Phase, TimeEntry
from portal.programme.models.plan import DEFAULT_HOURLY_RATE
from portal.programme.services.plan import activity_create, baseline_create, phase_create
from portal.programme.services.timesheets import time_entry_create

BASELINE_NAME = "Tilbuddet (2012)"
REASON = "Fra tilbuddet til Haderslev Kommune, september 2012"

# (number, name, description, contracted, start and end in days from phase 1's start)
PHASES = [
    (
        1,
        "Kortlægning og forslag til strategi- og handleplan",
        "Kortlægning af de socialøkonomiske virksomheder, aktiviteter og potentialer, en "
        "delrapport til styregruppen og et forslag til en socialøkonomisk strategi- og "
        "handleplan.",
        True,
        0,
        212,
    ),
    (
        2,
        "Implementering",
        "Strategi- og handleplanen føres ud i livet. Omkostningerne er et skøn, der tilpasses "
        "den vedtagne plan; Center for Socialøkonomi giver et konkret tilbud på fasen.",
        False,
        213,
        213 + 548,
    ),
]

# phase number -> (name, description, hours, start, end in days from the phase's start,
# responsible role)
ACTIVITIES = {
    1: [
        (
            "Projektetablering",
            (
                "Der etableres og afvikles møder i styregruppen; der etableres kontakt med og "
                "afvikles møder med den kommunale tovholder; der foretages de ønskede ændringer og "
                "præciseringer af projektplanen (aktivitets- og tidsplan)."
            ),
            30,
            0,
            30,
            "project_leader",
        ),
        (
            "Kortlægning",
            (
                "Kortlægning af eksisterende socialøkonomiske aktiviteter, af de aktiviteter som "
                "foreninger, organisationer m.v. gennemfører med frivillige, og af de "
                "potentialer der"
                " findes blandt virksomheder, foreninger, organisationer og iværksættere; møder "
                "med "
                "relevante virksomheder, foreninger, organisationer og aktører."
            ),
            125,
            14,
            120,
            "consultant",
        ),
        (
            "Opsamling",
            (
                "Bearbejdning af de indsamlede data; en delrapport, der belyser de eksisterende "
                "ressourcer og aktiviteter, gengiver deres behov og forventninger og beskriver de "
                "fundne potentialer; præsentation af delrapporten for styregruppen."
            ),
            50,
            100,
            170,
            "consultant",
        ),
        (
            "Strategi- og handleplan",
            (
                "Dialogmøder med relevante virksomheder, foreninger, organisationer og aktører; "
                "møde "
                "med styregruppen; forslag til strategi- og handleplan."
            ),
            70,
            150,
            212,
            "project_leader",
        ),
    ],
    2: [
        (
            "Lancering af den socialøkonomiske strategi og handleplan",
            "Informationsaktiviteter, møder m.v.",
            30,
            0,
            60,
            "project_leader",
        ),
        (
            "Implementering i den kommunale forvaltning",
            "Udvikling af støttestruktur, uddannelsesaktiviteter og sparring.",
            50,
            30,
            365,
            "project_leader",
        ),
        (
            (
                "Udvikling af samspillet mellem kommunen og de eksisterende socialøkonomiske "
                "virksomheder"
            ),
            "Afdækning og idéudvikling; dialogmøder.",
            30,
            60,
            300,
            "consultant",
        ),
        (
            "Etablering af nye socialøkonomiske virksomheder",
            (
                "Det beskrevne potentiale hjælpes til virksomhedsetablering; der gives håndholdt "
                "sparring."
            ),
            100,
            90,
            548,
            "consultant",
        ),
        (
            "Socialøkonomiske netværk",
            "Der etableres et socialøkonomisk netværk, og netværket understøttes.",
            30,
            60,
            548,
            "consultant",
        ),
        (
            "Støtte til de socialøkonomiske virksomheder",
            (
                "Der etableres en støtteordning for de socialøkonomiske virksomheder: rådgivning "
                "og "
                "vejledning, ikke tilskud."
            ),
            100,
            120,
            548,
            "consultant",
        ),
        (
            "Samspil med private virksomheder",
            (
                "Der etableres en platform, hvor socialøkonomiske og privatøkonomiske virksomheder "
                "kan etablere relationer."
            ),
            20,
            180,
            548,
            "consultant",
        ),
        (
            "Skoler og social innovation",
            (
                "Der etableres samarbejde med lokale skoler og uddannelsesinstitutioner for at "
                "fremme"
                " social entreprenørskab og innovation."
            ),
            20,
            270,
            548,
            "consultant",
        ),
    ],
}

# The consultant's registrations: activity -> (days from phase 1's start, hours, note).
# Projektetablering: 32 of 30 hours (107 %); Kortlægning: 115 of 125 (92 %); Opsamling 18.
TIME = {
    "Projektetablering": [
        (1, "7.5", "Opstartsmøde med tovholderen"),
        (2, "7.5", "Projektplan, aktivitets- og tidsplan"),
        (8, "7.5", "Første styregruppemøde, forberedelse og referat"),
        (15, "7.5", "Præciseringer af projektplanen"),
        (22, "2", "Opfølgning med tovholderen"),
    ],
    "Kortlægning": [
        (16 + 6 * n, "7.5", note)
        for n, note in enumerate(
            [
                "Kommunens egne oplysninger og CVR",
                "RSV-registeret",
                "Informationsmøde i Haderslev",
                "Interview: foreninger med frivillige",
                "Informationsmøde i Vojens",
                "Interview: virksomheder",
                "Dialog med frivilligrådet",
                "Informationsmøde i Gram",
                "Interview: iværksættere",
                "Møde med ungdomsrådet",
                "Besøg på Årø",
                "Kortlægning af potentialer",
                "Møde med ældrerådet og handicaprådet",
                "Interessentanalyse",
                "Opdatering af kortlægningen",
            ]
        )
    ]
    + [(110, "2.5", "Afslutning af kortlægningen")],
    "Opsamling": [
        (101, "6", "Bearbejdning af data"),
        (108, "6", "Delrapport, første udkast"),
        (115, "6", "Delrapport, figurer og tabeller"),
    ],
}


def _days(start, days):
    return start + datetime.timedelta(days=days)


def _phases(leader, start):
    phases = {}
    for number, name, description, contracted, first, last in PHASES:
        phase = Phase.objects.filter(number=number).first()
        if phase is None:
            phase = phase_create(
                by=leader,
                reason=REASON,
                number=number,
                name=name,
                description=description,
                starts_on=_days(start, first),
                ends_on=_days(start, last),
                contracted=contracted,
            )
        phases[number] = phase
    return phases


def _activities(phases, users, leader):
    activities = {}
    for number, rows in ACTIVITIES.items():
        phase = phases[number]
        for position, (name, description, hours, first, last, role) in enumerate(rows, 1):
            activity = Activity.objects.filter(phase=phase, name=name).first()
            if activity is None:
                planned_start = max(_days(phase.starts_on, first), phase.starts_on)
                activity = activity_create(
                    by=leader,
                    reason=REASON,
                    phase=phase,
                    position=position,
                    name=name,
                    description=description,
                    estimated_hours=Decimal(hours),
                    hourly_rate=DEFAULT_HOURLY_RATE,
                    planned_start=planned_start,
                    planned_end=min(_days(phase.starts_on, last), phase.ends_on),
                    responsible=users.get(role, leader),
                )
            activities[name] = activity
    return activities


def _time(activities, consultant):
    today = timezone.localdate()
    count = 0
    for name, rows in TIME.items():
        activity = activities.get(name)
        if (
            activity is None
            or TimeEntry.objects.filter(user=consultant, activity=activity).exists()
        ):
            continue
        phase = activity.phase
        for days, hours, note in rows:
            day = _days(phase.starts_on, days)
            if day > today or not phase.contains(day) or not phase.contracted:
                continue
            time_entry_create(
                user=consultant, activity=activity, date=day, hours=Decimal(hours), note=note
            )
            count += 1
    return count


def load(*, users, stdout):
    leader = users["project_leader"]
    consultant = users.get("consultant", leader)
    start = timezone.localdate() - datetime.timedelta(days=182)
    phases = _phases(leader, start)
    activities = _activities(phases, users, leader)
    if not BudgetBaseline.objects.filter(name=BASELINE_NAME).exists():
        baseline_create(name=BASELINE_NAME, by=leader)
    entries = _time(activities, consultant)
    stdout.write(
        f"Programme plan: {len(phases)} phases, {len(activities)} activities, "
        f"{entries} new time registrations."
    )
