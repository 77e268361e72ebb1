"""What a spreadsheet's columns can fill: the portal's fields, the headings people give them,
and the words they use for the choices; the guess of which column fills which field."""

import unicodedata
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy

from mapping.models import Contact, Organisation


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    field: str  # the model field it fills
    kind: str  # how a cell is read: text, cvr, postcode, choice, area, url, number
    words: tuple = ()  # headings (normalised) that people use for it, Danish and English

    @property
    def is_contact(self):
        return self.key.startswith("contact_")

    @property
    def model(self):
        return Contact if self.is_contact else Organisation


TARGETS = (
    Target(
        "name",
        gettext_lazy("Name"),
        "name",
        "text",
        (
            "navn",
            "organisation",
            "organisationens navn",
            "organisationsnavn",
            "virksomhed",
            "virksomhedsnavn",
            "virksomhedens navn",
            "firma",
            "firmanavn",
            "forening",
            "foreningsnavn",
            "name",
            "organisation name",
            "organization",
            "organization name",
            "company",
            "company name",
        ),
    ),
    Target(
        "cvr",
        gettext_lazy("CVR number"),
        "cvr",
        "cvr",
        ("cvr", "cvr nr", "cvrnr", "cvr nummer", "cvrnummer", "cvr no", "cvr number"),
    ),
    Target("sector", gettext_lazy("Sector"), "sector", "choice", ("sektor", "sector")),
    Target(
        "kind",
        gettext_lazy("Kind"),
        "kind",
        "choice",
        (
            "type",
            "art",
            "organisationstype",
            "organisationsform",
            "virksomhedstype",
            "kind",
            "organisation type",
            "organization type",
        ),
    ),
    Target(
        "se_status",
        gettext_lazy("Social-economy status"),
        "se_status",
        "choice",
        ("status", "socialøkonomisk status", "social economy status", "se status"),
    ),
    Target(
        "street",
        gettext_lazy("Street address"),
        "street",
        "text",
        ("adresse", "vejnavn", "vej", "gade", "gadenavn", "address", "street", "street address"),
    ),
    Target(
        "postcode",
        gettext_lazy("Postcode"),
        "postcode",
        "postcode",
        (
            "postnr",
            "post nr",
            "postnummer",
            "postcode",
            "post code",
            "postal code",
            "zip",
            "zip code",
        ),
    ),
    Target(
        "town",
        gettext_lazy("Town"),
        "town",
        "text",
        ("by", "bynavn", "postdistrikt", "town", "city"),
    ),
    Target(
        "area",
        gettext_lazy("Local area"),
        "area",
        "area",
        ("område", "lokalområde", "lokalsamfund", "area", "local area"),
    ),
    Target(
        "website",
        gettext_lazy("Website"),
        "website",
        "url",
        ("hjemmeside", "webside", "website", "web", "www", "url", "web address"),
    ),
    Target(
        "description",
        gettext_lazy("Description"),
        "description",
        "text",
        ("beskrivelse", "om organisationen", "description", "about"),
    ),
    Target(
        "employees",
        gettext_lazy("Number of employees"),
        "employees",
        "number",
        (
            "antal ansatte",
            "ansatte",
            "medarbejdere",
            "antal medarbejdere",
            "employees",
            "number of employees",
        ),
    ),
    Target(
        "employees_flexjob",
        gettext_lazy("Of these in flexible jobs"),
        "employees_flexjob",
        "number",
        (
            "fleksjob",
            "ansatte i fleksjob",
            "heraf i fleksjob",
            "heraf fleksjob",
            "antal i fleksjob",
            "flexjob",
            "flexible jobs",
            "employees in flexible jobs",
        ),
    ),
    Target(
        "employees_edge",
        gettext_lazy("Of these on the edge of the labour market"),
        "employees_edge",
        "number",
        (
            "på kanten",
            "heraf på kanten",
            "på kanten af arbejdsmarkedet",
            "heraf på kanten af arbejdsmarkedet",
            "ansatte på kanten af arbejdsmarkedet",
            "on the edge of the labour market",
        ),
    ),
    Target(
        "founded_year",
        gettext_lazy("Founding year"),
        "founded_year",
        "number",
        (
            "stiftet",
            "stiftelsesår",
            "etableret",
            "etableringsår",
            "grundlagt",
            "founded",
            "founding year",
            "year founded",
        ),
    ),
    Target(
        "contact_name",
        gettext_lazy("Contact person"),
        "name",
        "text",
        (
            "kontaktperson",
            "kontakt",
            "kontaktnavn",
            "kontaktpersonens navn",
            "kontaktperson navn",
            "contact",
            "contact person",
            "contact name",
        ),
    ),
    Target(
        "contact_role",
        gettext_lazy("Contact person's role"),
        "role",
        "text",
        (
            "rolle",
            "stilling",
            "titel",
            "funktion",
            "kontaktpersonens rolle",
            "kontaktperson rolle",
            "kontaktpersonens stilling",
            "role",
            "title",
            "job title",
            "position",
        ),
    ),
    Target(
        "contact_email",
        gettext_lazy("Contact person's e-mail"),
        "email",
        "text",
        (
            "e mail",
            "email",
            "mail",
            "e mailadresse",
            "mailadresse",
            "e mail adresse",
            "kontaktpersonens e mail",
            "kontaktperson e mail",
            "kontakt e mail",
            "contact email",
            "contact e mail",
        ),
    ),
    Target(
        "contact_phone",
        gettext_lazy("Contact person's phone"),
        "phone",
        "text",
        (
            "telefon",
            "tlf",
            "tlf nr",
            "telefonnr",
            "telefonnummer",
            "mobil",
            "mobilnr",
            "mobilnummer",
            "kontaktpersonens telefon",
            "kontaktperson telefon",
            "kontakt telefon",
            "phone",
            "telephone",
            "phone number",
            "contact phone",
        ),
    ),
)
TARGETS_BY_KEY = {target.key: target for target in TARGETS}
ORGANISATION_FIELDS = [target.field for target in TARGETS if not target.is_contact]

