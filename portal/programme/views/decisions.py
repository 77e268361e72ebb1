"""Corrections to what the steering group decided: the project leader edits or removes a
decision, and edits, reopens or removes a follow-up task. Every correction is kept in the
history with who made it and when. Only the project leader: 403 for everyone else, 404 for
the project leader when the decision or task does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import refusals
from portal.access import PROJECT_LEADER, role_required
from portal.concurrency import edit_is_current
from portal.forms import model_values
from portal.programme.forms.steering import DecisionForm, TaskEditForm, TaskFormSet
from portal.programme.models import FollowUpTask
from portal.programme.selectors import steering as selectors
from portal.programme.services import steering as services
from portal.views import back_url


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk):
    """Correct a decision's text or agenda item, and add follow-up tasks it should have had."""
    decision = selectors.decision_get_for_user(user=request.user, pk=pk, for_change=True)
    meeting = decision.meeting
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, instance=decision, meeting=meeting)
    formset = TaskFormSet(
        data,
        instance=decision,
        queryset=FollowUpTask.objects.none(),
        meeting=meeting,
        prefix="tasks",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, formset, request=request):
                    services.decision_update(
                        decision=decision,
                        **model_values(form),
                        tasks=formset.new_rows(),
                        by=request.user,
                    )
                    messages.success(request, _("The decision was saved."))
                    return redirect(meeting)
        except ValidationError as error:
            refusals.on_form(form, error)
    today = timezone.localdate()
    return render(
        request,
        "programme/steering/decision_form.html",
        {
            "form": form,
            "formset": formset,
            "meeting": meeting,
            "decision": decision,
            "tasks": [
                selectors.task_row(task, user=request.user, today=today)
                for task in decision.tasks.select_related("owner")
            ],
            "history": selectors.decision_history(decision=decision),
        },
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def decision_delete(request, pk):
    """Ask, then remove a decision recorded by mistake, with its follow-up tasks."""
    decision = selectors.decision_get_for_user(user=request.user, pk=pk, for_change=True)
    meeting = decision.meeting
    if request.method == "POST":
        services.decision_delete(decision=decision, by=request.user)
        messages.success(request, _("The decision was removed."))
        return redirect(meeting)
    return render(
        request,
        "programme/steering/decision_delete.html",
        {"decision": decision, "meeting": meeting, "tasks": list(decision.tasks.all())},
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    """Correct a follow-up task: title, owner, deadline; done, or reopened."""
    task = selectors.task_get_for_user(user=request.user, pk=pk, for_change=True)
    meeting = task.decision.meeting
    form = TaskEditForm(request.POST or None, instance=task, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    task = services.task_update(
                        task=task,
                        **model_values(form),
                        done=form.cleaned_data["done"],
                        by=request.user,
                    )
                    messages.success(request, _("“%(title)s” was saved.") % {"title": task.title})
                    return redirect(back_url(request, meeting.get_absolute_url()))
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "programme/steering/task_form.html",
        {
            "form": form,
            "task": task,
            "meeting": meeting,
            "next": request.GET.get("next", ""),
            "history": selectors.task_history(task=task),
        },
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def task_delete(request, pk):
    """Ask, then remove a follow-up task given by mistake."""
    task = selectors.task_get_for_user(user=request.user, pk=pk, for_change=True)
    meeting = task.decision.meeting
    if request.method == "POST":
        services.task_delete(task=task, by=request.user)
        messages.success(request, _("“%(title)s” was removed.") % {"title": task.title})
        return redirect(meeting)
    return render(
        request, "programme/steering/task_delete.html", {"task": task, "meeting": meeting}
    )


urlpatterns = [
    path("steering/decisions/<int:pk>/edit/", decision_edit, name="decision-edit"),
    path("steering/decisions/<int:pk>/delete/", decision_delete, name="decision-delete"),
    path("steering/tasks/<int:pk>/edit/", task_edit, name="task-edit"),
    path("steering/tasks/<int:pk>/delete/", task_delete, name="task-delete"),
]
