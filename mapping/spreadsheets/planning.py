"""Planning an import: what each row of the file does to the organisations and contacts the
portal holds, and the plan the preview shows.

Planning writes nothing: the preview shows the plan, and the commit
(mapping/services/spreadsheets.py) makes the same plan again inside its transaction and saves it.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from mapping.models import Contact, Organisation
from mapping.spreadsheets.cells import CellReader, cell_text
from mapping.spreadsheets.columns import (
    CHOICES,
    ORGANISATION_FIELDS,
    TARGETS,
    TARGETS_BY_KEY,
)
from mapping.spreadsheets.matching import find_contact, mark_duplicates, match_rows
from portal.i18n import stored_text


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
    return stored_text(
        gettext_noop("Contact person at the organisation in the mapping of the programme")
    )


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
    match_rows(plan.rows, lock=lock)
    mark_duplicates(plan.rows)
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
        text = cell_text(cells[index])
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
    contact = find_contact(existing, values)
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
