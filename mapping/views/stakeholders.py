"""The stakeholder analysis: lists by sector, the influence × interest grid, assessments and
relations, and the section all of the analysis adds to an organisation's page.

The interaction log and its tasks, the potential and the contacts have their own modules
(interactions.py, potentials.py, contacts.py). All of it is the programme's internal work:
staff only. Enterprise users and the steering group see none of it, not even on an
organisation's own page.
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
from django.views.decorators.http import require_http_methods, require_POST

from mapping import grid
from mapping.forms.stakeholders import AssessmentForm, RelationForm
from mapping.models import Organisation, StakeholderAssessment, Task
from mapping.selectors import organisation_get_for_user
from mapping.selectors import stakeholders as selectors
from mapping.selectors.interactions import interactions_of
from mapping.services import stakeholders as services
from mapping.views.interactions import task_row
from portal import refusals
from portal.access import STAFF, role_required
from portal.concurrency import edit_is_current
from portal.export import export_response, requested_format
from portal.forms import model_values
from portal.registry import Panel
from portal.views import back_url

Quadrant = StakeholderAssessment.Quadrant

# How many interactions an organisation's page shows before "all interactions".
SECTION_INTERACTIONS = 5

# Stakeholders by sector


def _stakeholder_row(organisation):
    assessment = selectors.assessment_of(organisation)
    quadrant = assessment.quadrant if assessment else None
    return {
        "organisation": organisation,
        "assessment": assessment,
        "quadrant": quadrant,
        "quadrant_label": Quadrant(quadrant).label if quadrant else "",
        "approach": selectors.suggested_approach(quadrant) if quadrant else "",
        "last_contact": organisation.last_contact,
        "needs_contact": organisation.needs_contact,
    }


STAKEHOLDER_COLUMNS = [
    (gettext_lazy("Name"), lambda row: row["organisation"].name),
    (gettext_lazy("Sector"), lambda row: row["organisation"].get_sector_display()),
    (gettext_lazy("Kind"), lambda row: row["organisation"].get_kind_display()),
    (gettext_lazy("Influence"), lambda row: row["assessment"] and row["assessment"].influence),
    (gettext_lazy("Interest"), lambda row: row["assessment"] and row["assessment"].interest),
    (gettext_lazy("Quadrant"), lambda row: row["quadrant_label"]),
    (
        gettext_lazy("Attitude"),
        lambda row: row["assessment"] and row["assessment"].get_attitude_display(),
    ),
    (gettext_lazy("Last contact"), lambda row: row["last_contact"]),
    (gettext_lazy("Needs contact"), lambda row: row["needs_contact"]),
]


@role_required(STAFF)
def stakeholder_list(request):
    filterset, organisations = selectors.stakeholder_list(user=request.user, params=request.GET)
    export_format = requested_format(request)
    if export_format:
        return export_response(
            [_stakeholder_row(organisation) for organisation in organisations],
            STAKEHOLDER_COLUMNS,
            export_format=export_format,
            filename="interessenter",
            title=gettext_lazy("Stakeholders"),
        )
    page = Paginator(organisations, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    groups = {}
    for organisation in page.object_list:
        sector = organisation.get_sector_display()
        groups.setdefault(organisation.sector, {"label": sector, "rows": []})
        groups[organisation.sector]["rows"].append(_stakeholder_row(organisation))
    return render(
        request,
        "mapping/stakeholders/stakeholder_list.html",
        {
            "filter": filterset,
            "page": page,
            "groups": list(groups.values()),
            "contact_days": selectors.contact_days(),
        },
    )


# The influence × interest grid


class GridGeometry(grid.Geometry):
    """The web page's grid: larger, with room for the dashed "needs contact" ring."""

    CELL = 120
    LEFT, TOP, RIGHT, BOTTOM = 84, 12, 12, 64
    PAD_X, PAD_TOP, PAD_BOTTOM = 8, 26, 6
    # The dashed ring that marks "needs contact" sits this far outside the circle.
    RING_GAP = 3
    # Room for the dashed ring (RING_GAP outside the circle, 2 wide) and a gap of 2.
    R_MIN, R_MAX, R_MARGIN = 3.0, 14.0, RING_GAP + 2
    LABEL_DX, LABEL_DY = 6, 18
    TICK_DY, TICK_GAP_X, TICK_GAP_Y = 5, 14, 22
    AXIS_LABEL_X, AXIS_LABEL_BOTTOM = 22, 14

    @classmethod
    def circle_fields(cls, radius, cell_rows):
        return {"ring_r": radius + cls.RING_GAP, "font_size": round(radius * 1.05, 1)}


QUADRANT_ORDER = grid.QUADRANT_ORDER


def grid_layout(organisations):
    """The grid of `organisations` (all assessed), with each quadrant's suggested approach
    and its rows for the table under the chart."""
    rows = []
    for organisation in organisations:
        row = _stakeholder_row(organisation)
        row["influence"] = row["assessment"].influence
        row["interest"] = row["assessment"].interest
        rows.append(row)
    rows.sort(key=lambda row: row["organisation"].name.casefold())  # order within a cell
    layout = grid.layout(rows, geometry=GridGeometry)
    for quadrant, box in zip(QUADRANT_ORDER, layout["quadrants"], strict=True):
        box["approach"] = selectors.suggested_approach(quadrant)
        box["rows"] = [row for row in layout["rows"] if row["quadrant"] == quadrant]
    return layout


