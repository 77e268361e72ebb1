"""The export of organisations as a spreadsheet that an import reads back without loss."""

from django.db.models import Prefetch

from mapping.models import Contact
from mapping.spreadsheets.columns import TARGETS
from portal.export import export_response


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
