"""Spreadsheets in and out: reading an import file, planning what each of its rows does to the
organisations the portal holds, and the export that an import reads back without loss.

Reading goes through tablib (CSV with Python's csv module, XLSX with openpyxl). Planning
writes nothing: the preview shows the plan, and the commit (mapping/services/spreadsheets.py)
makes the same plan again inside its transaction and saves it.
"""

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import tablib
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from openpyxl.utils import get_column_letter

from mapping.models import Contact, LocalArea, Organisation
from mapping.validators import validate_cvr, validate_postcode
from portal.export import export_response

IMPORT_EXTENSIONS = ("csv", "xlsx")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# An XLSX file is a zip archive: refuse one that unpacks to far more than it weighs, before
# openpyxl unpacks it into memory.
MAX_UNPACK_RATIO = 20

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format (and other Office 97 files)
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"\x1f\x8b", b"Rar!")


def max_bytes():
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


class SpreadsheetError(Exception):
    """A file that cannot be imported at all, with the reason a person can act on."""

    def __init__(self, message, code="spreadsheet"):
        super().__init__(message)
        self.message = message
        self.code = code


# --- What a column can fill -------------------------------------------------------------


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


def _choice_table(name):
    table = {}
    for value, label in CHOICES[name].choices:
        table[normalise(value)] = value
        for word in _in_both_languages(label):
            table[word] = value
    table.update(CHOICE_WORDS[name])
    return table


# --- Reading a file ---------------------------------------------------------------------


@dataclass
class Sheet:
    headers: list
    rows: list  # (row number in the file, [cell values]), blank rows left out

    def samples(self, index, count=3):
        values = [_text(cells[index]) for _number, cells in self.rows]
        return [value for value in values if value][:count]


def read_spreadsheet(data):
    """The headings and rows of a CSV or XLSX file (bytes), or a SpreadsheetError saying why not.

    The format is told from the content, not the name: a PNG called .csv is refused, and an
    XLSX called .csv is read as what it is.
    """
    if len(data) > max_bytes():
        raise SpreadsheetError(_too_big_message(), code="too_big")
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."), code="empty")
    if data.startswith(ZIP_MAGIC):
        table = _read_xlsx(data)
    elif data.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _(
                "This is an Excel file in the old .xls format. Open it in Excel, save it as "
                "'Excel Workbook (.xlsx)' or 'CSV (semicolon separated)', and upload that."
            ),
            code="xls",
        )
    else:
        table = _read_csv(data)
    return _sheet(table)


def _too_big_message():
    return _("The file is larger than %(size)s. Split it into smaller files.") % {
        "size": filesizeformat(max_bytes())
    }


def _not_a_spreadsheet():
    return SpreadsheetError(
        _(
            "This file is not a spreadsheet. Upload a CSV file or an Excel workbook (.xlsx) "
            "with the column headings in the first row."
        ),
        code="not_spreadsheet",
    )


