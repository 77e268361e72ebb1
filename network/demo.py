"""Demo data for the network, loaded by `manage.py demo_data`: a network of ten members
following two themes, the municipality's departments and their contact persons, six events
(a launch meeting, two network meetings (one full, with a waiting list and an open offer), a
training for three departments with attendance, a past dialogue meeting whose evaluations are
feedback in the mapping, a cancelled meeting) and one sent mailing. Every person is invented.
Idempotent: each row is found by its name or title before it is made."""

import datetime

from django.db import transaction
from django.utils import timezone

from mapping.models import FeedbackTag, Organisation
from network.models import (
    ContactPerson,
    Department,
    Event,
    Mailing,
    Membership,
    MembershipChange,
    SignUp,
    Theme,
)
from network.selectors.mailings import audience
from network.services import evaluations, mailings, signups

THEMES = [
    ("Indkøb", "Kommunens og virksomhedernes køb hos socialøkonomiske virksomheder."),
    ("Beskæftigelse", "Pladser og job til mennesker på kanten af arbejdsmarkedet."),
]
# Organisation, themes followed, months a member.
MEMBERS = [
    ("Café Kvisten", ("Indkøb", "Beskæftigelse"), 10),
    ("Genbrugsværkstedet Vojens", ("Beskæftigelse",), 9),
    ("Årø Naturpleje", ("Indkøb",), 9),
    ("Grøn Omsorg Gram", ("Beskæftigelse",), 8),
    ("Cykelværkstedet Haderslev", ("Indkøb", "Beskæftigelse"), 8),
    ("Sommersted Madhus", ("Indkøb",), 7),
    ("Østervang Vaskeri", ("Indkøb", "Beskæftigelse"), 6),
    ("Ålykke Havebrug", ("Beskæftigelse",), 5),
    ("Frivilligrådet i Haderslev Kommune", (), 5),
    ("Erhvervsforeningen Sydøst", ("Indkøb",), 4),
]
APPLYING = "Ungdomscaféen Starup"
DEPARTMENTS = [
    ("Børn og Familie", "Camilla Krogh", "Indkøbskoordinator", ContactPerson.Topic.BUYING),
    ("Social og Sundhed", "Jonas Lauridsen", "Konsulent", ContactPerson.Topic.BOTH),
    ("Teknik og Miljø", "Pia Holst", "Afdelingsleder", ContactPerson.Topic.COOPERATION),
    ("Arbejdsmarked", "Rasmus Friis", "Virksomhedskonsulent", ContactPerson.Topic.COOPERATION),
]
# Invented participants: name, e-mail user part, organisation.
PEOPLE = [
    ("Anne Andersen", "anne", "Café Kvisten"),
    ("Bo Bertelsen", "bo", "Genbrugsværkstedet Vojens"),
    ("Cecilie Christensen", "cecilie", "Årø Naturpleje"),
    ("Dorthe Damgaard", "dorthe", "Grøn Omsorg Gram"),
    ("Erik Eskildsen", "erik", "Cykelværkstedet Haderslev"),
    ("Frida Frandsen", "frida", "Sommersted Madhus"),
    ("Gustav Gregersen", "gustav", "Østervang Vaskeri"),
    ("Helle Hansen", "helle", "Ålykke Havebrug"),
    ("Ib Iversen", "ib", "Frivilligrådet i Haderslev Kommune"),
    ("Jette Jakobsen", "jette", "Erhvervsforeningen Sydøst"),
    ("Karl Kristiansen", "karl", "Ungdomscaféen Starup"),
    ("Lise Lund", "lise", "Skrydstrup Kulturhus"),
    ("Morten Madsen", "morten", "Haderslev Kommune, Erhverv og Borgerservice"),
    ("Nanna Nielsen", "nanna", "Produktionsskolen ved Dammen"),
    ("Ole Olesen", "ole", "Damsgaard Trælast A/S"),
    ("Pernille Poulsen", "pernille", "Fagforeningen Sydvest"),
]


