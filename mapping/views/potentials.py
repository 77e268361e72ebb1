"""The potential of potential social-economy enterprises: the list and each one's form.

Staff only, like the rest of the stakeholder analysis.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mapping.forms.stakeholders import PotentialForm
from mapping.models import Potential
from mapping.selectors import organisation_get_for_user
from mapping.selectors import stakeholders as selectors
from mapping.services import stakeholders as services
from portal import refusals
from portal.access import STAFF, role_required
from portal.concurrency import edit_is_current
from portal.export import export_response, requested_format
from portal.forms import model_values


def _potential_row(organisation, today):
    potential = getattr(organisation, "_potential", None)
    return {
        "organisation": organisation,
        "potential": potential,
        "overdue": selectors.potential_is_overdue(potential, today),
    }


def _with_potential(organisations):
    """Attach each organisation's Potential (or None) without a query per row."""
    result = []
    for organisation in organisations:
        try:
            organisation._potential = organisation.potential
        except Potential.DoesNotExist:
            organisation._potential = None
        result.append(organisation)
    return result


POTENTIAL_COLUMNS = [
    (gettext_lazy("Name"), lambda row: row["organisation"].name),
    (gettext_lazy("Status"), lambda row: row["organisation"].get_se_status_display()),
    (gettext_lazy("Stage"), lambda row: row["potential"] and row["potential"].get_stage_display()),
    (gettext_lazy("What it needs"), lambda row: row["potential"] and row["potential"].needs),
    (gettext_lazy("Next step"), lambda row: row["potential"] and row["potential"].next_step),
    (gettext_lazy("Next step by"), lambda row: row["potential"] and row["potential"].next_step_on),
    (
        gettext_lazy("Owner"),
        lambda row: (
            row["potential"]
            and row["potential"].next_step_owner
            and str(row["potential"].next_step_owner)
        ),
    ),
    (gettext_lazy("Overdue"), lambda row: row["overdue"]),
]


@role_required(STAFF)
def potential_list(request):
    filterset, organisations = selectors.potential_list(user=request.user, params=request.GET)
    today = timezone.localdate()
    export_format = requested_format(request)
    if export_format:
        return export_response(
            [_potential_row(org, today) for org in _with_potential(organisations)],
            POTENTIAL_COLUMNS,
            export_format=export_format,
            filename="potentialer",
            title=gettext_lazy("Potentials"),
        )
    page = Paginator(organisations, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mapping/stakeholders/potential_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [_potential_row(org, today) for org in _with_potential(page.object_list)],
        },
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def potential_edit(request, pk):
    organisation = organisation_get_for_user(user=request.user, pk=pk, for_change=True)
    potential = selectors.potential_of(organisation) or Potential(organisation=organisation)
    form = PotentialForm(request.POST or None, instance=potential)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    services.potential_save(
                        organisation=organisation, **model_values(form), by=request.user
                    )
                    messages.success(request, _("The potential was saved."))
                    return redirect(organisation)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "mapping/stakeholders/potential_form.html",
        {"form": form, "organisation": organisation, "potential": potential},
    )


urlpatterns = [
    path("mapping/potentials/", potential_list, name="potential-list"),
    path("mapping/organisations/<int:pk>/potential/", potential_edit, name="potential-edit"),
]