def _decode(data):
    """Text from Danish Excel: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_a_spreadsheet() from None
    if b"\x00" in data or data.startswith(BINARY_MAGIC):
        raise _not_a_spreadsheet()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_a_spreadsheet() from None


def _delimiter(text):
    """Semicolon (Danish Excel), tab or comma: whichever the heading line uses, in that order."""
    first_line = text.lstrip("\r\n").splitlines()[0] if text.strip() else ""
    for candidate in (";", "\t", ","):
        if candidate in first_line:
            return candidate
    return ";"


def _read_csv(data):
    text = _decode(data)
    # Control characters other than tab and line breaks hardly occur in a text spreadsheet;
    # a binary file that happens to decode as Windows-1252 is full of them.
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(2, len(sample) // 100):
        raise _not_a_spreadsheet()
    try:
        dataset = tablib.Dataset().load(
            text, format="csv", headers=False, delimiter=_delimiter(text)
        )
    except tablib.InvalidDimensions:
        raise SpreadsheetError(
            _(
                "Some rows have more cells than the first row has headings. Check that every "
                "column has a heading, and that the file uses one separator throughout."
            ),
            code="dimensions",
        ) from None
    except Exception:  # the csv module's errors, e.g. a NUL byte or an endless quoted field
        raise _not_a_spreadsheet() from None
    return [list(row) for row in dataset]


def _read_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _not_a_spreadsheet() from None
    if unpacked > max_bytes() * MAX_UNPACK_RATIO:
        raise SpreadsheetError(_too_big_message(), code="too_big")
    try:
        # Not openpyxl's read-only mode: it trusts the size the sheet declares, which some
        # programs that write XLSX get wrong. The size checks above keep memory in bounds.
        dataset = tablib.Dataset().load(
            io.BytesIO(data), format="xlsx", headers=False, read_only=False
        )
    except Exception:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise _not_a_spreadsheet() from None
    return [list(row) for row in dataset]


def _sheet(table):
    numbered = [(index + 1, row) for index, row in enumerate(table)]
    numbered = [(number, row) for number, row in numbered if any(_text(v) for v in row)]
    if not numbered:
        raise SpreadsheetError(_("The file is empty."), code="empty")
    _heading_number, heading_row = numbered[0]
    rows = numbered[1:]
    if not rows:
        raise SpreadsheetError(
            _("The file has headings but no rows of organisations below them."), code="no_rows"
        )
    # Keep the columns that have a heading or any content; name a column without a heading
    # by its letter, as Excel shows it.
    width = max(len(heading_row), *(len(row) for _n, row in rows))
    keep, headers = [], []
    for index in range(width):
        heading = _text(heading_row[index]) if index < len(heading_row) else ""
        has_content = any(index < len(row) and _text(row[index]) for _n, row in rows)
        if heading or has_content:
            keep.append(index)
            headers.append(
                heading or _("Column %(letter)s") % {"letter": get_column_letter(index + 1)}
            )
    return Sheet(
        headers=headers,
        rows=[
            (number, [row[index] if index < len(row) else None for index in keep])
            for number, row in rows
        ],
    )


# --- Reading a cell ---------------------------------------------------------------------

THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # The apostrophe portal.export.defuse put before text that looks like a formula.
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def _number(value):
    """A whole number from a cell: 12, 12.0, '12', '12,0', '1.250' (Danish thousands)."""
    if isinstance(value, bool):
        raise ValidationError(_("This is not a number."))
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = _text(value).replace("\xa0", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif THOUSANDS.fullmatch(text):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("This is not a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("This is not a number."))
    if number != number.to_integral_value():
        raise ValidationError(_("This must be a whole number."))
    return int(number)


def _cvr(value):
    text = re.sub(r"[\s.\-]", "", _text(value))
    if text[:2].upper() == "DK":
        text = text[2:]
    validate_cvr(text)
    return text


def _postcode(value):
    text = _text(value).replace(" ", "")
    validate_postcode(text)
    return text


URL_FIELD = forms.URLField(assume_scheme="https", required=False)


class CellReader:
    """Turns cells into model values; the choice and area tables are built once per plan."""

    def __init__(self):
        self.choices = {name: _choice_table(name) for name in CHOICES}
        self.areas = {}
        for area in LocalArea.objects.all():
            self.areas[normalise(area.name)] = area
            self.areas[normalise(area.slug)] = area
        self.area_names = sorted({area.name for area in self.areas.values()})

    def read(self, target, value):
        if target.kind == "number":
            return _number(value)
        if target.kind == "cvr":
            return _cvr(value)
        if target.kind == "postcode":
            return _postcode(value)
        if target.kind == "url":
            return URL_FIELD.clean(_text(value))
        if target.kind == "choice":
            found = self.choices[target.field].get(normalise(_text(value)))
            if found is None:
                known = ", ".join(str(label) for _v, label in CHOICES[target.field].choices)
                raise ValidationError(
                    _("Unknown %(field)s. Use one of: %(known)s.")
                    % {"field": str(target.label).lower(), "known": known}
                )
            return str(found)
        if target.kind == "area":
            found = self.areas.get(normalise(_text(value)))
            if found is None:
                raise ValidationError(
                    _("Unknown local area. Use one of: %(known)s.")
                    % {"known": ", ".join(self.area_names) or "–"}
                )
            return found
        return _text(value)


# --- Planning ---------------------------------------------------------------------------


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


ACTION_LABELS = {
    Action.CREATE: gettext_lazy("New"),
    Action.UPDATE: gettext_lazy("Updated"),
    Action.UNCHANGED: gettext_lazy("Unchanged"),
    Action.ERROR: gettext_lazy("Error"),
}


@dataclass
class CellError:
    column: str  # the heading in the file, or '' when no column holds the field
    value: str
    message: str


@dataclass
class Change:
    key: str
    label: str
    old: str
    new: str


@dataclass
class RowPlan:
    number: int
    values: dict = field(default_factory=dict)  # target key -> model value
    cells: dict = field(default_factory=dict)  # target key -> (heading, cell text)
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    organisation: Organisation | None = None
    organisation_changed: bool = False
    contact: Contact | None = None
    contact_action: str | None = None

    @property
    def name(self):
        if self.organisation is not None and self.organisation.name:
            return self.organisation.name
        return self.values.get("name") or self.cells.get("name", ("", ""))[1]

    @property
    def action(self):
        if self.errors:
            return Action.ERROR
        if self.organisation is not None and self.organisation.pk is None:
            return Action.CREATE
        if self.changes:
            return Action.UPDATE
        return Action.UNCHANGED

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]

    def add_error(self, key, message):
        heading, text = self.cells.get(key, ("", ""))
        self.errors.append(CellError(column=heading, value=text, message=str(message)))

    def add_validation_error(self, error, prefix=""):
        """A model's ValidationError, each message at the cell of the field it is about."""
        if hasattr(error, "error_dict"):
            for name, items in error.message_dict.items():
                key = (prefix + name) if name != "__all__" else ""
                for message in items:
                    self.add_error(key, message)
        else:
            for message in error.messages:
                self.add_error("", message)


