"""What a spreadsheet's columns can fill: the portal's fields, the headings people give them,
and the words they use for the choices; the guess of which column fills which field."""

import unicodedata
from dataclasses import dataclass

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from mapping.models import Contact, Organisation, PurposeArea
from mapping.models.organisations import YES_NO


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    field: str  # the model field it fills
    # How a cell is read: text, cvr, postcode, choice, area, url, number, purposes (several
    # purpose areas in one cell), bool (yes or no), yesno (yes, no or not answered), date.
    kind: str
    words: tuple = ()  # headings (normalised) that people use for it, Danish and English

    @property
    def is_contact(self):
        return self.key.startswith("contact_")

    @property
    def model(self):
        return Contact if self.is_contact else Organisation


def _target(key, label, kind, words, field=None):
    return Target(key, label, field or key, kind, tuple(words.split("|")))


def _model_target(name, kind, words):
    """A target labelled with the model field's own (translated) name."""
    label = capfirst(Organisation._meta.get_field(name).verbose_name)
    return _target(name, label, kind, words)


TARGETS = (
    _target(
        "name",
        gettext_lazy("Name"),
        "text",
        "navn|organisation|organisationens navn|organisationsnavn|virksomhed|virksomhedsnavn|"
        "virksomhedens navn|firma|firmanavn|forening|foreningsnavn|name|organisation name|"
        "organization|organization name|company|company name",
    ),
    _target(
        "cvr",
        gettext_lazy("CVR number"),
        "cvr",
        "cvr|cvr nr|cvrnr|cvr nummer|cvrnummer|cvr no|cvr number",
    ),
    _target("sector", gettext_lazy("Sector"), "choice", "sektor|sector"),
    _target(
        "kind",
        gettext_lazy("Kind"),
        "choice",
        "type|art|organisationstype|organisationsform|virksomhedstype|kind|organisation type|"
        "organization type",
    ),
    _target(
        "se_status",
        gettext_lazy("Social-economy status"),
        "choice",
        "status|socialøkonomisk status|social economy status|se status",
    ),
    _target(
        "street",
        gettext_lazy("Street address"),
        "text",
        "adresse|vejnavn|vej|gade|gadenavn|address|street|street address",
    ),
    _target(
        "postcode",
        gettext_lazy("Postcode"),
        "postcode",
        "postnr|post nr|postnummer|postcode|post code|postal code|zip|zip code",
    ),
    _target("town", gettext_lazy("Town"), "text", "by|bynavn|postdistrikt|town|city"),
    _target(
        "area",
        gettext_lazy("Local area"),
        "area",
        "område|lokalområde|lokalsamfund|area|local area",
    ),
    _target(
        "website",
        gettext_lazy("Website"),
        "url",
        "hjemmeside|webside|website|web|www|url|web address",
    ),
    _target(
        "description",
        gettext_lazy("Description"),
        "text",
        "beskrivelse|om organisationen|description|about",
    ),
    _model_target(
        "purpose_areas",
        "purposes",
        "formålsområde|formålsområder|formål|purpose area|purpose areas|purposes",
    ),
    _target(
        "employees",
        gettext_lazy("Number of employees"),
        "number",
        "antal ansatte|ansatte|medarbejdere|antal medarbejdere|employees|number of employees",
    ),
    _target(
        "employees_flexjob",
        gettext_lazy("Of these in flexible jobs"),
        "number",
        "fleksjob|ansatte i fleksjob|heraf i fleksjob|heraf fleksjob|antal i fleksjob|flexjob|"
        "flexible jobs|employees in flexible jobs",
    ),
    _target(
        "employees_edge",
        gettext_lazy("Of these on the edge of the labour market"),
        "number",
        "på kanten|heraf på kanten|på kanten af arbejdsmarkedet|"
        "heraf på kanten af arbejdsmarkedet|ansatte på kanten af arbejdsmarkedet|"
        "on the edge of the labour market",
    ),
    _target(
        "founded_year",
        gettext_lazy("Founding year"),
        "number",
        "stiftet|stiftelsesår|etableret|etableringsår|grundlagt|founded|founding year|year founded",
    ),
    _model_target(
        "rsv_registered",
        "bool",
        "rsv|registreret som rsv|rsv registreret|registreret socialøkonomisk virksomhed|"
        "rsv registered|registered as rsv",
    ),
    _model_target(
        "rsv_checked_on",
        "date",
        "rsv kontrolleret|rsv tjekket|rsv registrering kontrolleret|rsv kontrolleret den|"
        "rsv checked|rsv checked on",
    ),
    # The five criteria of the RSV law and the three characteristics: yes, no or unanswered.
    _model_target("social_purpose", "yesno", "socialt formål|social purpose"),
    _model_target(
        "commercial",
        "yesno",
        "erhvervsmæssig aktivitet|kommerciel aktivitet|commercial|commercial activity",
    ),
    _model_target(
        "independent",
        "yesno",
        "uafhængig|uafhængig af det offentlige|uafhængig af den offentlige sektor|independent",
    ),
    _model_target(
        "inclusive_governance",
        "yesno",
        "inddragende ledelse|ansvarlig og inddragende ledelse|inddragende og ansvarlig ledelse|"
        "inclusive governance",
    ),
    _model_target(
        "social_profit_use",
        "yesno",
        "overskud til sociale formål|social håndtering af overskud|overskudsanvendelse|profit use",
    ),
    _model_target("innovative", "yesno", "innovativ|innovative|nytænkende"),
    _model_target("locally_rooted", "yesno", "lokalt forankret|lokal forankring|locally rooted"),
    _model_target(
        "cross_sector",
        "yesno",
        "tværsektorielle partnerskaber|tværsektorielt samarbejde|cross sector partnerships",
    ),
    _target(
        "contact_name",
        gettext_lazy("Contact person"),
        "text",
        "kontaktperson|kontakt|kontaktnavn|kontaktpersonens navn|kontaktperson navn|contact|"
        "contact person|contact name",
        field="name",
    ),
    _target(
        "contact_role",
        gettext_lazy("Contact person's role"),
        "text",
        "rolle|stilling|titel|funktion|kontaktpersonens rolle|kontaktperson rolle|"
        "kontaktpersonens stilling|role|title|job title|position",
        field="role",
    ),
    _target(
        "contact_email",
        gettext_lazy("Contact person's e-mail"),
        "text",
        "e mail|email|mail|e mailadresse|mailadresse|e mail adresse|kontaktpersonens e mail|"
        "kontaktperson e mail|kontakt e mail|contact email|contact e mail",
        field="email",
    ),
    _target(
        "contact_phone",
        gettext_lazy("Contact person's phone"),
        "text",
        "telefon|tlf|tlf nr|telefonnr|telefonnummer|mobil|mobilnr|mobilnummer|"
        "kontaktpersonens telefon|kontaktperson telefon|kontakt telefon|phone|telephone|"
        "phone number|contact phone",
        field="phone",
    ),
)
TARGETS_BY_KEY = {target.key: target for target in TARGETS}
ORGANISATION_TARGETS = [target for target in TARGETS if not target.is_contact]
CONTACT_TARGETS = [target for target in TARGETS if target.is_contact]
# The organisation's own columns (not the purpose areas, which are a relation).
ORGANISATION_FIELDS = [t.field for t in ORGANISATION_TARGETS if t.kind != "purposes"]

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


Purpose = PurposeArea.Code
PURPOSE_WORDS = {
    "social": Purpose.SOCIAL,
    "socialt": Purpose.SOCIAL,
    "beskæftigelse": Purpose.EMPLOYMENT,
    "beskæftigelsesområdet": Purpose.EMPLOYMENT,
    "sundhed": Purpose.HEALTH,
    "miljø": Purpose.ENVIRONMENT,
    "kultur": Purpose.CULTURE,
}
# A cell that holds several purpose areas separates them with one of these.
PURPOSE_SEPARATORS = ",;\n"


def purpose_table():
    """Each purpose area's code, its label in Danish and English and other words -> code."""
    table = {}
    for value, label in Purpose.choices:
        table[normalise(value)] = value
        for word in _in_both_languages(label):
            table[word] = value
    table.update(PURPOSE_WORDS)
    return table


def yes_no_table():
    table = dict.fromkeys(("ja", "j", "yes", "y", "true", "sand", "1", "x"), True)
    table.update(dict.fromkeys(("nej", "n", "no", "false", "falsk", "0"), False))
    for value, label in YES_NO:
        for word in _in_both_languages(label):
            table[word] = value
    return table
