"""Demo data for the stakeholder analysis: assessments, relations, contacts' roles in the
programme, an interaction log with follow-up tasks, and the potential of the ideas.

Builds on the organisations and contacts of mapping/demo.py. Every person and every
conversation here is invented. Dates are relative to today so that the demo always shows
open, overdue and done tasks and a stakeholder who has not been contacted for too long.
Idempotent: rows are looked up by what identifies them before anything is created.
"""

from datetime import timedelta

from django.utils import timezone

from mapping.models import (
    Contact,
    Interaction,
    Organisation,
    OrganisationRelation,
    Potential,
    StakeholderAssessment,
    Task,
)
from mapping.services.stakeholders import interaction_log

A = StakeholderAssessment.Attitude
R = OrganisationRelation.Kind
STAGE = Potential.Stage

# organisation: (influence, interest, attitude, what they can contribute, approach)
# fmt: off
ASSESSMENTS = {
    "Haderslev Kommune, Erhverv og Borgerservice": (
        5, 5, A.SUPPORTIVE,
        "Tovholder; kan åbne døre til indkøb og kommunens samarbejdsaftaler.",
        "Fast møde hver anden uge med erhvervschefen.",
    ),
    "Det Regionale Arbejdsmarkedsråd Syddanmark": (
        4, 2, A.UNKNOWN,
        "Kan pege på regionale puljer og fremhæve gode eksempler.",
        "Kort skriftlig status hvert kvartal.",
    ),
    "Frivilligrådet i Haderslev Kommune": (
        3, 4, A.SUPPORTIVE,
        "Netværk til foreninger og frivillige i hele kommunen.",
        "Med i følgegruppen; inviteres til alle dialogmøder.",
    ),
    "Ungdomsrådet i Haderslev Kommune": (
        2, 4, A.SUPPORTIVE, "Unges idéer og stemme i strategien.", "Workshop på rådets næste møde.",
    ),
    "Ældrerådet i Haderslev Kommune": (2, 2, A.NEUTRAL, "", ""),
    "Handicaprådet i Haderslev Kommune": (
        3, 3, A.NEUTRAL, "Viden om tilgængelighed og fleksjob.", "",
    ),
    "Fagforeningen Sydvest": (
        3, 2, A.SCEPTICAL, "",
        "Afklar bekymringen for løndumping; vis eksempler med overenskomst.",
    ),
    "Damsgaard Trælast A/S": (
        3, 3, A.SUPPORTIVE,
        "Køber montageopgaver; kan blive rollemodel for andre virksomheder.", "",
    ),
    "Hammelev Byg & Anlæg ApS": (2, 3, A.NEUTRAL, "Sociale klausuler i byggeopgaver.", ""),
    "Erhvervsforeningen Sydøst": (
        4, 3, A.NEUTRAL, "Adgang til 200 medlemsvirksomheder.", "Oplæg på generalforsamlingen.",
    ),
    "Produktionsskolen ved Dammen": (2, 5, A.SUPPORTIVE, "Praktikpladser og værksteder.", ""),
    "Café Kvisten": (1, 5, A.SUPPORTIVE, "Rollemodel og vært for netværksmøder.", ""),
    "Genbrugsværkstedet Vojens": (1, 4, A.SUPPORTIVE, "", ""),
    "Skrydstrup Kulturhus": (2, 3, A.NEUTRAL, "", ""),
}

# source, kind, target, note
RELATIONS = [
    ("Damsgaard Trælast A/S", R.BUYER, "Genbrugsværkstedet Vojens", "Montage af paller og reoler"),
    ("Sommersted Madhus", R.SUPPLIER, "Produktionsskolen ved Dammen", "Frokostordning"),
    ("Café Kvisten", R.PARTNER, "Produktionsskolen ved Dammen", "Praktik i køkkenet"),
    ("Café Kvisten", R.MEMBER, "Erhvervsforeningen Sydøst", ""),
    ("Damsgaard Trælast A/S", R.MEMBER, "Erhvervsforeningen Sydøst", ""),
    ("Ålykke Havebrug", R.PARTNER, "Grøn Omsorg Gram", "Fælles haveforløb"),
    ("Cykelværkstedet Haderslev", R.SUPPLIER, "Hammelev Byg & Anlæg ApS", "Service på firmacykler"),
]

