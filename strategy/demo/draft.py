"""The demo's newer draft: a revision of the plan in force, written by the project leader
and the consultant over a few weeks (each save a version), its latest version submitted to
the steering group, with one comment from `styregruppe` on a focus area and no verdict yet,
so the steering group has a plan to read right after `make run`. Everything is invented.
"""

from datetime import date, timedelta

from django.utils import timezone

from strategy.demo.adopted import plan_start
from strategy.demo.adopted_content import (
    AEBLE,
    DAMSGAARD,
    FB_MONTAGE,
    GENBRUG,
    HAMMELEV_BYG,
    INDKOB,
    KULTUR,
    MADHUS,
    PRODUKTIONSSKOLE,
    SKOLE,
    SKRYDSTRUP,
    SOCIAL,
    UNGDOMSRAAD,
)
from strategy.demo.common import Mapping, add_months, at, build_action, spread_versions, stamp
from strategy.models import Action, Strategy
from strategy.services.council import latest_version
from strategy.services.drafting import (
    action_save,
    focus_area_save,
    goal_save,
    strategy_create,
    strategy_update,
)
from strategy.services.review import comment_add, version_submit

TITLE = "Revideret socialøkonomisk strategi og handleplan 2027–2029"
AELDRERAAD = "Ældrerådet i Haderslev Kommune"
FB_REPARATION = "En strikkecafé eller reparationscafé"

VISION = (
    "De socialøkonomiske virksomheder er en naturlig del af erhvervslivet i hele Haderslev "
    "Kommune og en fast leverandør til kommunen."
)
VISION_REVISED = (
    VISION + "\n\nDet første år viste, at virksomhederne uden for Haderslev by har sværest ved "
    "at få hjælp. Den reviderede plan flytter rådgivningen ud i Vojens, Gram og på Årø og "
    "gør de forsøg, der virkede, til faste aftaler."
)

FOCUS_AREAS = [
    ("Kommunen som kunde og samarbejdspartner",
     ["Flere faste indkøbsaftaler med socialøkonomiske virksomheder"]),
    ("Kuvøse og lokaler i hele kommunen",
     ["Rådgivning tæt på iværksætterne i landdistrikterne og på Årø",
      "Flere fællesskaber, der kan blive til virksomheder"]),
    ("Unge, skoler og private virksomheder",
     ["Alle overbygningsskoler tilbyder forløbet om socialøkonomi",
      "Flere underleverandøraftaler med private virksomheder"]),
]  # fmt: skip

# (focus area number, goal number, action data as in adopted_content.ACTIONS)
ACTIONS = [
    (1, 1, {
        "title": "Reserverede kontrakter på kantine- og rengøringsområdet",
        "description": "Kantine- og rengøringsopgaver udbydes som reserverede kontrakter, "
        "som kun socialøkonomiske virksomheder kan byde på.",
        "owner": ("department", INDKOB), "partners": [MADHUS], "months": (0, 24),
        "budget": "120000", "hours": "150",
        "indicator": ("Reserverede kontrakter", "kontrakter", 5, 12),
        "organisations": [MADHUS], "themes": ["needs"],
    }),
    (2, 1, {
        "title": "Kuvøsen rykker ud: træffetider i Vojens, Gram og på Årø",
        "description": "Konsulenten holder faste træffetider på bibliotekerne i Vojens og "
        "Gram og en gang om måneden på Årø.",
        "owner": ("person", "consultant"), "months": (0, 18),
        "budget": "180000", "hours": "300",
        "indicator": ("Iværksættere vejledt uden for Haderslev by", "iværksættere", 0, 40),
        "organisations": [AEBLE, SKRYDSTRUP], "potentials": [AEBLE, SKRYDSTRUP],
        "themes": ["needs", "barriers"],
    }),
    (2, 2, {
        "title": "Reparationscafé med ældre frivillige",
        "description": "Genbrugsværkstedet åbner en reparationscafé hver anden lørdag, hvor "
        "ældre frivillige lærer fra sig.",
        "owner": ("organisation", GENBRUG), "fallback": KULTUR, "partners": [AELDRERAAD],
        "months": (2, 14), "budget": "30000", "hours": "80",
        "indicator": ("Besøgende pr. måned", "besøgende", 0, 60),
        "organisations": [GENBRUG, AELDRERAAD], "feedback": [FB_REPARATION],
        "themes": ["ideas"],
    }),
    (3, 1, {
        "title": "Skoleforløbet udbredes til alle overbygningsskoler",
        "description": "Forløbet om socialøkonomi tilbydes alle kommunens skoler med 8. og "
        "9. klasse, med produktionsskolen som vært for besøgene.",
        "owner": ("department", SKOLE), "partners": [PRODUKTIONSSKOLE, UNGDOMSRAAD],
        "months": (1, 30), "budget": "110000", "hours": "200",
        "indicator": ("Skoler med forløbet", "skoler", 2, 12),
        "organisations": [PRODUKTIONSSKOLE], "themes": ["ideas"],
    }),
    (3, 2, {
        "title": "Montageopgaver og underleverandøraftaler, forlænget",
        "description": "Matchningen af private virksomheders montageopgaver fortsætter og "
        "udvides til byggebranchen.",
        "owner": ("department", SOCIAL), "partners": [DAMSGAARD, HAMMELEV_BYG],
        "months": (0, 24), "budget": "60000", "hours": "220",
        "indicator": ("Underleverandøraftaler", "aftaler", 4, 10),
        "organisations": [DAMSGAARD, HAMMELEV_BYG], "feedback": [FB_MONTAGE],
        "themes": ["offers"],
    }),
]  # fmt: skip

