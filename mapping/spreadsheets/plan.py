"""The plan of an import, as the preview shows it and the commit saves it: each row of the file
with what it does, and the rows grouped by the organisation they are about."""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from mapping.models import Contact, Organisation


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


@dataclass(eq=False)
class RowPlan:
    number: int
    values: dict = field(default_factory=dict)  # target key -> model value
    cells: dict = field(default_factory=dict)  # target key -> (heading, cell text)
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    organisation: Organisation | None = None
    group: "OrganisationGroup | None" = field(default=None, repr=False)
    contact: Contact | None = None
    contact_action: str | None = None
    # Matched organisations in the portal, but could not tell which (or the CVR disagrees).
    unsure: bool = False

    @property
    def name(self):
        if self.organisation is not None and self.organisation.name:
            return self.organisation.name
        return self.values.get("name") or self.cells.get("name", ("", ""))[1]

    @property
    def lead_number(self):
        """The number of the first row about the same organisation, when that is another."""
        if self.group is None or self.group.lead is self:
            return None
        return self.group.lead.number

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
        for key, message in validation_messages(error):
            self.add_error(prefix + key if key else "", message)


def validation_messages(error):
    """(field name or '', message) for each message of a model's ValidationError."""
    if hasattr(error, "error_dict"):
        for name, items in error.message_dict.items():
            for message in items:
                yield ("" if name == "__all__" else name), message
    else:
        for message in error.messages:
            yield "", message


@dataclass(eq=False)
class OrganisationGroup:
    """The rows of the file about one organisation: one a contact person, as municipalities
    keep them. Their organisation columns agree; together they say what it holds."""

    rows: list = field(default_factory=list)
    cvr: str = ""
    organisation: Organisation | None = None
    values: dict = field(default_factory=dict)  # organisation target key -> value
    sources: dict = field(default_factory=dict)  # organisation target key -> the row saying it
    changed: bool = False  # the organisation's own fields change
    purposes: tuple | None = None  # the purpose areas to set, when they change
    organisation_failed: bool = False  # the organisation itself cannot be saved

    @property
    def lead(self):
        return self.rows[0]

    def row_for(self, key):
        """The row whose cell gave the value of `key` (the first row for the others)."""
        return self.sources.get(key, self.lead)

    def add_error(self, key, message):
        self.row_for(key).add_error(key, message)

    def add_validation_error(self, error):
        for key, message in validation_messages(error):
            self.add_error(key, message)

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows)


@dataclass
class ImportPlan:
    headers: list
    errors: list = field(default_factory=list)  # about the whole file
    rows: list = field(default_factory=list)
    groups: list = field(default_factory=list)

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
                row.lead_number,
                row.organisation.pk if row.organisation is not None else None,
                [[change.key, change.new] for change in row.changes],
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()