# New contacts: organisation, name, role, e-mail user part
CONTACTS = [
    ("Haderslev Kommune, Erhverv og Borgerservice", "Mette Mikkelsen", "Erhvervskonsulent",
     "mette"),
    ("Hammelev Byg & Anlæg ApS", "Lars Lauridsen", "Direktør", "lars"),
    ("Fagforeningen Sydvest", "Susanne Sørensen", "Afdelingsformand", "susanne"),
]

# Contacts' roles in the programme: name, key person, change agent, also linked to
FLAGS = [
    ("Karen Krogh", True, True, ["Ålykke Havebrug"]),
    ("Villads Vestergaard", True, False, ["Erhvervsforeningen Sydøst"]),
    ("Peter Plambeck", True, False, []),
    ("Mette Mikkelsen", True, True, []),
    ("Jonas Juhl", False, True, []),
]

# organisation, contact name or None, kind, days ago, what was said,
# follow-up (title, owner role, days from today) or None
INTERACTIONS = [
    ("Haderslev Kommune, Erhverv og Borgerservice", "Mette Mikkelsen", Interaction.Kind.MEETING, 6,
     "Status på kortlægningen. Erhverv vil gerne have kortet over socialøkonomiske "
     "virksomheder med i næste udbudsrunde.",
     ("Send udkast til kort over virksomhederne", "consultant", 14)),
    ("Frivilligrådet i Haderslev Kommune", "Karen Krogh", Interaction.Kind.CALL, 20,
     "Frivilligrådet vil gerne være medarrangør af dialogmødet i Vojens.",
     ("Aftal dato for dialogmødet i Vojens", "project_leader", 7)),
    ("Damsgaard Trælast A/S", "Peter Plambeck", Interaction.Kind.VISIT, 35,
     "Besøg på lageret. De kan bruge flere hænder til montage i foråret.", None),
    ("Café Kvisten", "Villads Vestergaard", Interaction.Kind.EMAIL, 3,
     "Caféen vil gerne lægge lokaler til det første netværksmøde.", None),
    ("Fagforeningen Sydvest", "Susanne Sørensen", Interaction.Kind.MEETING, 140,
     "Fagforeningen er bekymret for, at fleksjob i socialøkonomiske virksomheder presser "
     "lønnen.", None),
    ("Ungdomscaféen Starup", "Jonas Juhl", Interaction.Kind.MEETING, 12,
     "Gruppen har fundet et lokale i forsamlingshuset og mangler hjælp til budget og "
     "foreningsform.",
     ("Book sparringsmøde om budget", "consultant", 10)),
]

# Tasks that are already overdue or done (the log's service refuses deadlines in the past).
# title, organisation, owner role, deadline in days from today, done days ago or None
EXTRA_TASKS = [
    ("Ring til Erhvervsforeningen om oplæg på generalforsamlingen", "Erhvervsforeningen Sydøst",
     "consultant", -5, None),
    ("Send referat til Frivilligrådet", "Frivilligrådet i Haderslev Kommune", "project_leader",
     -12, 10),
    ("Følg op på Damsgaards behov for montage", "Damsgaard Trælast A/S", "consultant", -2, None),
]

# organisation, stage, needs, next step, days from today, owner role
POTENTIALS = [
    ("Ungdomscaféen Starup", STAGE.GRASSROOTS, "Budget, foreningsform og et lokale med køkken.",
     "Sparringsmøde om budget", 10, "consultant"),
    ("Æblelauget Over Jerstal", STAGE.GRASSROOTS, "Adgang til et godkendt køkken til mosteri.",
     "Kontakt Fødevarestyrelsen om krav", -4, "consultant"),
    ("Ørnereden Bofællesskab", STAGE.ENTREPRENEUR, "Plads til brændeproduktion og en aftager.",
     "Mød Damsgaard Trælast om salg af optænding", 21, "project_leader"),
    ("Skrydstrup Kulturhus", STAGE.ENTREPRENEUR, "Forretningsplan for café og udlejning.",
     "", None, None),
    ("Cykelværkstedet Haderslev", STAGE.GROWTH, "Større værksted og flere lærepladser.",
     "Præsenter for Erhvervsforeningen", 30, "project_leader"),
]
# fmt: on


