"""The interaction log of an organisation and the follow-up tasks it leads to: staff only."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from mapping.forms.stakeholders import InteractionForm
from mapping.models import Task
from mapping.selectors import interactions as selectors
from mapping.selectors import organisation_get_for_user
from mapping.selectors.stakeholders import contacts_for_interaction
from mapping.services import stakeholders as services
from portal import refusals
from portal.access import STAFF, role_required
from portal.export import export_response, requested_format
from portal.followup import views as followup_views

# Here rather than in stakeholders.py, which imports from this module: marking a task done and
# removing a relation are both small POST forms on an organisation's page.
# The interaction log


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def interaction_create(request, pk):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    form = InteractionForm(request.POST or None, organisation=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _interaction, task = services.interaction_log(
                organisation=organisation, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            refusals.on_form(form, error)
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
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    contacts = list(contacts_for_interaction(organisation=organisation))
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
            title=_("Interactions with %(name)s") % {"name": organisation.name},
        )
    page = Paginator(interactions, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
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


def task_row(task, user, today):
    return {
        "task": task,
        "state": task.state(today),
        "state_label": Task.State(task.state(today)).label,
        "may_complete": task.done_at is None and task.may_complete(user),
    }


TASK_COLUMNS = [
    (gettext_lazy("Task"), lambda row: row["task"].title),
    (gettext_lazy("Organisation"), lambda row: row["task"].organisation),
    (gettext_lazy("Owner"), lambda row: str(row["task"].owner)),
    (gettext_lazy("Deadline"), lambda row: row["task"].due_on),
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
            [task_row(task, request.user, today) for task in tasks],
            TASK_COLUMNS,
            export_format=export_format,
            filename="opgaver",
            title=gettext_lazy("Tasks"),
        )
    page = Paginator(tasks, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mapping/stakeholders/task_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": [task_row(task, request.user, today) for task in page.object_list],
        },
    )


@role_required(STAFF)
@require_POST
def task_done(request, pk):
    task = selectors.task_get_for_user(user=request.user, pk=pk, for_change=True)
    return followup_views.done(request, task, default=reverse("mapping:task-list"))


urlpatterns = [
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
]
