"""Organisations as the programme's staff and the enterprise users keep them."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mapping import selectors, services, spreadsheets
from mapping.forms import (
    CHARACTERISTICS,
    CRITERIA,
    ContactForm,
    OrganisationProfileForm,
    OrganisationStaffForm,
)
from mapping.models import Contact, Organisation
from mapping.views import cases, meetings, stakeholders
from portal import refusals, registry
from portal.access import ENTERPRISE, PROJECT_LEADER, STAFF, role_required
from portal.concurrency import edit_is_current
from portal.export import requested_format
from portal.forms import model_values
from portal.registry import OrganisationSection

# What the mapping's other concepts add to an organisation's page, in this order. Each
# returns a portal.registry.Panel for this user, or None.
MAPPING_SECTIONS = (
    (10, stakeholders.organisation_section),
    (20, cases.organisation_section),
    (30, meetings.organisation_section),
)


def organisation_sections(request, organisation):
    """The mapping's own sections of an organisation's page (`portal.registry`); other apps
    register theirs beside them, with an `order` that places them among these."""
    return [
        OrganisationSection(panel.template, panel.context, order=order)
        for order, section_of in MAPPING_SECTIONS
        if (panel := section_of(request, organisation)) is not None
    ]


def _label(field):
    return Organisation._meta.get_field(field).verbose_name


def _form_class(user):
    return OrganisationStaffForm if user.is_programme_staff else OrganisationProfileForm


@role_required(STAFF)
def organisation_list(request):
    filterset, organisations = selectors.organisation_list(user=request.user, params=request.GET)
    if export_format := requested_format(request):
        # With the list's filters, not only its page; in the columns the import reads back.
        return spreadsheets.organisation_export(organisations, export_format=export_format)
    page = Paginator(organisations, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mapping/organisation_list.html",
        {"filter": filterset, "page": page, "organisations": list(page.object_list)},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationStaffForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(**model_values(form), by=request.user)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("%(name)s was created.") % {"name": organisation.name})
            return redirect(organisation)
    return render(request, "mapping/organisation_form.html", {"form": form, "organisation": None})


@role_required(STAFF, ENTERPRISE)
def organisation_detail(request, pk):
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "mapping/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": list(selectors.contacts_of(organisation=organisation)),
            "criteria": [
                (_label(field), getattr(organisation, field), getattr(organisation, note))
                for field, note in CRITERIA
            ],
            "characteristics": [
                (_label(field), getattr(organisation, field)) for field in CHARACTERISTICS
            ],
            "sections": registry.organisation_sections(request, organisation),
        },
    )


@role_required(STAFF, ENTERPRISE)
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk, for_change=True)
    form_class = _form_class(request.user)
    form = form_class(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    organisation, resubmitted = services.organisation_update(
                        organisation=organisation,
                        **model_values(form),
                        by=request.user,
                        request=request,
                    )
                    if resubmitted:
                        messages.success(
                            request,
                            _(
                                "The changes were saved and sent to the project leader for "
                                "approval."
                            ),
                        )
                    else:
                        messages.success(request, _("The changes were saved."))
                    return redirect(organisation)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request, "mapping/organisation_form.html", {"form": form, "organisation": organisation}
    )


@role_required(PROJECT_LEADER)
def organisation_history(request, pk):
    organisation = selectors.organisation_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "mapping/organisation_history.html",
        {
            "organisation": organisation,
            "history": selectors.organisation_history(organisation=organisation),
        },
    )


@role_required(ENTERPRISE)
def my_organisations(request):
    """The registrant's own page: the state of their registration and a way to edit it."""
    organisations = list(selectors.organisations_of_user(user=request.user))
    return render(request, "mapping/my_organisations.html", {"organisations": organisations})


@role_required(STAFF, ENTERPRISE)
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk=None, organisation_pk=None):
    if pk is None:
        organisation = selectors.organisation_get_for_user(
            user=request.user, pk=organisation_pk, for_change=True
        )
        contact = Contact(organisation=organisation)
    else:
        # The organisation's access rule; an erased person is no longer anyone's to fill in.
        contact = selectors.contact_get_for_user(user=request.user, pk=pk, for_change=True)
        organisation = contact.organisation
    form = ContactForm(
        request.POST or None, instance=contact, staff=request.user.is_programme_staff
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if edit_is_current(form, request=request):
                form.save()
                messages.success(request, _("The contact was saved."))
                return redirect(organisation)
    return render(
        request,
        "mapping/contact_form.html",
        {"form": form, "organisation": organisation, "contact": contact},
    )
