"""The export of organisations as a spreadsheet that an import reads back without loss.

One row a contact person, as municipalities keep their lists; an organisation without
contacts has one row with the contact columns empty. The import gathers the rows about one
organisation again (mapping/spreadsheets/matching.py).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from mapping.models import Contact
from mapping.models.organisations import YES_NO
from mapping.spreadsheets.columns import TARGETS
from portal.export import export_response


def _yes_no(value):
    return "" if value is None else str(dict(YES_NO)[value])


def _export_value(target):
    """The function of an (organisation, contact) pair that gives the target's cell."""
    if target.is_contact:
        return lambda pair: getattr(pair[1], target.field) if pair[1] is not None else ""
    field = target.field
    if target.kind == "choice":
        return lambda pair: getattr(pair[0], f"get_{field}_display")()
    if target.kind == "area":
        return lambda pair: pair[0].area.name if pair[0].area else ""
    if target.kind == "purposes":
        # The labels in the language of the page, as the import reads them back.
        return lambda pair: ", ".join(str(area) for area in pair[0].purpose_areas.all())
    if target.kind in ("bool", "yesno"):
        return lambda pair: _yes_no(getattr(pair[0], field))
    return lambda pair: getattr(pair[0], field)


def export_columns():
    """The export's columns: the headings the import recognises, in the import's order."""
    return [(target.label, _export_value(target)) for target in TARGETS]


def export_rows(organisations):
    """(organisation, contact) for each contact person, (organisation, None) without any."""
    for organisation in organisations:
        contacts = organisation.export_contacts or [None]
        for contact in contacts:
            yield organisation, contact


def organisation_export(organisations, *, export_format):
    """The organisations as a CSV or XLSX download, one row a contact person."""
    contacts = Contact.objects.filter(erased_at__isnull=True).order_by("name", "pk")
    organisations = organisations.select_related("area").prefetch_related(
        "purpose_areas", Prefetch("contacts", queryset=contacts, to_attr="export_contacts")
    )
    return export_response(
        export_rows(organisations),
        export_columns(),
        export_format=export_format,
        filename="organisations",
        title=gettext_lazy("Organisations"),
    )