COMMENT = (
    "Godt at kuvøsen kommer ud i landdistrikterne. Hvordan sikrer vi, at Årø ikke kun får "
    "træffetid om sommeren, når færgen sejler oftere? Og kan produktionsskolen være med?"
)


def load(*, users, stdout):
    if Strategy.objects.filter(title=TITLE).exists():
        stdout.write(f"Strategy “{TITLE}”: already there, nothing added.")
        return None
    leader, consultant = users["project_leader"], users["consultant"]
    today = timezone.localdate()
    start = add_months(plan_start(today), 18)
    strategy = strategy_create(
        by=leader, title=TITLE, vision=VISION, starts_on=start, ends_on=date(start.year + 2, 12, 31)
    )
    stdout.write(f"Strategy: “{TITLE}” (draft).")
    areas, goals = _areas_and_goals(strategy, leader, consultant, stdout)
    mapping = Mapping()
    actions = []
    for index, (area_number, goal_number, data) in enumerate(ACTIONS):
        area = areas[area_number]
        action = build_action(
            data=data,
            strategy=strategy,
            area=area,
            goal=goals[area_number, goal_number],
            position=1 + sum(1 for a in actions if a.focus_area_id == area.pk),
            plan_start=start,
            users=users,
            mapping=mapping,
            by=consultant if index % 2 == 0 else leader,
        )
        actions.append(action)
        stdout.write(f"Action: {action.title} (owner: {action.owner}).")

    strategy_update(strategy=strategy, by=leader, revision=strategy.revision, vision=VISION_REVISED)
    stdout.write("Vision revised by the project leader.")
    action = Action.objects.get(pk=actions[1].pk)
    action = action_save(
        action=action,
        by=consultant,
        revision=action.revision,
        budget_hours=action.budget_hours + 60,
    )
    stdout.write(f"Action “{action.title}” changed by the consultant (more hours).")
    spread_versions(
        strategy, first=at(today - timedelta(days=21), 9), last=at(today - timedelta(days=3), 15)
    )

    version = latest_version(strategy)
    version_submit(version=version, by=leader)
    stamp(version, submitted_at=at(today - timedelta(days=2), 13))
    stdout.write(f"Version {version.number} of “{TITLE}” submitted to the steering group.")
    member = users.get("steering_group")
    if member is not None:
        comment = comment_add(
            version=version, by=member, section=f"focus-{areas[2].pk}", text=COMMENT
        )
        stamp(comment, created_at=at(today - timedelta(days=1), 10, 30))
        stdout.write("Comment from the steering group on focus area 2; no verdict yet.")
    return strategy


def _areas_and_goals(strategy, leader, consultant, stdout):
    areas, goals = {}, {}
    for number, (title, goal_titles) in enumerate(FOCUS_AREAS, start=1):
        areas[number] = focus_area_save(
            strategy=strategy, by=consultant, position=number, title=title
        )
        stdout.write(f"Focus area {number}: {title}.")
        for goal_number, goal_title in enumerate(goal_titles, start=1):
            goals[number, goal_number] = goal_save(
                focus_area=areas[number], by=leader, position=goal_number, title=goal_title
            )
            stdout.write(f"Goal {number}.{goal_number}: {goal_title}.")
    return areas, goals
