"""Demo data for the mapping: Haderslev's local areas and an invented set of organisations.

Every organisation and person here is invented; CVR numbers pass the modulus-11 check but
are made up.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from mapping.models import Contact, LocalArea, Organisation, PurposeArea

AREAS = [
    # name, slug, kind
    ("Haderslev", "haderslev", LocalArea.Kind.TOWN),
    ("Vojens", "vojens", LocalArea.Kind.TOWN),
    ("Gram", "gram", LocalArea.Kind.TOWN),
    ("Starup", "starup", LocalArea.Kind.TOWN),
    ("Hammelev", "hammelev", LocalArea.Kind.TOWN),
    ("Over Jerstal", "over-jerstal", LocalArea.Kind.TOWN),
    ("Sommersted", "sommersted", LocalArea.Kind.TOWN),
    ("Landdistrikt Øst (Øsby, Halk)", "landdistrikt-oest", LocalArea.Kind.RURAL),
    ("Landdistrikt Vest (Skrydstrup, Jegerup)", "landdistrikt-vest", LocalArea.Kind.RURAL),
    ("Årø", "aaroe", LocalArea.Kind.ISLAND),
]

S, P, E = (
    Organisation.SocialEconomyStatus.EXISTING,
    Organisation.SocialEconomyStatus.POTENTIAL,
    Organisation.SocialEconomyStatus.NONE,
)
Sec, K = Organisation.Sector, Organisation.Kind

# name, sector, kind, status, area slug, postcode, town, cvr, purposes, description
# fmt: off
ORGANISATIONS = [
    ("Café Kvisten", Sec.SOCIAL_ECONOMY, K.COMPANY, S, "haderslev", "6100", "Haderslev", "31415926", ["employment", "social"],
     "Socialøkonomisk café ved havnen, hvor unge på kanten af arbejdsmarkedet lærer køkken og servering. Overskuddet går til flere praktikpladser."),
    ("Genbrugsværkstedet Vojens", Sec.SOCIAL_ECONOMY, K.ASSOCIATION, S, "vojens", "6500", "Vojens", "16180335", ["environment", "employment"],
     "Reparerer møbler og cykler fra genbrugspladsen og sælger dem videre. Socialøkonomisk virksomhed med fleksjob og praktik."),
    ("Årø Naturpleje", Sec.SOCIAL_ECONOMY, K.COMPANY, S, "aaroe", "6100", "Haderslev", "14142134", ["environment", "employment"],
     "Naturpleje med får og håndkraft på øen. Samarbejder med lodsejere og kommunen."),
    ("Grøn Omsorg Gram", Sec.SOCIAL_ECONOMY, K.FOUNDATION, S, "gram", "6510", "Gram", "17320505", ["health", "social"],
     "Grønne aktiviteter og havebrug for mennesker med stress og angst."),
    ("Cykelværkstedet Haderslev", Sec.SOCIAL_ECONOMY, K.COMPANY, S, "haderslev", "6100", "Haderslev", "22360671", ["employment", "environment"],
     "Cykelreparation og -udlejning. Virksomhederne køber service til medarbejdernes cykler."),
    ("Sommersted Madhus", Sec.SOCIAL_ECONOMY, K.COMPANY, S, "sommersted", "6560", "Sommersted", "", ["employment", "health"],
     "Laver sund frokost til skoler og virksomheder. Ansætter ledige i fleksjob."),
    ("Østervang Vaskeri", Sec.SOCIAL_ECONOMY, K.COMPANY, S, "haderslev", "6100", "Haderslev", "26457513", ["employment"],
     "Vaskeri for plejecentre og hoteller, drevet som socialøkonomisk virksomhed."),
    ("Ålykke Havebrug", Sec.SOCIAL_ECONOMY, K.ASSOCIATION, S, "landdistrikt-oest", "6100", "Øsby", "", ["environment", "social"],
     "Økologisk havebrug med frivillige og unge fra ungdomsuddannelserne."),
    ("Ungdomscaféen Starup", Sec.CIVIL, K.INITIATIVE, P, "starup", "6100", "Starup", "", ["social", "culture"],
     "En gruppe unge vil åbne en café med musik og lektiehjælp. Idé på vej."),
    ("Æblelauget Over Jerstal", Sec.CIVIL, K.ASSOCIATION, P, "over-jerstal", "6534", "Over Jerstal", "", ["environment", "culture"],
     "Forening der plukker æbler fra private haver og vil sælge most."),
    ("Ørnereden Bofællesskab", Sec.CIVIL, K.ASSOCIATION, P, "hammelev", "6500", "Hammelev", "", ["social", "health"],
     "Bofællesskab der vil starte en lille produktion af brænde og optænding."),
    ("Skrydstrup Kulturhus", Sec.CIVIL, K.ASSOCIATION, P, "landdistrikt-vest", "6500", "Skrydstrup", "33166249", ["culture"],
     "Kulturhus i landdistriktet der overvejer café og udlejning som socialøkonomisk drift."),
    ("Haderslev Kommune, Erhverv og Borgerservice", Sec.PUBLIC, K.PUBLIC_BODY, E, "haderslev", "6100", "Haderslev", "", [],
     "Forvaltningen der er tovholder for programmet."),
    ("Frivilligrådet i Haderslev Kommune", Sec.PUBLIC, K.COUNCIL, E, "haderslev", "6100", "Haderslev", "", ["social"],
     "Kommunens frivilligråd."),
    ("Ungdomsrådet i Haderslev Kommune", Sec.PUBLIC, K.COUNCIL, E, "haderslev", "6100", "Haderslev", "", ["social"],
     "Kommunens ungdomsråd."),
    ("Ældrerådet i Haderslev Kommune", Sec.PUBLIC, K.COUNCIL, E, "haderslev", "6100", "Haderslev", "", ["social", "health"],
     "Kommunens ældreråd."),
    ("Handicaprådet i Haderslev Kommune", Sec.PUBLIC, K.COUNCIL, E, "haderslev", "6100", "Haderslev", "", ["social"],
     "Kommunens handicapråd."),
    ("Det Regionale Arbejdsmarkedsråd Syddanmark", Sec.PUBLIC, K.COUNCIL, E, None, "", "", "", ["employment"],
     "Det regionale beskæftigelsesråd. Erstatter det lokale beskæftigelsesråd, som blev nedlagt i 2014."),
    ("Fagforeningen Sydvest", Sec.CIVIL, K.UNION, E, "vojens", "6500", "Vojens", "", [],
     "Lokal fagforening med medlemmer i industri og service."),
    ("Damsgaard Trælast A/S", Sec.PRIVATE, K.COMPANY, E, "vojens", "6500", "Vojens", "36055510", [],
     "Trælast der køber montageopgaver af lokale underleverandører."),
    ("Hammelev Byg & Anlæg ApS", Sec.PRIVATE, K.COMPANY, E, "hammelev", "6500", "Hammelev", "43588982", [],
     "Entreprenør med interesse for sociale klausuler."),
    ("Erhvervsforeningen Sydøst", Sec.PRIVATE, K.ASSOCIATION, E, "haderslev", "6100", "Haderslev", "", [],
     "Lokal erhvervsforening."),
    ("Produktionsskolen ved Dammen", Sec.PUBLIC, K.SCHOOL, E, "haderslev", "6100", "Haderslev", "45825752", ["employment"],
     "Produktionsskole med værksteder og praktik."),
]
# fmt: on

# Registrations that wait for the project leader: name, status, area, town, description.
PENDING = [
    (
        "Bageriet Brødkassen",
        S,
        "gram",
        "6510",
        "Gram",
        "Socialøkonomisk bageri der ansætter unge uden uddannelse.",
    ),
    (
        "Vojens Strikkecafé",
        P,
        "vojens",
        "6500",
        "Vojens",
        "Idé: strikkecafé der sælger hjemmestrik og giver ensomme ældre et fællesskab.",
    ),
    (
        "Halk Strand Kajak",
        P,
        "landdistrikt-oest",
        "6100",
        "Halk",
        "Kajakudlejning drevet af unge i jobpraktik.",
    ),
]

CONTACTS = {
    # organisation name: (name, role, e-mail user part, phone)
    "Café Kvisten": ("Villads Vestergaard", "Daglig leder", "villads", "+45 20 00 00 01"),
    "Genbrugsværkstedet Vojens": ("Birthe Bundgaard", "Formand", "birthe", "+45 20 00 00 02"),
    "Årø Naturpleje": ("Niels Nørgaard", "Indehaver", "niels", "+45 20 00 00 03"),
    "Grøn Omsorg Gram": ("Hanne Hvidberg", "Leder", "hanne", "+45 20 00 00 04"),
    "Ungdomscaféen Starup": ("Jonas Juhl", "Initiativtager", "jonas", ""),
    "Frivilligrådet i Haderslev Kommune": ("Karen Krogh", "Formand", "karen", ""),
    "Damsgaard Trælast A/S": ("Peter Plambeck", "Indkøbschef", "peter", "+45 20 00 00 07"),
}


def _criteria(status):
    answer = True if status == S else None
    return {
        "social_purpose": answer,
        "commercial": answer,
        "independent": answer,
        "inclusive_governance": answer,
        "social_profit_use": answer,
        "locally_rooted": True if status != E else None,
    }


# Mapped by the staff and kept internal: a would-be enterprise that has not agreed to be shown.
INTERNAL = {"Skrydstrup Kulturhus"}


def _publication(name, sector, status, leader, now):
    """Published with consent: the enterprises and the public bodies; the private companies,
    unions and associations of business that staff mapped stay internal, as does INTERNAL."""
    shown = (status != E or sector == Sec.PUBLIC) and name not in INTERNAL
    if not shown:
        return {"published": False}
    return {
        "published": True,
        "consent": Organisation.Consent.WRITTEN,
        "consent_note": "Givet pr. e-mail til projektlederen (demodata)",
        "consent_recorded_by": leader,
        "consent_recorded_at": now,
    }


def load(*, users, stdout):
    areas = {}
    for position, (name, slug, kind) in enumerate(AREAS):
        areas[slug], _created = LocalArea.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "position": position}
        )
    purposes = {purpose.code: purpose for purpose in PurposeArea.objects.all()}
    leader = users["project_leader"]
    now = timezone.now()

    for index, row in enumerate(ORGANISATIONS):
        name, sector, kind, status, area, postcode, town, cvr, codes, description = row
        organisation, created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "sector": sector,
                "kind": kind,
                "se_status": status,
                "area": areas.get(area),
                "postcode": postcode,
                "town": town,
                "cvr": cvr,
                "description": description,
                "moderation_state": Organisation.Moderation.APPROVED,
                "moderated_by": leader,
                "moderated_at": now,
                **_publication(name, sector, status, leader, now),
                "created_at": now - timedelta(days=120 - index),
                "rsv_registered": bool(cvr) and status == S and index % 2 == 0,
                "rsv_checked_on": date(2026, 9, 1) if bool(cvr) and status == S else None,
                "founded_year": 2010 + index % 14 if status == S else None,
                "employees": 4 + index * 2 if status == S else None,
                "employees_flexjob": 1 + index % 4 if status == S else None,
                "employees_edge": 2 + index % 3 if status == S else None,
                **_criteria(status),
            },
        )
        if created:
            organisation.purpose_areas.set([purposes[code] for code in codes])

    user_model = get_user_model()
    for index, (name, status, area, postcode, town, description) in enumerate(PENDING):
        organisation, created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "sector": Organisation.Sector.SOCIAL_ECONOMY,
                "kind": Organisation.Kind.COMPANY if status == S else Organisation.Kind.INITIATIVE,
                "se_status": status,
                "area": areas[area],
                "postcode": postcode,
                "town": town,
                "description": description,
                "moderation_state": Organisation.Moderation.PENDING,
                "created_at": now - timedelta(days=3 - index),
                "consent": Organisation.Consent.REGISTRATION,
                "consent_recorded_at": now - timedelta(days=3 - index),
                **_criteria(status),
            },
        )
        if created:
            organisation.purpose_areas.set([purposes["employment"], purposes["social"]])
            registrant, _new = user_model.objects.get_or_create(
                username=f"tilmelding{index + 1}@example.dk",
                defaults={"email": f"tilmelding{index + 1}@example.dk"},
            )
            registrant.set_unusable_password()
            registrant.save()
            registrant.roles_grant([user_model.Role.ENTERPRISE])
            organisation.users.add(registrant)
            organisation.consent_recorded_by = registrant
            organisation.save(update_fields=["consent_recorded_by"])

    for organisation_name, (name, role, mailbox, phone) in CONTACTS.items():
        organisation = Organisation.objects.get(name=organisation_name)
        Contact.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "role": role,
                "email": f"{mailbox}@example.dk",
                "phone": phone,
                "legal_basis": Contact.LegalBasis.CONSENT
                if organisation.sector == Sec.SOCIAL_ECONOMY
                else Contact.LegalBasis.PUBLIC_TASK,
                "purpose": "Kontaktperson i kommunens program for socialøkonomi",
            },
        )

    # The demo enterprise user keeps Café Kvisten's profile.
    Organisation.objects.get(name="Café Kvisten").users.add(users["enterprise"])
    stdout.write(
        f"Mapping: {Organisation.objects.count()} organisations, "
        f"{Contact.objects.count()} contacts, {LocalArea.objects.count()} local areas."
    )