# When no heading matches exactly: a part of the heading that gives the column away.
HEADING_PARTS = (
    ("cvr", "cvr"),
    ("postnr", "postcode"),
    ("postnummer", "postcode"),
    ("mail", "contact_email"),
    ("telefon", "contact_phone"),
    ("tlf", "contact_phone"),
    ("mobil", "contact_phone"),
    ("phone", "contact_phone"),
)

Sector, Kind, Status = (
    Organisation.Sector,
    Organisation.Kind,
    Organisation.SocialEconomyStatus,
)
# Words in municipal spreadsheets for the choices, besides the codes and the labels.
CHOICE_WORDS = {
    "sector": {
        "offentlig": Sector.PUBLIC,
        "offentlig sektor": Sector.PUBLIC,
        "kommunal": Sector.PUBLIC,
        "privat": Sector.PRIVATE,
        "privat sektor": Sector.PRIVATE,
        "erhverv": Sector.PRIVATE,
        "civilsamfund": Sector.CIVIL,
        "civilsamfundet": Sector.CIVIL,
        "frivillig": Sector.CIVIL,
        "socialøkonomi": Sector.SOCIAL_ECONOMY,
        "socialøkonomisk": Sector.SOCIAL_ECONOMY,
    },
    "kind": {
        "virksomhed": Kind.COMPANY,
        "firma": Kind.COMPANY,
        "selskab": Kind.COMPANY,
        "forening": Kind.ASSOCIATION,
        "fond": Kind.FOUNDATION,
        "myndighed": Kind.PUBLIC_BODY,
        "offentlig myndighed": Kind.PUBLIC_BODY,
        "kommune": Kind.PUBLIC_BODY,
        "forvaltning": Kind.PUBLIC_BODY,
        "råd": Kind.COUNCIL,
        "nævn": Kind.COUNCIL,
        "skole": Kind.SCHOOL,
        "uddannelse": Kind.SCHOOL,
        "fagforening": Kind.UNION,
        "initiativ": Kind.INITIATIVE,
    },
    "se_status": {
        "ingen": Status.NONE,
        "nej": Status.NONE,
        "ikke socialøkonomisk": Status.NONE,
        "potentiel": Status.POTENTIAL,
        "eksisterende": Status.EXISTING,
    },
}
CHOICES = {"sector": Sector, "kind": Kind, "se_status": Status}


def normalise(text):
    """A heading or a choice as compared: case-folded, punctuation as spaces, single spaces."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def _in_both_languages(text):
    labels = set()
    for language in ("da", "en"):
        with translation.override(language):
            labels.add(normalise(str(text)))
    return labels


def _heading_table():
    table = {}
    for target in TARGETS:
        for word in (*target.words, *_in_both_languages(target.label)):
            table.setdefault(normalise(word), target.key)
    return table


def guess_columns(headers):
    """For each heading, the key of the field it most likely fills ('' for none).

    Each field is guessed for one column only: the first that names it.
    """
    table = _heading_table()
    taken, guesses = set(), []
    for heading in headers:
        text = normalise(heading)
        key = table.get(text)
        if key is None:
            key = next((k for part, k in HEADING_PARTS if part in text.replace(" ", "")), "")
        if key in taken:
            key = ""
        taken.add(key)
        guesses.append(key)
    return guesses


def choice_table(name):
    table = {}
    for value, label in CHOICES[name].choices:
        table[normalise(value)] = value
        for word in _in_both_languages(label):
            table[word] = value
    table.update(CHOICE_WORDS[name])
    return table
