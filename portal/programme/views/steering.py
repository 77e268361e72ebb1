"""The steering group: its members, the decisions it has made and their follow-up tasks.

The project leader manages the group and corrects its decisions and tasks; consultants and
the steering group's members read it; a consultant marks their own tasks done (a steering
group member changes nothing: the project leader marks their tasks done). Enterprise users
see none of it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import refusals
from portal.access import PROJECT_LEADER, STAFF, role_required
from portal.concurrency import edit_is_current
from portal.followup import views as followup_views
from portal.forms import model_values
from portal.models import User
from portal.programme.forms.steering import MemberForm
from portal.programme.selectors import steering as selectors
from portal.programme.services import steering as services

# Those who follow the steering group's work: they read meetings, decisions and tasks.
STEERING_READERS = (User.Role.PROJECT_LEADER, User.Role.CONSULTANT, User.Role.STEERING_GROUP)


# Members


@role_required(STEERING_READERS)
@require_safe
def member_list(request):
    return render(
        request, "programme/steering/member_list.html", {"members": selectors.member_list()}
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def member_create(request):
    return _member_form_page(request, MemberForm(request.POST or None), member=None)


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = selectors.member_get_for_user(user=request.user, pk=pk, for_change=True)
    return _member_form_page(request, MemberForm(request.POST or None, instance=member), member)


def _member_form_page(request, form, member):
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    member = services.member_save(member=member, **model_values(form))
                    messages.success(request, _("%(name)s was saved.") % {"name": member.name})
                    return redirect("programme:member-list")
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "programme/steering/member_form.html", {"form": form, "member": member})


# Decisions and follow-up tasks


@role_required(STEERING_READERS)
@require_safe
def decision_list(request):
    today = timezone.localdate()
    decisions = selectors.decision_list()
    rows = [
        {
            "decision": decision,
            "tasks": [
                selectors.task_row(task, user=request.user, today=today)
                for task in decision.tasks.all()
            ],
        }
        for decision in decisions
    ]
    return render(
        request,
        "programme/steering/decision_list.html",
        {"rows": rows, "may_change": request.user.is_project_leader},
    )


@role_required(STEERING_READERS)
@require_safe
def task_list(request):
    filterset, tasks = selectors.task_list(user=request.user, params=request.GET, request=request)
    today = timezone.localdate()
    rows = [selectors.task_row(task, user=request.user, today=today) for task in tasks]
    return render(request, "programme/steering/task_list.html", {"filter": filterset, "rows": rows})


@role_required(STAFF)
@require_POST
def task_done(request, pk):
    task = selectors.task_get_for_user(user=request.user, pk=pk)
    return followup_views.done(request, task, default=reverse("programme:task-list"))


urlpatterns = [
    path("steering/members/", member_list, name="member-list"),
    path("steering/members/new/", member_create, name="member-create"),
    path("steering/members/<int:pk>/edit/", member_edit, name="member-edit"),
    path("steering/decisions/", decision_list, name="decision-list"),
    path("steering/tasks/", task_list, name="task-list"),
    path("steering/tasks/<int:pk>/done/", task_done, name="task-done"),
]
