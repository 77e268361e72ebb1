"""Demo data for the local cases: target groups and a few invented cases with their effects.

Every case and figure here is invented. Runs after mapping.demo (the organisations exist);
a case whose enterprise is missing is skipped.
"""

from datetime import date
from decimal import Decimal

from mapping.models import SDG, Case, CaseEffect, Organisation, PurposeArea, TargetGroup

TARGET_GROUPS = [
    "Unge uden uddannelse",
    "Ledige på kanten af arbejdsmarkedet",
    "Mennesker i fleksjob",
    "Mennesker med handicap",
    "Mennesker med psykisk sårbarhed",
    "Ensomme ældre",
]

# enterprise, title, published, summary, problem, method, novelty, theory of change,
# target groups, purpose codes, goal numbers,
# effects: (description, figure, unit, (from, to), about people)
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
SPRING_2025 = (date(2025, 3, 1), date(2025, 10, 31))

# fmt: off
CASES = [
    (
        "Café Kvisten", "Fra praktik til fast job i Café Kvisten", True,
        "Unge uden uddannelse lærer køkken og servering i en café med rigtige gæster.",
        "Mange unge i Haderslev står uden uddannelse og job og har svært ved at komme i gang "
        "på en almindelig arbejdsplads.",
        "Praktik på 13 uger i køkken og servering med en fast mentor, derefter hjælp til at "
        "søge job eller uddannelse. Overskuddet fra caféen betaler mentorens løn.",
        "Praktikken foregår i en café med rigtige gæster og rigtige krav, ikke i et "
        "beskyttet værksted.",
        "Hvis unge får ansvar i en rigtig virksomhed med en fast voksen ved siden af, så får "
        "de troen på sig selv, fordi de oplever at kunne noget, som andre betaler for.",
        ["Unge uden uddannelse", "Ledige på kanten af arbejdsmarkedet"],
        ["employment", "social"], [4, 8, 10],
        [
            ("Unge i praktik", "14", "personer", YEAR_2025, True),
            ("Unge i job eller uddannelse efter praktikken", "9", "personer", YEAR_2025, True),
            ("Ansat i fleksjob", "3", "personer", YEAR_2025, True),
            ("Omsætning", "1234567.50", "kr.", YEAR_2025, False),
        ],
    ),
    (
        "Genbrugsværkstedet Vojens", "Møbler fra genbrugspladsen får nyt liv", True,
        "Møbler og cykler, der ellers var blevet kørt til forbrænding, bliver repareret og solgt.",
        "Brugbare møbler og cykler blev smidt ud på genbrugspladsen, og der manglede "
        "arbejdspladser for mennesker i fleksjob i Vojens.",
        "Værkstedet henter møbler og cykler på genbrugspladsen to gange om ugen, reparerer dem "
        "med medarbejdere i fleksjob og sælger dem i egen butik.",
        "Et samarbejde med kommunens genbrugsplads om at sortere brugbare ting fra.",
        "",
        ["Mennesker i fleksjob", "Mennesker med handicap"],
        ["environment", "employment"], [8, 12, 13],
        [
            ("Møbler og cykler reddet fra forbrænding", "38.5", "tons", YEAR_2025, False),
            ("Ansatte i fleksjob", "6", "personer", YEAR_2025, True),
        ],
    ),
    (
        "Grøn Omsorg Gram", "Haven som vej tilbage", False,
        "Et forløb med havebrug for mennesker sygemeldt med stress og angst.",
        "Sygemeldte med stress og angst mangler et roligt sted at komme tilbage til en hverdag.",
        "Otte ugers forløb i haven tre formiddage om ugen, med en ergoterapeut og frivillige.",
        "",
        "",
        ["Mennesker med psykisk sårbarhed"],
        ["health", "social"], [3],
        [
            ("Deltagere der gennemførte forløbet", "11", "personer", SPRING_2025, True),
        ],
    ),
]
# fmt: on


def load(*, users, stdout):
    groups = {}
    for name in TARGET_GROUPS:
        groups[name], _created = TargetGroup.objects.get_or_create(name=name)
    purposes = {purpose.code: purpose for purpose in PurposeArea.objects.all()}
    goals = {goal.number: goal for goal in SDG.objects.all()}

    for row in CASES:
        (name, title, published, summary, problem, method, novelty, theory,
         group_names, purpose_codes, goal_numbers, effects) = row  # fmt: skip
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            continue
        case, created = Case.objects.get_or_create(
            organisation=organisation,
            title=title,
            defaults={
                "published": published,
                "summary": summary,
                "problem": problem,
                "method": method,
                "novelty": novelty,
                "theory_of_change": theory,
            },
        )
        if not created:
            continue
        case.target_groups.set([groups[group] for group in group_names])
        case.purpose_areas.set([purposes[code] for code in purpose_codes if code in purposes])
        case.goals.set([goals[number] for number in goal_numbers if number in goals])
        for description, value, unit, (start, end), about_people in effects:
            CaseEffect.objects.create(
                case=case,
                description=description,
                value=Decimal(value),
                unit=unit,
                period_start=start,
                period_end=end,
                about_people=about_people,
            )
    stdout.write(
        f"Cases: {Case.objects.count()} cases ({Case.objects.published().count()} published), "
        f"{TargetGroup.objects.count()} target groups."
    )
