"""Planning an import: what each row of the file does to the organisations and contacts the
portal holds, and the plan the preview shows.

Planning writes nothing: the preview shows the plan, and the commit
(mapping/services/spreadsheets.py) makes the same plan again inside its transaction and saves it.
"""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mapping.models import Contact, Organisation
from mapping.models.organisations import YES_NO
from mapping.spreadsheets.cells import CellReader, cell_text, same_value
from mapping.spreadsheets.columns import (
    CHOICES,
    CONTACT_TARGETS,
    ORGANISATION_FIELDS,
    ORGANISATION_TARGETS,
    TARGETS_BY_KEY,
    normalise,
)
from mapping.spreadsheets.matching import find_contact, group_rows, match_rows
from mapping.spreadsheets.plan import Action, Change, ImportPlan, RowPlan
from mapping.spreadsheets.reading import CHECK_EVERY
from portal.i18n import stored_text


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


def plan_import(sheet, column_map, *, lock=False, only=None, deadline=None, progress=None):
    """What importing `sheet` with the chosen columns would do, row by row. Writes nothing.

    Every row is checked in full: a row whose CVR number is wrong is still told that its
    e-mail address is too. With `only` (a set of row numbers), the other rows are left out as
    if the file did not hold them. With `lock`, the organisations it matches are locked until
    the transaction ends (for the commit). The number of queries does not grow with the
    number of rows. `progress(rows checked)` is told now and then; past the `deadline` (a
    limits.Deadline) planning stops with ImportTimeUp.
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
    purpose = imported_contact_purpose()
    for count, (number, cells) in enumerate(sheet.rows, start=1):
        if count % CHECK_EVERY == 0:
            _now_and_then(deadline, progress, count)
        if only is not None and number not in only:
            continue
        row = _read_row(number, cells, keys, sheet.headers, reader)
        if row is not None:
            _check_row(row, purpose)
            plan.rows.append(row)
    if not plan.rows:
        plan.errors.append(_("No row of the file has anything in the chosen columns."))
        return plan
    match_rows(plan.rows, lock=lock)
    plan.groups = group_rows(plan.rows)
    _check_unmatched(plan.rows, defaults)
    for count, group in enumerate(plan.groups, start=1):
        if count % CHECK_EVERY == 0:
            _now_and_then(deadline, None, count)
        _plan_organisation(group, defaults)
        _spread_organisation_errors(group)
        # Each row's contact person as the portal holds them, before any row changes them.
        found = {id(row): _existing_contact(row) for row in group.rows if not row.errors}
        claimed = {}  # the organisation's contacts in the portal -> the row that updates it
        for row in group.rows:
            if not row.errors:
                _plan_contact(row, purpose, found[id(row)], claimed)
    return plan


def plan_good_rows(sheet, column_map, *, lock=False, deadline=None, progress=None):
    """The plan of the whole file, and the plan of importing only its good rows.

    The good rows are planned again without the others, as the commit will import them; a
    row that needed a row with problems (e.g. the one that gave the organisation's sector)
    then shows its own problem, in both plans, and is left out too. Returns (plan, good
    plan); the good plan is None when no row has problems, or none is good. `progress` is
    told about the first plan's rows.
    """
    plan = plan_import(sheet, column_map, lock=lock, deadline=deadline, progress=progress)
    rows = {row.number: row for row in plan.rows}
    numbers = {number for number, row in rows.items() if not row.errors}
    if plan.errors or len(numbers) == len(rows):
        return plan, None
    while numbers:
        good = plan_import(sheet, column_map, lock=lock, only=numbers, deadline=deadline)
        failed = [row for row in good.rows if row.errors]
        if not failed:
            return plan, good
        for row in failed:
            known = {error.message for error in rows[row.number].errors}
            rows[row.number].errors.extend(e for e in row.errors if e.message not in known)
            numbers.discard(row.number)
    return plan, None


def _now_and_then(deadline, progress, done):
    if deadline is not None:
        deadline.check()
    if progress is not None:
        progress(done)


def _check_row(row, purpose):
    """Check what a row says on its own, whatever else is wrong with it: each organisation
    and contact field the model checks, so that every problem is listed at once."""
    values = {
        TARGETS_BY_KEY[key].field: value
        for key, value in row.values.items()
        if key in TARGETS_BY_KEY
        and not TARGETS_BY_KEY[key].is_contact
        and TARGETS_BY_KEY[key].kind != "purposes"
    }
    organisation = Organisation(**values)
    # The local area was found in the table: no query per row to find it again.
    exclude = [
        f.name
        for f in Organisation._meta.concrete_fields
        if f.name not in values or f.name == "area"
    ]
    try:
        organisation.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        row.add_validation_error(error)
    for name, message in _count_errors(organisation, employees_known=False):
        row.add_error(name, message)
    contact_values = _contact_values(row)
    if contact_values:
        contact = Contact(purpose=purpose, **contact_values)
        exclude = [f.name for f in Contact._meta.concrete_fields if f.name not in contact_values]
        try:
            contact.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            row.add_validation_error(error, prefix="contact_")


def _spread_organisation_errors(group):
    """A row cannot be imported when its organisation cannot: say so on each of its rows."""
    failed = [row for row in group.rows if row.errors]
    if not failed or len(failed) == len(group.rows) or not group.organisation_failed:
        return
    for row in group.rows:
        if not row.errors:
            row.add_error(
                "",
                _("Row %(row)s is about the same organisation, which cannot be saved.")
                % {"row": failed[0].number},
            )


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


def _shown(target, value):
    if value is None or value == "" or value == ():
        return "–"
    if target.kind == "choice":
        return str(dict(CHOICES[target.field].choices).get(value, value))
    if target.kind == "purposes":
        return ", ".join(str(area) for area in value)
    if target.kind in ("bool", "yesno"):
        return str(dict(YES_NO)[value])
    if target.kind == "date":
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _plan_organisation(group, defaults):
    """What the group's rows together change in their organisation (or the new one)."""
    organisation = group.organisation
    if organisation is None:
        organisation = Organisation(moderation_state=Organisation.Moderation.APPROVED)
        for name, value in defaults.items():
            setattr(organisation, name, value)
        group.organisation = organisation
        for row in group.rows:
            row.organisation = organisation
    for target in ORGANISATION_TARGETS:
        if target.key not in group.values:
            continue
        new = group.values[target.key]
        if target.kind == "purposes":
            old = tuple(organisation.purpose_areas.all()) if organisation.pk else ()
        else:
            old = getattr(organisation, target.field)
        if same_value(old, new):
            continue
        if target.kind == "purposes":
            group.purposes = new
        else:
            setattr(organisation, target.field, new)
            group.changed = True
        if organisation.pk is not None:
            group.row_for(target.key).changes.append(
                Change(target.key, str(target.label), _shown(target, old), _shown(target, new))
            )
    errors_before = sum(len(row.errors) for row in group.rows)
    missing = [name for name in REQUIRED if not getattr(organisation, name)]
    for name in missing:
        group.add_error(name, _missing(name))
    if group.changed and not missing:
        _validate_organisation(group, organisation)
    group.organisation_failed = sum(len(row.errors) for row in group.rows) > errors_before


def _validate_organisation(group, organisation):
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
        group.add_validation_error(error)
    for name, message in _count_errors(organisation):
        group.add_error(name, message)


# What a new organisation cannot be without.
REQUIRED = ("sector", "kind")


def _missing(name):
    return _(
        "The %(field)s is missing. Add a column for it, or choose one for new "
        "organisations on the column page."
    ) % {"field": str(TARGETS_BY_KEY[name].label).lower()}


def _count_errors(organisation, *, employees_known=True):
    """Organisation.Meta.constraints' two count rules, checked in memory: (field, message).

    With `employees_known=False` (one row, whose organisation may get its number of
    employees from another row), a count without the number of employees is not an error.
    """
    employees = organisation.employees
    for name, code in (
        ("employees_flexjob", "flexjob_over_employees"),
        ("employees_edge", "edge_over_employees"),
    ):
        count = getattr(organisation, name)
        if count is None or (employees is None and not employees_known):
            continue
        if employees is None or count > employees:
            constraint = next(
                c for c in Organisation._meta.constraints if c.violation_error_code == code
            )
            yield name, constraint.violation_error_message


def _check_unmatched(rows, defaults):
    """A row with problems is in no group; if it is about a new organisation that no row of
    the file gives a sector or kind, say that it is missing too, rather than after the other
    problems are corrected."""
    given = set()  # (how the organisation is known, field) that some row gives
    for row in rows:
        for name in REQUIRED:
            if name in row.values:
                given.update((key, name) for key in _organisation_keys(row))
    for row in rows:
        if not row.errors or row.group is not None or row.organisation is not None:
            continue
        if "name" not in row.values or row.unsure:
            continue
        for name in REQUIRED:
            known = any((key, name) in given for key in _organisation_keys(row))
            written = row.cells.get(name, ("", ""))[1]  # and refused: said already
            if name not in defaults and not known and not written:
                row.add_error(name, _missing(name))


def _organisation_keys(row):
    keys = [("name", normalise(row.values.get("name", "")), row.values.get("postcode", ""))]
    if row.values.get("cvr"):
        keys.append(("cvr", row.values["cvr"]))
    return keys


def _contact_values(row):
    return {t.field: row.values[t.key] for t in CONTACT_TARGETS if t.key in row.values}


def _existing_contact(row):
    organisation = row.organisation
    existing = getattr(organisation, "current_contacts", []) if organisation.pk else []
    return find_contact(existing, _contact_values(row))


def _plan_contact(row, purpose, contact, claimed):
    values = _contact_values(row)
    if not values:
        return
    organisation = row.organisation
    if contact is not None and contact.pk in claimed:
        row.add_error(
            "contact_name",
            _("Row %(row)s is about the same contact person in the portal.")
            % {"row": claimed[contact.pk]},
        )
        return
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
        claimed[contact.pk] = row.number
        for target in CONTACT_TARGETS:
            if target.field not in values:
                continue
            old, new = getattr(contact, target.field), values[target.field]
            if same_value(old, new):
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