def at_local(day, time):
    """`day` at `time` in the municipality's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _moment(days, hour, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return at_local(day, datetime.time(hour, minute))


def _person(index):
    name, user_part, organisation = PEOPLE[index % len(PEOPLE)]
    return {
        "name": name,
        "email": f"{user_part}.{index}@example.dk",
        "organisation_name": organisation,
    }


def load(*, users, stdout):
    with transaction.atomic():
        themes = _themes()
        _members(users, themes)
        departments = _departments()
        _events(users, themes, departments)
        _mailing(users, themes)
    stdout.write("Network: members, departments, events and a mailing loaded.")


def _themes():
    themes = {}
    for name, description in THEMES:
        themes[name], _created = Theme.objects.get_or_create(
            name=name, defaults={"description": description}
        )
    return themes


def _members(users, themes):
    leader = users["project_leader"]
    today = timezone.localdate()
    for name, followed, months in MEMBERS:
        organisation = Organisation.objects.get(name=name)
        joined = today - datetime.timedelta(days=30 * months)
        membership, created = Membership.objects.get_or_create(
            organisation=organisation,
            defaults={
                "status": Membership.Status.ACTIVE,
                "motivation": "Vi vil gerne være med i det lokale netværk.",
                "applied_at": at_local(joined - datetime.timedelta(days=7), datetime.time(10)),
                "joined_on": joined,
                "status_changed_at": at_local(joined, datetime.time(9)),
            },
        )
        if created:
            membership.themes.set([themes[theme] for theme in followed])
            MembershipChange.objects.create(
                membership=membership,
                status=Membership.Status.APPLIED,
                changed_at=membership.applied_at,
            )
            MembershipChange.objects.create(
                membership=membership,
                status_before=Membership.Status.APPLIED,
                status=Membership.Status.ACTIVE,
                changed_by=leader,
                changed_at=membership.status_changed_at,
            )
    applying, created = Membership.objects.get_or_create(
        organisation=Organisation.objects.get(name=APPLYING),
        defaults={"motivation": "Vi driver en ungdomscafé og vil gerne lære af de andre."},
    )
    if created:
        applying.themes.set([themes["Beskæftigelse"]])
        MembershipChange.objects.create(membership=applying, status=Membership.Status.APPLIED)


def _departments():
    departments = []
    for name, person, title, topic in DEPARTMENTS:
        department, _created = Department.objects.get_or_create(name=name, parent=None)
        ContactPerson.objects.get_or_create(
            department=department,
            name=person,
            defaults={
                "title": title,
                "email": f"{person.split()[0].lower()}@example.dk",
                "topic": topic,
            },
        )
        departments.append(department)
    return departments


def _event(title, **fields):
    themes = fields.pop("themes", ())
    network_themes = fields.pop("network_themes", ())
    event, created = Event.objects.get_or_create(title=title, defaults=fields)
    if created:
        event.themes.set(themes)
        event.network_themes.set(network_themes)
    return event, created


def _events(users, themes, departments):
    leader, consultant = users["project_leader"], users["consultant"]
    address = "Haderslev Rådhus, Gravene 2, 6100 Haderslev"
    purchasing = FeedbackTag.objects.get_or_create(name="indkøb")[0]
    employment = FeedbackTag.objects.get_or_create(name="beskæftigelse")[0]
    published = Event.State.PUBLISHED

    launch, created = _event(
        "Lancering af strategien for socialøkonomi",
        description=(
            "Byrådet har vedtaget strategi og handleplan for socialøkonomi. Hør om planen, "
            "mød virksomhederne og kommunens kontaktpersoner, og se hvordan I kan bidrage."
        ),
        kind=Event.Kind.LAUNCH,
        audience=Event.Audience.PUBLIC,
        place=address,
        starts_at=_moment(21, 16),
        ends_at=_moment(21, 18, 30),
        capacity=80,
        organiser=leader,
        state=published,
        themes=[purchasing, employment],
    )
    if created:
        for index in range(6):
            signups.signup_create(event=launch, **_person(index + 6), by=leader)
        enterprise = users["enterprise"]
        signups.signup_create(
            event=launch,
            name=enterprise.get_full_name(),
            email=enterprise.email,
            user=enterprise,
            organisation=enterprise.organisations.first(),
            organisation_name=str(enterprise.organisations.first() or ""),
            by=leader,
        )

    full, created = _event(
        "Netværksmøde: Kommunen som kunde",
        description=(
            "Hvordan sælger man til kommunen? Indkøbsafdelingen fortæller om tilbud under "
            "tærskelværdierne og sociale klausuler, og medlemmerne deler erfaringer."
        ),
        kind=Event.Kind.NETWORK,
        audience=Event.Audience.PUBLIC,
        place="Café Kvisten, Storegade 12, 6100 Haderslev",
        starts_at=_moment(10, 15),
        ends_at=_moment(10, 17),
        capacity=8,
        organiser=consultant,
        state=published,
        themes=[purchasing],
        network_themes=[themes["Indkøb"]],
    )
    if created:
        for index in range(11):
            signups.signup_create(event=full, **_person(index), by=consultant)
        # One participant cancelled: the first on the waiting list has an open offer.
        first = full.signups.get(email=_person(0)["email"])
        signups.signup_cancel(signup=first, by=consultant)
        signups.offers_make(event=full)

    employment_meeting, created = _event(
        "Netværksmøde: Pladser til mennesker på kanten af arbejdsmarkedet",
        description="Virksomhederne og kommunen om praktik, løntilskud og fleksjob.",
        kind=Event.Kind.NETWORK,
        audience=Event.Audience.MEMBERS,
        place="Genbrugsværkstedet Vojens, Banegårdsvej 4, 6500 Vojens",
        starts_at=_moment(42, 15),
        ends_at=_moment(42, 17),
        capacity=25,
        organiser=consultant,
        state=published,
        themes=[employment],
        network_themes=[themes["Beskæftigelse"]],
    )
    if created:
        for index in (1, 3, 7):
            signups.signup_create(event=employment_meeting, **_person(index), by=consultant)

    training, created = _event(
        "Kursus: Socialøkonomiske virksomheder som leverandører",
        description=(
            "For kommunens medarbejdere: hvad er en socialøkonomisk virksomhed, hvordan "
            "køber man hos dem, og hvem spørger man?"
        ),
        kind=Event.Kind.TRAINING,
        audience=Event.Audience.STAFF,
        place="Haderslev Rådhus, mødelokale 3",
        starts_at=_moment(-14, 9),
        ends_at=_moment(-14, 12),
        capacity=30,
        organiser=leader,
        state=published,
        outcome="Tolv medarbejdere fra tre afdelinger deltog; næste hold er til foråret.",
    )
    if created:
        _past_signups(
            training,
            count=14,
            no_shows=2,
            departments=departments[:3],
            user=users.get("municipal_employee"),
        )

    dialogue, created = _event(
        "Dialogmøde: Samspil mellem kommunen og virksomhederne",
        description="Hvor kan kommunens opgaver og virksomhedernes tilbud mødes?",
        kind=Event.Kind.DIALOGUE,
        audience=Event.Audience.PUBLIC,
        place=address,
        starts_at=_moment(-30, 14),
        ends_at=_moment(-30, 16),
        capacity=40,
        organiser=consultant,
        state=published,
        outcome=(
            "Tre idéer til samspil blev skrevet ned: kantinemad fra Sommersted Madhus, "
            "cykelreparation til hjemmeplejen og naturpleje på kommunens arealer."
        ),
        themes=[purchasing, employment],
    )
    if created:
        attended = _past_signups(dialogue, count=9, no_shows=1)
        answers = [
            (5, "Et fast kontaktpunkt i kommunen.", "Kantinemad fra lokale virksomheder.", ""),
            (4, "", "Fælles indkøb af rengøring.", "Udbudsreglerne er svære at forstå."),
            (4, "Hjælp til at beregne en pris.", "", "Vi mangler tid til at byde."),
        ]
        for signup, (rating, needs, ideas, barriers) in zip(attended, answers, strict=False):
            evaluations.evaluation_submit(
                signup=signup, rating=rating, needs=needs, ideas=ideas, barriers=barriers
            )

    _event(
        "Netværksmøde på Årø",
        description="Aflyst: færgen sejler ikke på grund af vejret. Et nyt møde følger.",
        kind=Event.Kind.NETWORK,
        audience=Event.Audience.PUBLIC,
        place="Årø Naturpleje, Årø",
        starts_at=_moment(5, 13),
        ends_at=_moment(5, 16),
        capacity=20,
        organiser=consultant,
        state=Event.State.CANCELLED,
        calendar_sequence=1,
    )


def _past_signups(event, *, count, no_shows, departments=(), user=None):
    """Sign-ups of an event that has taken place, all but `no_shows` marked as attended."""
    attended = []
    for index in range(count):
        person = _person(index)
        signup = SignUp.objects.create(
            event=event,
            state=SignUp.State.ATTENDED if index >= no_shows else SignUp.State.CONFIRMED,
            department=departments[index % len(departments)] if departments else None,
            created_at=event.starts_at - datetime.timedelta(days=10),
            confirmed_at=event.starts_at - datetime.timedelta(days=10),
            **person,
        )
        if signup.state == SignUp.State.ATTENDED:
            attended.append(signup)
    if user is not None and departments:
        SignUp.objects.create(
            event=event,
            user=user,
            name=user.get_full_name(),
            email=user.email,
            state=SignUp.State.ATTENDED,
            department=departments[0],
            created_at=event.starts_at - datetime.timedelta(days=12),
            confirmed_at=event.starts_at - datetime.timedelta(days=12),
        )
    return attended


MAILING_SUBJECT = "Nyt fra netværket: strategien lanceres"


def _mailing(users, themes):
    """One news mail to the network's members, sent through the background job (at once with
    no broker: the e-mails go to the console of `make run`)."""
    if Mailing.objects.filter(subject=MAILING_SUBJECT).exists():
        return
    mailing = mailings.mailing_create(
        by=users["project_leader"],
        subject=MAILING_SUBJECT,
        body=(
            "Kære medlemmer af netværket\n\n"
            "Byrådet har vedtaget strategien for socialøkonomi, og vi inviterer til "
            "lanceringen på rådhuset. Tilmeld jer på portalen under Arrangementer.\n\n"
            "Venlig hilsen\nProjektlederen"
        ),
        is_marketing=True,
        to_members=True,
        themes=[themes["Indkøb"]],
    )
    mailings.mailing_send(
        mailing=mailing, by=users["project_leader"], count_seen=audience(mailing).count
    )