def _org(name):
    return Organisation.objects.filter(name=name).first()


def load(*, users, stdout):
    today = timezone.localdate()
    leader = users["project_leader"]
    owners = {"project_leader": leader, "consultant": users["consultant"]}

    for name, (influence, interest, attitude, contribution, approach) in ASSESSMENTS.items():
        organisation = _org(name)
        if organisation is None:
            continue
        StakeholderAssessment.objects.get_or_create(
            organisation=organisation,
            defaults={
                "influence": influence,
                "interest": interest,
                "attitude": attitude,
                "contribution": contribution,
                "approach": approach,
                "updated_by": leader,
            },
        )

    for source_name, kind, target_name, note in RELATIONS:
        source, target = _org(source_name), _org(target_name)
        if source and target:
            OrganisationRelation.objects.get_or_create(
                source=source, kind=kind, target=target, defaults={"note": note}
            )

    for organisation_name, name, role, mailbox in CONTACTS:
        organisation = _org(organisation_name)
        if organisation is None:
            continue
        Contact.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "role": role,
                "email": f"{mailbox}@example.dk",
                "legal_basis": Contact.LegalBasis.PUBLIC_TASK,
                "purpose": "Kontaktperson i kommunens program for socialøkonomi",
            },
        )

    for name, key_person, change_agent, linked in FLAGS:
        contact = Contact.objects.filter(name=name).first()
        if contact is None:
            continue
        Contact.objects.filter(pk=contact.pk).update(
            is_key_person=key_person, is_change_agent=change_agent
        )
        linked_organisations = [org for org in map(_org, linked) if org is not None]
        contact.linked_organisations.add(*linked_organisations)

    for organisation_name, person, kind, days_ago, summary, follow_up in INTERACTIONS:
        organisation = _org(organisation_name)
        if (
            organisation is None
            or Interaction.objects.filter(organisation=organisation, summary=summary).exists()
        ):
            continue
        task = {}
        if follow_up:
            title, owner_role, days = follow_up
            task = {
                "task_title": title,
                "task_owner": owners[owner_role],
                "task_deadline": today + timedelta(days=days),
            }
        interaction_log(
            organisation=organisation,
            by=owners["consultant"],
            date=today - timedelta(days=days_ago),
            kind=kind,
            summary=summary,
            contact=Contact.objects.filter(name=person).first() if person else None,
            **task,
        )

    now = timezone.now()
    for title, organisation_name, owner_role, deadline, done_days_ago in EXTRA_TASKS:
        Task.objects.get_or_create(
            title=title,
            defaults={
                "organisation": _org(organisation_name),
                "owner": owners[owner_role],
                "due_on": today + timedelta(days=deadline),
                "done_at": now - timedelta(days=done_days_ago) if done_days_ago else None,
                "done_by": owners[owner_role] if done_days_ago else None,
            },
        )

    for name, stage, needs, next_step, days, owner_role in POTENTIALS:
        organisation = _org(name)
        if organisation is None:
            continue
        Potential.objects.get_or_create(
            organisation=organisation,
            defaults={
                "stage": stage,
                "needs": needs,
                "next_step": next_step,
                "next_step_on": today + timedelta(days=days) if days is not None else None,
                "next_step_owner": owners.get(owner_role),
            },
        )

    stdout.write(
        f"Stakeholders: {StakeholderAssessment.objects.count()} assessments, "
        f"{OrganisationRelation.objects.count()} relations, "
        f"{Interaction.objects.count()} interactions, {Task.objects.count()} tasks, "
        f"{Potential.objects.count()} potentials."
    )
