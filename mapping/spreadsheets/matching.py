"""Matching an import's rows to what the portal holds: each row to its organisation (by CVR
number, then by name and postcode), rows to each other (two about one organisation), and a
row's contact person to one the organisation already has."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mapping.models import Contact, Organisation
from mapping.spreadsheets.columns import normalise


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


def mark_duplicates(rows):
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
