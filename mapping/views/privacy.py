"""The data controller's tasks, for the project leader only: what is held about a person,
its export, erasure, and the contacts kept longer than the retention period."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from mapping.forms.privacy import EraseForm, RetentionFilterForm
from mapping.selectors import privacy as selectors
from mapping.services import privacy as services
from portal.access import PROJECT_LEADER, role_required
from portal.export import export_response, requested_format
from portal.pdf import pdf_response


def _filename(contact):
    # No name in the file name: downloads end up in folders that others see.
    return f"contact-{contact.pk}-{timezone.localdate().isoformat()}"


@role_required(PROJECT_LEADER)
@require_GET
def contact_privacy(request, pk):
    contact = selectors.data_subject_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "mapping/privacy/contact_privacy.html",
        {
            "record": selectors.person_record(contact=contact),
            "contact": contact,
            "marker": services.erased_marker(),
        },
    )


@role_required(PROJECT_LEADER)
@require_GET
def contact_export_json(request, pk):
    record = selectors.person_record(
        contact=selectors.data_subject_get_for_user(user=request.user, pk=pk)
    )
    body = json.dumps(
        selectors.person_data(record), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(record.contact)}.json"'
    return response


@role_required(PROJECT_LEADER)
@require_GET
def contact_export_pdf(request, pk):
    record = selectors.person_record(
        contact=selectors.data_subject_get_for_user(user=request.user, pk=pk)
    )
    return pdf_response(
        "mapping/privacy/contact_pdf.html",
        {"record": record, "contact": record.contact, "now": timezone.now()},
        filename=_filename(record.contact),
        request=request,
        inline=False,
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def contact_erase(request, pk):
    contact = selectors.data_subject_get_for_user(user=request.user, pk=pk, for_change=True)
    # Read again on every request: the confirmation covers what is listed now.
    record = selectors.person_record(contact=contact)
    form = EraseForm(
        request.POST if request.method == "POST" else None,
        listed=len(record.listed_mentions),
        accounts=len(record.user_accounts),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_erase(
                contact=contact, by=request.user, accounts=form.cleaned_data.get("accounts", False)
            )
        except ValidationError:
            raise Http404 from None  # erased by someone else a moment ago
        messages.success(request, _("The person's personal data was erased."))
        return redirect("mapping:contact-privacy", pk=contact.pk)
    return render(
        request,
        "mapping/privacy/contact_erase.html",
        {"contact": contact, "record": record, "form": form, "marker": services.erased_marker()},
    )


RETENTION_COLUMNS = [
    (gettext_lazy("Name"), lambda contact: contact.name),
    (gettext_lazy("Organisation"), lambda contact: contact.organisation.name),
    (gettext_lazy("Legal basis"), lambda contact: contact.get_legal_basis_display()),
    (gettext_lazy("Purpose"), lambda contact: contact.purpose),
    (gettext_lazy("Last contact"), lambda contact: contact.last_contacted_on),
    (gettext_lazy("Created"), lambda contact: timezone.localdate(contact.created_at)),
    (gettext_lazy("Days without contact"), lambda contact: contact.days_without_contact),
]


@role_required(PROJECT_LEADER)
@require_GET
def contact_retention(request):
    form = RetentionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    contacts = selectors.retention_list(
        legal_basis=filters.get("legal_basis", ""), query=filters.get("q", ""), today=today
    )
    export_format = requested_format(request)
    if export_format:
        rows = list(contacts)
        _add_days(rows, today)
        return export_response(
            rows,
            RETENTION_COLUMNS,
            export_format=export_format,
            filename="retention",
            title=gettext_lazy("Retention"),
        )
    page = Paginator(contacts, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _add_days(rows, today)
    return render(
        request,
        "mapping/privacy/retention_list.html",
        {
            "form": form,
            "page": page,
            "contacts": rows,
            "days": selectors.retention_days(),
            "cutoff": selectors.retention_cutoff(today),
            "list_url": reverse("mapping:contact-retention"),
        },
    )


def _add_days(contacts, today):
    for contact in contacts:
        contact.days_without_contact = (today - contact.last_touch).days


urlpatterns = [
    path("mapping/contacts/retention/", contact_retention, name="contact-retention"),
    path("mapping/contacts/<int:pk>/privacy/", contact_privacy, name="contact-privacy"),
    path("mapping/contacts/<int:pk>/export.json", contact_export_json, name="contact-export-json"),
    path("mapping/contacts/<int:pk>/export.pdf", contact_export_pdf, name="contact-export-pdf"),
    path("mapping/contacts/<int:pk>/erase/", contact_erase, name="contact-erase"),
]
