"""Matching an import's rows to what the portal holds: each row to its organisation (by CVR
number, then by name and postcode), rows to each other (the rows about one organisation, one
a contact person), and a row's contact person to one the organisation already has."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mapping.models import Contact, Organisation
from mapping.spreadsheets.cells import same_value
from mapping.spreadsheets.columns import CONTACT_TARGETS, ORGANISATION_TARGETS, normalise
from mapping.spreadsheets.plan import OrganisationGroup


def _match_key(name, postcode):
    return (normalise(name), postcode or "")


def match_rows(rows, *, lock):
    """Find the organisation each row is about: by CVR number, then by name and postcode."""
    readable = [row for row in rows if "name" in row.values]
    cvrs = {row.values["cvr"] for row in readable if "cvr" in row.values}
    postcodes = {row.values.get("postcode", "") for row in readable}
    contacts = Contact.objects.filter(erased_at__isnull=True).order_by("name", "pk")
    candidates = (
        Organisation.objects.filter(Q(cvr__in=cvrs) | Q(postcode__in=postcodes))
        .select_related("area")
        .prefetch_related(
            "purpose_areas",
            Prefetch("contacts", queryset=contacts, to_attr="current_contacts"),
        )
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
    # Rows with problems are matched too, so that their matching problems are listed with
    # the others; they are left out of the groups below.
    for row in readable:
        cvr = row.values.get("cvr")
        if cvr and cvr in by_cvr:
            row.organisation = by_cvr[cvr]
            continue
        found = by_name.get(_match_key(row.values["name"], row.values.get("postcode")), [])
        row.unsure = len(found) > 1 or bool(found and cvr and found[0].cvr not in ("", cvr))
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


def group_rows(rows):
    """Gather the rows about one organisation (the same CVR number, or the same name and
    postcode) into groups, one a contact person, as municipalities keep them.

    Rows about one organisation must agree on its columns (an empty cell says nothing);
    a cell that differs is an error. Two rows about the same organisation and the same
    contact person (or both without one) are duplicates: both are errors.
    """
    groups, by_cvr, by_organisation, by_key = [], {}, {}, {}
    for row in rows:
        if row.errors or "name" not in row.values:
            continue
        cvr, organisation = row.values.get("cvr", ""), row.organisation
        key = _match_key(row.values["name"], row.values.get("postcode"))
        group = by_cvr.get(cvr) if cvr else None
        if group is None and organisation is not None:
            group = by_organisation.get(organisation.pk)
        if group is None:
            group = next((g for g in by_key.get(key, []) if _fits(g, cvr, organisation)), None)
        if group is None:
            group = OrganisationGroup()
            groups.append(group)
        group.rows.append(row)
        row.group = group
        group.cvr = group.cvr or cvr
        group.organisation = group.organisation or organisation
        if cvr:
            by_cvr.setdefault(cvr, group)
        if organisation is not None:
            by_organisation.setdefault(organisation.pk, group)
        if not any(other is group for other in by_key.setdefault(key, [])):
            by_key[key].append(group)
    for group in groups:
        for row in group.rows:
            row.organisation = group.organisation
        _merge(group)
        _mark_same_contacts(group)
    return groups


def _fits(group, cvr, organisation):
    """Rows with different CVR numbers, or about different organisations in the portal, are
    about different organisations, even with one name and postcode."""
    if cvr and group.cvr and cvr != group.cvr:
        return False
    return organisation is None or group.organisation in (None, organisation)


def _merge(group):
    """What the rows say about the organisation together; a cell that differs is an error."""
    for row in group.rows:
        for target in ORGANISATION_TARGETS:
            if target.key not in row.values:
                continue
            value = row.values[target.key]
            if target.key not in group.values:
                group.values[target.key] = value
                group.sources[target.key] = row
            elif not same_value(group.values[target.key], value):
                first = group.sources[target.key]
                row.add_error(
                    target.key,
                    _(
                        "Differs from row %(row)s (“%(value)s”). The rows are about one "
                        "organisation and must agree."
                    )
                    % {"row": first.number, "value": first.cells[target.key][1]},
                )


def _mark_same_contacts(group):
    if len(group.rows) < 2:
        return
    first_with, clusters = {}, {}  # (how, value) -> first row; id(first row) -> cluster
    for row in group.rows:
        keys = _contact_keys(row)
        found = next(((first_with[key], column) for key, column in keys if key in first_with), None)
        for key, _column in keys:
            first_with.setdefault(key, found[0] if found else row)
        if found is None:
            continue
        first, column = found
        clusters.setdefault(id(first), {"rows": [first], "column": column})["rows"].append(row)
    for cluster in clusters.values():
        for row in cluster["rows"]:
            others = _numbers(other.number for other in cluster["rows"] if other is not row)
            count = len(cluster["rows"]) - 1
            if cluster["column"] == "name":
                message = ngettext(
                    "Row %(rows)s is about the same organisation, and neither row names a "
                    "contact person.",
                    "Rows %(rows)s are about the same organisation, and none of the rows names "
                    "a contact person.",
                    count,
                )
            else:
                message = ngettext(
                    "Row %(rows)s is about the same organisation and the same contact person.",
                    "Rows %(rows)s are about the same organisation and the same contact person.",
                    count,
                )
            row.add_error(cluster["column"], message % {"rows": others})


def _contact_keys(row):
    """How the row's contact person is told apart: e-mail, then name; or by having none."""
    if not any(target.key in row.values for target in CONTACT_TARGETS):
        return [(("none",), "name")]
    keys = []
    email = row.values.get("contact_email", "").casefold()
    name = normalise(row.values.get("contact_name", ""))
    if email:
        keys.append((("email", email), "contact_email"))
    if name:
        keys.append((("name", name), "contact_name"))
    return keys


def _numbers(numbers):
    return ", ".join(str(number) for number in numbers)


def find_contact(contacts, values):
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
