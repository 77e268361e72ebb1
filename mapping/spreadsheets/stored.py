"""What the import's jobs keep on the batch for its pages, as JSON: the file's headings with
examples (for the column page) and the preview's plans (for the preview page and its
download of the rows with problems). The pages then never read the file: a request costs
the same whatever its size.

A stored preview is what the plan said when the preview job made it; the import plans again
inside its transaction and compares the digest (mapping/services/spreadsheets.py).
"""

from dataclasses import dataclass, field

from mapping.spreadsheets.plan import ACTION_LABELS, Action, CellError, Change
from mapping.spreadsheets.rejects import problems_text

SAMPLES = 3


# --- The column page ---------------------------------------------------------------------


@dataclass
class SheetSummary:
    """The headings of a file, a few values of each column, and its number of rows: what
    the column form shows (it reads `headers` and `samples(index)`, as of a Sheet)."""

    headers: list
    examples: list  # for each column, its first few values that are not empty
    rows: int
    format: str = "csv"

    def samples(self, index, count=SAMPLES):
        return self.examples[index][:count] if index < len(self.examples) else []


def sheet_to_json(sheet):
    return {
        "headers": [str(heading) for heading in sheet.headers],
        "examples": [sheet.samples(index, SAMPLES) for index in range(len(sheet.headers))],
        "rows": len(sheet.rows),
        "format": sheet.format,
    }


def sheet_from_json(data):
    """The summary kept on a batch, or None when the file has not been read."""
    if not data or "headers" not in data:
        return None
    return SheetSummary(
        headers=data["headers"],
        examples=data.get("examples", []),
        rows=data.get("rows", 0),
        format=data.get("format", "csv"),
    )


# --- The preview page ----------------------------------------------------------------------


@dataclass(eq=False)
class StoredRow:
    """A row of a plan as the preview shows it (plan.RowPlan, without the model instances)."""

    number: int
    action: str
    name: str = ""
    organisation_id: int | None = None
    lead_number: int | None = None
    contact_name: str = ""
    errors: list = field(default_factory=list)  # plan.CellError
    changes: list = field(default_factory=list)  # plan.Change

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


@dataclass
class StoredPlan:
    """A plan as the preview shows it: plan.ImportPlan's rows, counts and digest."""

    headers: list
    digest: str
    errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in ACTION_LABELS}

    @property
    def can_commit(self):
        return not self.errors and bool(self.rows) and not self.count(Action.ERROR)


def _row_to_json(row):
    organisation = row.organisation
    return {
        "number": row.number,
        "action": row.action,
        "name": str(row.name or ""),
        "organisation": organisation.pk if organisation is not None else None,
        "lead": row.lead_number,
        "contact": row.contact.name if row.contact is not None else "",
        "errors": [[error.column, error.value, error.message] for error in row.errors],
        "changes": [[change.key, change.label, change.old, change.new] for change in row.changes],
    }


def _row_from_json(data):
    return StoredRow(
        number=data["number"],
        action=data["action"],
        name=data["name"],
        organisation_id=data["organisation"],
        lead_number=data["lead"],
        contact_name=data["contact"],
        errors=[CellError(*error) for error in data["errors"]],
        changes=[Change(*change) for change in data["changes"]],
    )


def preview_to_json(plan, good, *, revision, column_map, problems):
    """The plans of a preview (plan.ImportPlan), with `problems` ({row number: text}) in
    the municipality's language for the file of the rows with problems.

    A good row is kept again only where the import of the good rows alone does something
    else with it than the import of all rows would (so a large file's preview is not kept
    twice)."""
    rows = [_row_to_json(row) for row in plan.rows]
    stored = {
        "revision": revision,
        "column_map": column_map,
        "headers": [str(heading) for heading in plan.headers],
        "errors": [str(error) for error in plan.errors],
        "digest": plan.digest,
        "rows": rows,
        "problems": {str(number): text for number, text in problems.items()},
        "good": None,
    }
    if good is not None:
        by_number = {row["number"]: row for row in rows}
        changed = []
        for row in good.rows:
            data = _row_to_json(row)
            if by_number.get(row.number) != data:
                changed.append(data)
        stored["good"] = {
            "digest": good.digest,
            "numbers": [row.number for row in good.rows],
            "changed": changed,
        }
    return stored


def preview_from_json(data, *, revision):
    """(plan, good plan) of a stored preview as StoredPlans, or (None, None) when none is
    kept for `revision` (the batch's current one)."""
    if not data or data.get("revision") != revision or "rows" not in data:
        return None, None
    rows = [_row_from_json(row) for row in data["rows"]]
    plan = StoredPlan(
        headers=data["headers"], digest=data["digest"], errors=data["errors"], rows=rows
    )
    good_data = data.get("good")
    if not good_data:
        return plan, None
    by_number = {row.number: row for row in rows}
    by_number.update({row["number"]: _row_from_json(row) for row in good_data["changed"]})
    good = StoredPlan(
        headers=plan.headers,
        digest=good_data["digest"],
        rows=[by_number[number] for number in good_data["numbers"]],
    )
    return plan, good


def problems_of(plan):
    """{row number: its problems, one a line} for the rows of `plan` with problems."""
    return {row.number: problems_text(row) for row in plan.rows if row.errors}


def stored_problems(data):
    """The problems kept with a stored preview: {row number: text}."""
    return {int(number): text for number, text in (data or {}).get("problems", {}).items()}
