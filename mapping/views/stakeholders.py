"""The stakeholder analysis: lists by sector, the influence × interest grid, assessments,
relations, the interaction log with its follow-up tasks, the potential and the contacts.

All of it is the programme's internal work: staff only. Enterprise users and the steering
group see none of it, not even on an organisation's own page.
"""

import math
from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from mapping.forms.stakeholders import (
    AssessmentForm,
    InteractionForm,
    PotentialForm,
    RelationForm,
    add_errors,
)
from mapping.models import (
    Organisation,
    OrganisationRelation,
    Potential,
    StakeholderAssessment,
    Task,
)
from mapping.selectors import organisation_get_for_user
from mapping.selectors import stakeholders as selectors
from mapping.services import stakeholders as services
from portal.access import STAFF, role_required
from portal.export import export_response, requested_format
from portal.registry import Panel

Quadrant = StakeholderAssessment.Quadrant

# How many interactions an organisation's page shows before "all interactions".
SECTION_INTERACTIONS = 5


def _page(request, queryset):
    return Paginator(queryset, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))


def _back(request, default):
    """Where a small POST form asked to go back to, if that is inside the portal."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


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
        )
    page = _page(request, organisations)
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


class GridGeometry:
    """Where things go in the grid's SVG: interest along x, influence up y, 1–5 each."""

    SIZE = 5
    CELL = 120
    LEFT, TOP, RIGHT, BOTTOM = 84, 12, 12, 64
    # Room inside a cell: the quadrant's name sits at the top of its upper-left cell.
    PAD_X, PAD_TOP, PAD_BOTTOM = 8, 26, 6
    # The dashed ring that marks "needs contact" sits this far outside the circle.
    RING_GAP = 3

    width = LEFT + SIZE * CELL + RIGHT
    height = TOP + SIZE * CELL + BOTTOM

    @classmethod
    def x(cls, interest):
        return cls.LEFT + (interest - 1) * cls.CELL

    @classmethod
    def y(cls, influence):
        return cls.TOP + (cls.SIZE - influence) * cls.CELL

    @classmethod
    def quadrant_box(cls, quadrant):
        """(x, y, width, height) of a quadrant: values HIGH and above count as high."""
        high = StakeholderAssessment.HIGH
        high_influence = quadrant in (Quadrant.MANAGE_CLOSELY, Quadrant.KEEP_SATISFIED)
        high_interest = quadrant in (Quadrant.MANAGE_CLOSELY, Quadrant.KEEP_INFORMED)
        low_cells, high_cells = high - 1, cls.SIZE - high + 1
        x = cls.x(high) if high_interest else cls.x(1)
        y = cls.y(cls.SIZE) if high_influence else cls.y(high - 1)
        width = (high_cells if high_interest else low_cells) * cls.CELL
        height = (high_cells if high_influence else low_cells) * cls.CELL
        return x, y, width, height

    @classmethod
    def spread(cls, influence, interest, count):
        """Centres and radius for `count` circles in one cell, on a small grid so that none
        overlap."""
        left = cls.x(interest) + cls.PAD_X
        top = cls.y(influence) + cls.PAD_TOP
        width = cls.CELL - 2 * cls.PAD_X
        height = cls.CELL - cls.PAD_TOP - cls.PAD_BOTTOM
        columns = math.ceil(math.sqrt(count * width / height))
        rows = math.ceil(count / columns)
        step_x, step_y = width / columns, height / rows
        # Room for the dashed ring (RING_GAP outside the circle, 2 wide) and a gap of 2.
        radius = max(3.0, min(14.0, min(step_x, step_y) / 2 - cls.RING_GAP - 2))
        return [
            (
                round(left + (index % columns + 0.5) * step_x, 1),
                round(top + (index // columns + 0.5) * step_y, 1),
            )
            for index in range(count)
        ], round(radius, 1)


QUADRANT_ORDER = list(Quadrant)
# Light tints behind the quadrants; the quadrants' names are written in them too, so no
# information is in the colour alone.
QUADRANT_FILLS = {
    Quadrant.MANAGE_CLOSELY: "#f8d7da",
    Quadrant.KEEP_SATISFIED: "#fff3cd",
    Quadrant.KEEP_INFORMED: "#cfe2ff",
    Quadrant.MONITOR: "#e2e3e5",
}


def grid_layout(organisations):
    """The grid's points, quadrants and axes, and the same data as rows for the table.

    Each organisation is numbered; the number appears in its circle and in the table, so the
    chart and the table can be read together.
    """
    rows = []
    for organisation in organisations:
        row = _stakeholder_row(organisation)
        row["influence"] = row["assessment"].influence
        row["interest"] = row["assessment"].interest
        rows.append(row)
    rows.sort(
        key=lambda row: (
            QUADRANT_ORDER.index(row["quadrant"]),
            -row["influence"],
            -row["interest"],
            row["organisation"].name.casefold(),
        )
    )
    cells = defaultdict(list)
    for number, row in enumerate(rows, start=1):
        row["number"] = number
        cells[(row["influence"], row["interest"])].append(row)
    for (influence, interest), members in cells.items():
        centres, radius = GridGeometry.spread(influence, interest, len(members))
        for row, (cx, cy) in zip(members, centres, strict=True):
            row.update(
                cx=cx,
                cy=cy,
                r=radius,
                ring_r=radius + GridGeometry.RING_GAP,
                font_size=round(radius * 1.05, 1),
            )

    counts = dict.fromkeys(QUADRANT_ORDER, 0)
    for row in rows:
        counts[row["quadrant"]] += 1
    quadrants = []
    for quadrant in QUADRANT_ORDER:
        x, y, width, height = GridGeometry.quadrant_box(quadrant)
        quadrants.append(
            {
                "key": quadrant.value,
                "label": quadrant.label,
                "fill": QUADRANT_FILLS[quadrant],
                "count": counts[quadrant],
                "approach": selectors.suggested_approach(quadrant),
                "x": x,
                "y": y,
                "width": width,
                "height": height,
                "label_x": x + 6,
                "label_y": y + 18,
            }
        )
    for quadrant in quadrants:
        quadrant["rows"] = [row for row in rows if row["quadrant"] == quadrant["key"]]
    geometry = GridGeometry
    scale = range(1, geometry.SIZE + 1)
    high = StakeholderAssessment.HIGH
    return {
        "rows": rows,
        "quadrants": quadrants,
        "width": geometry.width,
        "height": geometry.height,
        "plot": {
            "left": geometry.LEFT,
            "top": geometry.TOP,
            "right": geometry.LEFT + geometry.SIZE * geometry.CELL,
            "bottom": geometry.TOP + geometry.SIZE * geometry.CELL,
            "size": geometry.SIZE * geometry.CELL,
        },
        "high": high,
        "x_ticks": [
            {"value": value, "x": geometry.x(value) + geometry.CELL / 2} for value in scale
        ],
        "y_ticks": [
            {"value": value, "y": geometry.y(value) + geometry.CELL / 2 + 5} for value in scale
        ],
        "lines_x": [geometry.x(value) for value in range(2, geometry.SIZE + 1)],
        "lines_y": [geometry.y(value) + geometry.CELL for value in range(2, geometry.SIZE + 1)],
        "boundary_x": geometry.x(high),
        "boundary_y": geometry.y(high) + geometry.CELL,
        "x_label": {
            "x": geometry.LEFT + geometry.SIZE * geometry.CELL / 2,
            "y": geometry.height - 14,
        },
        "y_label": {"x": 22, "y": geometry.TOP + geometry.SIZE * geometry.CELL / 2},
        "tick_label_y": geometry.TOP + geometry.SIZE * geometry.CELL + 22,
        "tick_label_x": geometry.LEFT - 14,
    }


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
            grid["rows"], GRID_COLUMNS, export_format=export_format, filename="interessentgitter"
        )
    return render(
        request,
        "mapping/stakeholders/stakeholder_grid.html",
        {"filter": filterset, "grid": grid, "contact_days": selectors.contact_days()},
    )


# One organisation's assessment, relations, interactions and potential


def _organisation(request, pk):
    return organisation_get_for_user(user=request.user, pk=pk)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    organisation = _organisation(request, pk)
    assessment = selectors.assessment_of(organisation) or StakeholderAssessment(
        organisation=organisation
    )
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        services.assessment_save(form=form, organisation=organisation, by=request.user)
        messages.success(request, _("The stakeholder assessment was saved."))
        return redirect(organisation)
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
    organisation = _organisation(request, pk)
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
            add_errors(form, error, rename={"source": "other", "target": "other"})
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
    relation = get_object_or_404(
        OrganisationRelation.objects.select_related("source", "target"), pk=pk
    )
    services.relation_delete(relation=relation, by=request.user)
    messages.success(request, _("The relation was removed."))
    return redirect(_back(request, relation.source.get_absolute_url()))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def interaction_create(request, pk):
    organisation = _organisation(request, pk)
    form = InteractionForm(request.POST or None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _interaction, task = services.interaction_log(
                organisation=organisation, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if task is None:
                messages.success(request, _("The interaction was saved."))
            else:
                messages.success(
                    request,
                    _("The interaction and the follow-up task for %(owner)s were saved.")
                    % {"owner": task.owner},
                )
            return redirect(organisation)
    return render(
        request,
        "mapping/stakeholders/interaction_form.html",
        {"form": form, "organisation": organisation},
    )


INTERACTION_COLUMNS = [
    (gettext_lazy("Date"), lambda interaction: interaction.date),
    (gettext_lazy("Kind"), lambda interaction: interaction.get_kind_display()),
    (gettext_lazy("With"), lambda interaction: interaction.contact and interaction.contact.name),
    (gettext_lazy("By"), lambda interaction: interaction.by and str(interaction.by)),
    (gettext_lazy("What was said"), lambda interaction: interaction.summary),
    (gettext_lazy("Follow-up tasks"), lambda interaction: interaction.task_count),
]


@role_required(STAFF)
def interaction_list(request, pk):
    """An organisation's whole interaction log, or the part with one of its people."""
    organisation = _organisation(request, pk)
    contacts = list(selectors.contacts_for_interaction(organisation=organisation))
    contact = None
    if request.GET.get("contact", "").isdigit():
        contact = next(
            (person for person in contacts if person.pk == int(request.GET["contact"])), None
        )
    interactions = selectors.interactions_of(organisation=organisation, contact=contact)
    export_format = requested_format(request)
    if export_format:
        return export_response(
            interactions,
            INTERACTION_COLUMNS,
            export_format=export_format,
            filename="interaktioner",
        )
    page = _page(request, interactions)
    return render(
        request,
        "mapping/stakeholders/interaction_list.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "contact": contact,
            "page": page,
            "interactions": list(page.object_list),
        },
    )


# Tasks


def _task_row(task, user, today):
    return {
        "task": task,
        "state": task.state(today),
        "state_label": Task.State(task.state(today)).label,
        "may_complete": task.done_at is None and services.task_may_complete(task=task, user=user),
    }


TASK_COLUMNS = [
    (gettext_lazy("Task"), lambda row: row["task"].title),
    (gettext_lazy("Organisation"), lambda row: row["task"].organisation),
    (gettext_lazy("Owner"), lambda row: str(row["task"].owner)),
    (gettext_lazy("Deadline"), lambda row: row["task"].deadline),
    (gettext_lazy("State"), lambda row: row["state_label"]),
    (gettext_lazy("Done"), lambda row: row["task"].done_at),
]


@role_required(STAFF)
def task_list(request):
    filterset, tasks = selectors.task_list(user=request.user, params=request.GET, request=request)
    today = timezone.localdate()
    export_format = requested_format(request)
    if export_format:
        return export_response(
            [_task_row(task, request.user, today) for task in tasks],
            TASK_COLUMNS,
            export_format=export_format,
            filename="opgaver",
        )
    page = _page(request, tasks)
    return render(
        request,
        "mapping/stakeholders/task_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [_task_row(task, request.user, today) for task in page.object_list],
        },
    )


@role_required(STAFF)
@require_POST
def task_done(request, pk):
    task = get_object_or_404(Task, pk=pk)
    if not services.task_may_complete(task=task, user=request.user):
        raise PermissionDenied
    services.task_done(task=task, by=request.user)
    messages.success(request, _("“%(title)s” is done.") % {"title": task.title})
    return redirect(_back(request, reverse("mapping:task-list")))


# The potential


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
    (gettext_lazy("By"), lambda row: row["potential"] and row["potential"].next_step_on),
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
        )
    page = _page(request, organisations)
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
    organisation = _organisation(request, pk)
    potential = selectors.potential_of(organisation) or Potential(organisation=organisation)
    form = PotentialForm(request.POST or None, instance=potential)
    if request.method == "POST" and form.is_valid():
        services.potential_save(form=form, organisation=organisation, by=request.user)
        messages.success(request, _("The potential was saved."))
        return redirect(organisation)
    return render(
        request,
        "mapping/stakeholders/potential_form.html",
        {"form": form, "organisation": organisation, "potential": potential},
    )


# Contacts


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
            contacts, CONTACT_COLUMNS, export_format=export_format, filename="kontakter"
        )
    page = _page(request, contacts)
    return render(
        request,
        "mapping/stakeholders/contact_list.html",
        {"filter": filterset, "page": page, "contacts": list(page.object_list)},
    )


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
    all_interactions = selectors.interactions_of(organisation=organisation)
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
        "tasks": [_task_row(task, user, today) for task in tasks],
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
    path(
        "mapping/organisations/<int:pk>/interactions/",
        interaction_list,
        name="interaction-list",
    ),
    path(
        "mapping/organisations/<int:pk>/interactions/new/",
        interaction_create,
        name="interaction-create",
    ),
    path("mapping/tasks/", task_list, name="task-list"),
    path("mapping/tasks/<int:pk>/done/", task_done, name="task-done"),
    path("mapping/potentials/", potential_list, name="potential-list"),
    path("mapping/organisations/<int:pk>/potential/", potential_edit, name="potential-edit"),
    path("mapping/contacts/", contact_list, name="contact-list"),
]
