"""The list of every contact person the programme keeps: staff only."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy

from mapping.selectors import stakeholders as selectors
from portal.access import STAFF, role_required
from portal.export import export_response, requested_format

CONTACT_COLUMNS = [
    (gettext_lazy("Name"), lambda contact: contact.name),
    (gettext_lazy("Role"), lambda contact: contact.role),
    (gettext_lazy("Organisation"), lambda contact: contact.organisation.name),
    (gettext_lazy("E-mail"), lambda contact: contact.email),
    (gettext_lazy("Phone"), lambda contact: contact.phone),
    (gettext_lazy("Key person"), lambda contact: contact.is_key_person),
    (gettext_lazy("Change agent"), lambda contact: contact.is_change_agent),
    (
        gettext_lazy("Also linked to"),
        lambda contact: ", ".join(str(org) for org in contact.linked_organisations.all()),
    ),
    (gettext_lazy("Last contact"), lambda contact: contact.last_contacted_on),
]


@role_required(STAFF)
def contact_list(request):
    filterset, contacts = selectors.contact_list(user=request.user, params=request.GET)
    export_format = requested_format(request)
    if export_format:
        return export_response(
            contacts,
            CONTACT_COLUMNS,
            export_format=export_format,
            filename="kontakter",
            title=gettext_lazy("Contacts"),
        )
    page = Paginator(contacts, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mapping/stakeholders/contact_list.html",
        {"filter": filterset, "page": page, "contacts": list(page.object_list)},
    )


urlpatterns = [
    path("mapping/contacts/", contact_list, name="contact-list"),
]