@dataclass
class ImportPlan:
    headers: list
    errors: list = field(default_factory=list)  # about the whole file
    rows: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in ACTION_LABELS}

    @property
    def can_commit(self):
        return not self.errors and bool(self.rows) and not self.count(Action.ERROR)

    @property
    def digest(self):
        """A fingerprint of what the commit would do, to notice changes since the preview."""
        summary = [
            [
                row.number,
                row.action,
                row.organisation.pk if row.organisation is not None else None,
                [[change.key, change.new] for change in row.changes],
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()


def column_keys(column_map, headers):
    """The chosen field for each column, or None when the choices do not fit the file."""
    columns = (column_map or {}).get("columns")
    if not isinstance(columns, list) or len(columns) != len(headers):
        return None
    return [key if key in TARGETS_BY_KEY else "" for key in columns]


def imported_contact_purpose():
    """Stored in the municipality's language, whoever imports."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(gettext_noop("Contact person at the organisation in the mapping of the programme"))


def plan_import(sheet, column_map, *, lock=False):
    """What importing `sheet` with the chosen columns would do, row by row. Writes nothing.

    With `lock`, the organisations it matches are locked until the transaction ends (for the
    commit). The number of queries does not grow with the number of rows.
    """
    plan = ImportPlan(headers=sheet.headers)
    keys = column_keys(column_map, sheet.headers)
    if keys is None:
        plan.errors.append(_("The column choices do not fit this file. Choose them again."))
        return plan
    if "name" not in keys:
        plan.errors.append(
            _(
                "No column is chosen for the organisation's name. Choose the column that "
                "holds the name."
            )
        )
        return plan
    defaults = _defaults(column_map)
    reader = CellReader()
    for number, cells in sheet.rows:
        row = _read_row(number, cells, keys, sheet.headers, reader)
        if row is not None:
            plan.rows.append(row)
    if not plan.rows:
        plan.errors.append(_("No row of the file has anything in the chosen columns."))
        return plan
    _match(plan.rows, lock=lock)
    _mark_duplicates(plan.rows)
    purpose = imported_contact_purpose()
    for row in plan.rows:
        if not row.errors:
            _plan_organisation(row, defaults)
        if not row.errors:
            _plan_contact(row, purpose)
    return plan


def _defaults(column_map):
    chosen = (column_map or {}).get("defaults") or {}
    return {
        name: chosen[name]
        for name, choices in CHOICES.items()
        if chosen.get(name) in choices.values
    }


def _read_row(number, cells, keys, headers, reader):
    row = RowPlan(number=number)
    for index, key in enumerate(keys):
        if not key:
            continue
        text = _text(cells[index])
        row.cells[key] = (headers[index], text)
        if not text:
            continue
        try:
            row.values[key] = reader.read(TARGETS_BY_KEY[key], cells[index])
        except ValidationError as error:
            for message in error.messages:
                row.add_error(key, message)
    if not any(text for _heading, text in row.cells.values()):
        return None  # a row with nothing in the chosen columns, e.g. ';;;;'
    if not row.cells["name"][1]:
        row.add_error("name", _("The name is missing."))
    return row


def _match_key(name, postcode):
    return (normalise(name), postcode or "")


def _match(rows, *, lock):
    """Find the organisation each row is about: by CVR number, then by name and postcode."""
    readable = [row for row in rows if "name" in row.values]
    cvrs = {row.values["cvr"] for row in readable if "cvr" in row.values}
    postcodes = {row.values.get("postcode", "") for row in readable}
    contacts = Contact.objects.filter(erased_at__isnull=True).order_by("name", "pk")
    candidates = (
        Organisation.objects.filter(Q(cvr__in=cvrs) | Q(postcode__in=postcodes))
        .select_related("area")
        .prefetch_related(Prefetch("contacts", queryset=contacts, to_attr="current_contacts"))
        .order_by("pk")
    )
    if lock:
        candidates = candidates.select_for_update(of=("self",))
    by_cvr, by_name = {}, {}
    for organisation in candidates:
        if organisation.cvr:
            by_cvr[organisation.cvr] = organisation
        by_name.setdefault(_match_key(organisation.name, organisation.postcode), []).append(
            organisation
        )
    for row in readable:
        if row.errors:
            continue
        cvr = row.values.get("cvr")
        if cvr and cvr in by_cvr:
            row.organisation = by_cvr[cvr]
            continue
        found = by_name.get(_match_key(row.values["name"], row.values.get("postcode")), [])
        if len(found) > 1:
            row.add_error(
                "name",
                _(
                    "%(count)s organisations in the portal have this name and postcode; the "
                    "row cannot tell which one it is about. Add the CVR number, or merge them."
                )
                % {"count": len(found)},
            )
        elif found and cvr and found[0].cvr and found[0].cvr != cvr:
            row.add_error(
                "cvr",
                _(
                    "The organisation with this name and postcode has CVR number %(cvr)s in "
                    "the portal. Check the CVR number."
                )
                % {"cvr": found[0].cvr},
            )
        elif found:
            row.organisation = found[0]


def _mark_duplicates(rows):
    """Two rows about the same organisation cannot both be imported: mark each of them."""
    groups = {}
    for row in rows:
        cvr = row.values.get("cvr")
        if cvr:
            groups.setdefault(("cvr", cvr), []).append(row)
        if "name" in row.values:
            key = _match_key(row.values["name"], row.values.get("postcode"))
            groups.setdefault(("name", key), []).append(row)
        if row.organisation is not None:
            groups.setdefault(("organisation", row.organisation.pk), []).append(row)
    duplicates = {}  # id(row) -> {kind: [numbers of the other rows]}
    for (kind, _key), group in groups.items():
        if len(group) < 2:
            continue
        # Rows with different CVR numbers are different organisations, even with one name.
        cvrs = {row.values.get("cvr") for row in group} - {None}
        if kind == "name" and len(cvrs) == len(group):
            continue
        for row in group:
            others = [other.number for other in group if other is not row]
            duplicates.setdefault(id(row), {})[kind] = others
    for row in rows:
        found = duplicates.get(id(row))
        if not found:
            continue
        if "cvr" in found:
            others = found["cvr"]
            message = ngettext(
                "Row %(rows)s has the same CVR number.",
                "Rows %(rows)s have the same CVR number.",
                len(others),
            )
            row.add_error("cvr", message % {"rows": _numbers(others)})
        if "name" in found:
            others = found["name"]
            message = ngettext(
                "Row %(rows)s has the same name and postcode.",
                "Rows %(rows)s have the same name and postcode.",
                len(others),
            )
            row.add_error("name", message % {"rows": _numbers(others)})
        if "organisation" in found and not ("cvr" in found or "name" in found):
            others = found["organisation"]
            message = ngettext(
                "Row %(rows)s is about the same organisation in the portal.",
                "Rows %(rows)s are about the same organisation in the portal.",
                len(others),
            )
            row.add_error("name", message % {"rows": _numbers(others)})


def _numbers(numbers):
    return ", ".join(str(number) for number in numbers)


def _same(old, new):
    if isinstance(old, str) or isinstance(new, str):
        return _comparable(old) == _comparable(new)
    return old == new


def _comparable(value):
    # XLSX keeps line breaks as \n where a form saved \r\n: the same text.
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def _shown(target, value):
    if value is None or value == "":
        return "–"
    if target.kind == "choice":
        return str(dict(CHOICES[target.field].choices).get(value, value))
    return str(value)


def _plan_organisation(row, defaults):
    organisation = row.organisation
    if organisation is None:
        organisation = Organisation(moderation_state=Organisation.Moderation.APPROVED)
        for name, value in defaults.items():
            setattr(organisation, name, value)
        row.organisation = organisation
    for target in TARGETS:
        if target.is_contact or target.key not in row.values:
            continue
        new, old = row.values[target.key], getattr(organisation, target.field)
        if _same(old, new):
            continue
        setattr(organisation, target.field, new)
        row.organisation_changed = True
        if organisation.pk is not None:
            row.changes.append(
                Change(target.key, str(target.label), _shown(target, old), _shown(target, new))
            )
    for name in ("sector", "kind"):
        if not getattr(organisation, name):
            row.add_error(
                name,
                _(
                    "The %(field)s is missing. Add a column for it, or choose one for new "
                    "organisations on the column page."
                )
                % {"field": str(TARGETS_BY_KEY[name].label).lower()},
            )
    if row.errors or not row.organisation_changed:
        return
    _validate_organisation(row, organisation)


def _validate_organisation(row, organisation):
    """The model's own checks, without the ones that ask the database once per row.

    The local area was found in the table, and the CVR number was matched above, so the
    uniqueness and the area's existence are known; the commit's full_clean checks all again.
    """
    exclude = [
        f.name
        for f in Organisation._meta.concrete_fields
        if f.name not in ORGANISATION_FIELDS or f.name == "area"
    ]
    try:
        organisation.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        row.add_validation_error(error)
    # Organisation.Meta.constraints' two count rules, checked here in memory (see above).
    employees = organisation.employees
    for name, code in (
        ("employees_flexjob", "flexjob_over_employees"),
        ("employees_edge", "edge_over_employees"),
    ):
        count = getattr(organisation, name)
        if count is not None and (employees is None or count > employees):
            constraint = next(
                c for c in Organisation._meta.constraints if c.violation_error_code == code
            )
            row.add_error(name, constraint.violation_error_message)


def _plan_contact(row, purpose):
    values = {
        target.field: row.values[target.key]
        for target in TARGETS
        if target.is_contact and target.key in row.values
    }
    if not values:
        return
    organisation = row.organisation
    existing = getattr(organisation, "current_contacts", []) if organisation.pk else []
    contact = _find_contact(existing, values)
    if contact is None:
        if not values.get("name"):
            row.add_error("contact_name", _("A contact person needs a name."))
            return
        contact = Contact(
            name=values["name"],
            role=values.get("role", ""),
            email=values.get("email", ""),
            phone=values.get("phone", ""),
            legal_basis=Contact.LegalBasis.PUBLIC_TASK,
            purpose=purpose,
        )
        row.contact_action = Action.CREATE
        if organisation.pk is not None:
            row.changes.append(Change("contact", str(_("New contact person")), "–", contact.name))
    else:
        for target in TARGETS:
            if not target.is_contact or target.field not in values:
                continue
            old, new = getattr(contact, target.field), values[target.field]
            if _same(old, new):
                continue
            setattr(contact, target.field, new)
            row.contact_action = Action.UPDATE
            row.changes.append(Change(target.key, str(target.label), _shown(target, old), new))
    if row.contact_action is None:
        return
    row.contact = contact
    try:
        contact.full_clean(exclude=["organisation"], validate_unique=False)
    except ValidationError as error:
        row.add_validation_error(error, prefix="contact_")


def _find_contact(contacts, values):
    """The organisation's contact the row is about: the same e-mail, else the same name."""
    email, name = values.get("email", "").casefold(), normalise(values.get("name", ""))
    if email:
        for contact in contacts:
            if contact.email.casefold() == email:
                return contact
    if name:
        for contact in contacts:
            if normalise(contact.name) == name:
                return contact
    return None


# --- Export -----------------------------------------------------------------------------


def _export_value(target):
    if target.is_contact:

        def value(organisation):
            contacts = organisation.export_contacts
            return getattr(contacts[0], target.field) if contacts else ""

    elif target.kind == "choice":

        def value(organisation):
            return getattr(organisation, f"get_{target.field}_display")()

    elif target.kind == "area":

        def value(organisation):
            return organisation.area.name if organisation.area else ""

    else:

        def value(organisation):
            return getattr(organisation, target.field)

    return value


def export_columns():
    """The export's columns: the headings the import recognises, in the import's order."""
    return [(target.label, _export_value(target)) for target in TARGETS]


def organisation_export(organisations, *, export_format):
    """The organisations as a CSV or XLSX download, one row each with its first contact."""
    contacts = Contact.objects.filter(erased_at__isnull=True).order_by("name", "pk")
    rows = organisations.select_related("area").prefetch_related(
        Prefetch("contacts", queryset=contacts, to_attr="export_contacts")
    )
    return export_response(
        rows, export_columns(), export_format=export_format, filename="organisations"
    )
