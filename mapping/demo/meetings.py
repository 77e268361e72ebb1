"""Demo data for the mapping meetings: meetings in Haderslev Kommune, who came, what was said
there (tilkendegivelser) and ideas for interplay with the municipality's own services.

Everything here is invented. Run after mapping.demo (it uses its organisations and contacts);
idempotent: meetings are found by title, feedback by its text, ideas by enterprise and service.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from mapping.models import (
    Attendance,
    Contact,
    Feedback,
    InterplayIdea,
    Meeting,
    Organisation,
)
from mapping.services.meetings import tags_get_or_create

LOCAL = ZoneInfo(settings.TIME_ZONE)
KVISTEN = "Café Kvisten"
GENBRUG = "Genbrugsværkstedet Vojens"
NATURPLEJE = "Årø Naturpleje"
MADHUS = "Sommersted Madhus"
UNGDOMSCAFE = "Ungdomscaféen Starup"
FRIVILLIGRAAD = "Frivilligrådet i Haderslev Kommune"
AELDRERAAD = "Ældrerådet i Haderslev Kommune"
DAMSGAARD = "Damsgaard Trælast A/S"
ERHVERV = "Haderslev Kommune, Erhverv og Borgerservice"
PRODUKTIONSSKOLE = "Produktionsskolen ved Dammen"

# People the mapping met who are not in mapping.demo: organisation, name, role, e-mail.
EXTRA_CONTACTS = [
    (AELDRERAAD, "Ole Olesen", "Næstformand", ""),
    (ERHVERV, "Lise Lauridsen", "Erhvervskonsulent", "lise@example.dk"),
    (MADHUS, "Sanne Skov", "Køkkenleder", "sanne@example.dk"),
]

INFORMATION, DIALOGUE, PROCESS = Meeting.Kind.values

# title, kind, days from today, start hour, hours, place, organiser role,
# organisations, people (by name), agenda, minutes
MEETINGS = [
    (
        "Informationsmøde om socialøkonomi i Haderslev",
        INFORMATION,
        -45,
        16,
        2,
        "Haderslev Bibliotek, Salen",
        "project_leader",
        [KVISTEN, GENBRUG, FRIVILLIGRAAD, ERHVERV],
        ["Villads Vestergaard", "Birthe Bundgaard", "Karen Krogh", "Lise Lauridsen"],
        "1. Velkomst ved projektlederen\n2. Hvad er en socialøkonomisk virksomhed?\n"
        "3. Programmets faser\n4. Spørgsmål",
        "28 deltog. Stor interesse for netværket og for en kuvøse til nye initiativer.",
    ),
    (
        "Dialogmøde med råd og foreninger",
        DIALOGUE,
        -20,
        17,
        2,
        "Vojens Kulturhus, lokale 3",
        "consultant",
        [FRIVILLIGRAAD, AELDRERAAD, UNGDOMSCAFE, GENBRUG],
        ["Karen Krogh", "Ole Olesen", "Jonas Juhl", "Birthe Bundgaard"],
        "1. Kort om kortlægningen\n2. Hvad har foreningerne brug for?\n3. Hvem vil være med?",
        "Rådene vil gerne bidrage med frivillige. Lokaler og opstartskapital er de største "
        "barrierer.",
    ),
    (
        "Procesmøde: indkøb hos lokale socialøkonomiske virksomheder",
        PROCESS,
        14,
        9,
        3,
        "Haderslev Rådhus, mødelokale 2",
        "consultant",
        [KVISTEN, MADHUS, DAMSGAARD, ERHVERV, PRODUKTIONSSKOLE],
        ["Villads Vestergaard", "Sanne Skov", "Peter Plambeck", "Lise Lauridsen"],
        "1. Erfaringer fra dialogmøderne\n2. Sociale klausuler i kommunens indkøb\n3. Næste skridt",
        "",
    ),
]

# Who came to the meetings that have been held: meeting title -> names that attended.
ATTENDED = {
    MEETINGS[0][0]: {"Villads Vestergaard", "Birthe Bundgaard", "Lise Lauridsen"},
    MEETINGS[1][0]: {"Karen Krogh", "Ole Olesen", "Jonas Juhl"},
}

# meeting title (or None), organisation, said by (or None), theme, text, tags
FEEDBACK = [
    (MEETINGS[0][0], KVISTEN, "Villads Vestergaard", Feedback.Theme.NEEDS,
     "Vi har brug for faste aftaler med kommunen, så vi kan planlægge praktikpladserne.",
     ["Praktik", "Offentlige indkøb"]),
    (MEETINGS[0][0], GENBRUG, "Birthe Bundgaard", Feedback.Theme.BARRIERS,
     "Reglerne for fleksjob er svære at gennemskue for en lille forening.",
     ["Fleksjob", "Regler"]),
    (MEETINGS[0][0], ERHVERV, "Lise Lauridsen", Feedback.Theme.EXPECTATIONS,
     "Erhvervsservice forventer at kunne henvise iværksættere direkte til kuvøsen.",
     ["Kuvøse"]),
    (MEETINGS[1][0], FRIVILLIGRAAD, "Karen Krogh", Feedback.Theme.OFFERS,
     "Frivilligrådet stiller gerne med mentorer fra foreningslivet.",
     ["Frivillige", "Mentorer"]),
    (MEETINGS[1][0], AELDRERAAD, "Ole Olesen", Feedback.Theme.IDEAS,
     "En strikkecafé eller reparationscafé kunne give ældre et fællesskab og en opgave.",
     ["Ældre", "Fællesskab"]),
    (MEETINGS[1][0], UNGDOMSCAFE, "Jonas Juhl", Feedback.Theme.BARRIERS,
     "Vi kan ikke finde lokaler, vi har råd til i Starup.",
     ["Lokaler"]),
    (MEETINGS[1][0], None, None, Feedback.Theme.NEEDS,
     "Flere efterspurgte ét sted i kommunen, hvor man kan få råd om at starte op.",
     ["Rådgivning", "lokaler"]),
    (None, DAMSGAARD, "Peter Plambeck", Feedback.Theme.OFFERS,
     "Damsgaard vil gerne købe montageopgaver af en socialøkonomisk virksomhed.",
     ["Underleverandør", "Offentlige indkøb"]),
]  # fmt: skip

# enterprise, department, service, what could be bought or developed together, state
IDEAS = [
    (MADHUS, ERHVERV, "Frokost til rådhusets kantine",
     "Madhuset leverer frokost to dage om ugen som forsøg.", InterplayIdea.State.EXPLORING),
    (GENBRUG, ERHVERV, "Istandsættelse af kontormøbler",
     "Værkstedet reparerer kasserede kontorstole i stedet for nyindkøb.",
     InterplayIdea.State.IDEA),
    (NATURPLEJE, ERHVERV, "Naturpleje af kommunale arealer",
     "Afgræsning med får på to kommunale enge på Årø.", InterplayIdea.State.AGREED),
]  # fmt: skip


def _at(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=LOCAL)


def load(*, users, stdout):
    names = {KVISTEN, GENBRUG, NATURPLEJE, MADHUS, UNGDOMSCAFE, FRIVILLIGRAAD, AELDRERAAD}
    names |= {DAMSGAARD, ERHVERV, PRODUKTIONSSKOLE}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    missing = names - organisations.keys()
    if missing:
        stdout.write(f"Meetings: skipped, organisations missing: {', '.join(sorted(missing))}.")
        return

    for organisation, name, role, email in EXTRA_CONTACTS:
        Contact.objects.get_or_create(
            organisation=organisations[organisation],
            name=name,
            defaults={
                "role": role,
                "email": email,
                "legal_basis": Contact.LegalBasis.PUBLIC_TASK,
                "purpose": "Deltager i kortlægningens møder",
            },
        )
    people = {
        contact.name: contact
        for contact in Contact.objects.filter(organisation__in=organisations.values())
    }

    meetings = {}
    for row in MEETINGS:
        title, kind, days, hour, hours, place, role, orgs, invited, agenda, minutes = row
        meeting, created = Meeting.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "starts_at": _at(days, hour),
                "ends_at": _at(days, hour) + timedelta(hours=hours),
                "place": place,
                "organiser": users[role],
                "agenda": agenda,
                "minutes": minutes,
            },
        )
        meetings[title] = meeting
        if not created:
            continue
        meeting.organisations.set([organisations[name] for name in orgs])
        came = ATTENDED.get(title)
        for name in invited:
            if name not in people:
                continue
            Attendance.objects.create(
                meeting=meeting,
                contact=people[name],
                invited_at=meeting.starts_at - timedelta(days=14) if people[name].email else None,
                attended=(name in came) if came is not None else None,
            )

    for title, organisation, said_by, theme, text, tags in FEEDBACK:
        entry, created = Feedback.objects.get_or_create(
            text=text,
            defaults={
                "theme": theme,
                "meeting": meetings.get(title),
                "organisation": organisations.get(organisation),
                "contact": people.get(said_by),
                "recorded_by": users["consultant"],
            },
        )
        if created:
            entry.tags.set(tags_get_or_create(names=tags))

    for enterprise, department, service, description, state in IDEAS:
        InterplayIdea.objects.get_or_create(
            organisation=organisations[enterprise],
            service=service,
            defaults={
                "department": organisations[department],
                "description": description,
                "state": state,
            },
        )

    stdout.write(
        f"Meetings: {Meeting.objects.count()} meetings, {Feedback.objects.count()} pieces of "
        f"feedback, {InterplayIdea.objects.count()} ideas for interplay."
    )