GRID_COLUMNS = [
    (gettext_lazy("Number"), lambda row: row["number"]),
    *STAKEHOLDER_COLUMNS[:6],
    (gettext_lazy("Suggested approach"), lambda row: row["approach"]),
    *STAKEHOLDER_COLUMNS[6:],
]


@role_required(STAFF)
def stakeholder_grid(request):
    filterset, organisations = selectors.stakeholder_grid(user=request.user, params=request.GET)
    grid = grid_layout(organisations)
    export_format = requested_format(request)
    if export_format:
        return export_response(
            grid["rows"],
            GRID_COLUMNS,
            export_format=export_format,
            filename="interessentgitter",
            title=gettext_lazy("Influence and interest grid"),
        )
    return render(
        request,
        "mapping/stakeholders/stakeholder_grid.html",
        {"filter": filterset, "grid": grid, "contact_days": selectors.contact_days()},
    )


# One organisation's assessment and relations


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    organisation = organisation_get_for_user(user=request.user, pk=pk, for_change=True)
    assessment = selectors.assessment_of(organisation) or StakeholderAssessment(
        organisation=organisation
    )
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    services.assessment_save(
                        organisation=organisation, **model_values(form), by=request.user
                    )
                    messages.success(request, _("The stakeholder assessment was saved."))
                    return redirect(organisation)
        except ValidationError as error:
            refusals.on_form(form, error)
    current = None
    if assessment.pk:
        current = {
            "label": assessment.quadrant.label,
            "approach": selectors.suggested_approach(assessment.quadrant),
        }
    return render(
        request,
        "mapping/stakeholders/assessment_form.html",
        {
            "form": form,
            "organisation": organisation,
            "assessment": assessment,
            "current": current,
            "high": StakeholderAssessment.HIGH,
            "suggestions": [
                {"label": quadrant.label, "approach": selectors.suggested_approach(quadrant)}
                for quadrant in QUADRANT_ORDER
            ],
        },
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def relation_create(request, pk):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    form = RelationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        source, kind, target = form.resolved()
        try:
            services.relation_create(
                source=source,
                kind=kind,
                target=target,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            refusals.on_form(form, error, rename={"source": "other", "target": "other"})
        else:
            messages.success(request, _("The relation was saved."))
            return redirect(organisation)
    return render(
        request,
        "mapping/stakeholders/relation_form.html",
        {"form": form, "organisation": organisation},
    )


@role_required(STAFF)
@require_POST
def relation_delete(request, pk):
    relation = selectors.relation_get_for_user(user=request.user, pk=pk, for_change=True)
    services.relation_delete(relation=relation, by=request.user)
    messages.success(request, _("The relation was removed."))
    return redirect(back_url(request, relation.source.get_absolute_url()))


# The section on an organisation's page


def organisation_section(request, organisation):
    """The Panel this concept adds to an organisation's page, or None.

    Staff only: the assessment, the relations both ways, the latest interactions, open
    tasks and, for potential enterprises, the potential. Everything evaluated here.
    """
    user = request.user
    if not (user.is_authenticated and user.is_programme_staff):
        return None
    today = timezone.localdate()
    assessment = selectors.assessment_of(organisation)
    all_interactions = interactions_of(organisation=organisation)
    interactions = list(all_interactions[:SECTION_INTERACTIONS])
    last_contact = interactions[0].date if interactions else None
    potential = selectors.potential_of(organisation)
    show_potential = (
        potential is not None
        or organisation.se_status == Organisation.SocialEconomyStatus.POTENTIAL
    )
    tasks = Task.objects.open().filter(organisation=organisation).select_related("owner")
    context = {
        "organisation": organisation,
        "assessment": assessment,
        "quadrant_label": assessment.quadrant.label if assessment else "",
        "approach": selectors.suggested_approach(assessment.quadrant) if assessment else "",
        "needs_contact": selectors.needs_contact(
            influence=assessment.influence if assessment else None,
            last_contact=last_contact,
            today=today,
        ),
        "contact_days": selectors.contact_days(),
        "last_contact": last_contact,
        "relations": selectors.relations_of(organisation=organisation),
        "linked_people": list(selectors.contacts_linked_to(organisation=organisation)),
        "interactions": interactions,
        "interaction_count": all_interactions.count(),
        "tasks": [task_row(task, user, today) for task in tasks],
        "show_potential": show_potential,
        "potential": potential,
        "potential_overdue": selectors.potential_is_overdue(potential, today),
        "next": request.get_full_path(),
    }
    return Panel("mapping/stakeholders/organisation_section.html", context, order=10)


urlpatterns = [
    path("mapping/stakeholders/", stakeholder_list, name="stakeholder-list"),
    path("mapping/stakeholders/grid/", stakeholder_grid, name="stakeholder-grid"),
    path("mapping/organisations/<int:pk>/assessment/", assessment_edit, name="assessment-edit"),
    path(
        "mapping/organisations/<int:pk>/relations/new/",
        relation_create,
        name="relation-create",
    ),
    path("mapping/relations/<int:pk>/delete/", relation_delete, name="relation-delete"),
]
