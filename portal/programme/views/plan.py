"""The programme plan: phases and activities with their estimates and computed totals, the
timeline, and the plan's change history.

The project leader changes the plan, always with a reason; consultants and the steering
group read it; enterprise users see none of it (403).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import refusals
from portal.access import PROJECT_LEADER, STAFF, role_required
from portal.concurrency import edit_is_current
from portal.models import User
from portal.programme import timeline
from portal.programme.forms.plan import ActivityDeleteForm, ActivityForm, PhaseForm
from portal.programme.models import Activity, Phase
from portal.programme.selectors import budget as budget_selectors
from portal.programme.selectors import plan as selectors
from portal.programme.services import plan as services

# Those who read the plan and its budget: the staff and the steering group.
READERS = (*STAFF, User.Role.STEERING_GROUP)
CHANGES_PAGE_SIZE = 50


@role_required(READERS)
@require_safe
def programme_home(request):
    overview = selectors.plan_overview()
    return render(
        request,
        "programme/plan/home.html",
        {
            **overview,
            "timeline": timeline.build(
                phases=overview["phases"], meetings=selectors.steering_meetings()
            ),
            "may_edit": request.user.is_project_leader,
        },
    )


@role_required(READERS)
@require_safe
def phase_detail(request, pk):
    phase = selectors.phase_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "programme/plan/phase_detail.html",
        {
            "phase": phase,
            **budget_selectors.phase_budget(phase=phase),
            "history": selectors.phase_history(phase=phase),
            "may_edit": request.user.is_project_leader,
        },
    )


def _phase_form(request, phase):
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if edit_is_current(form, request=request):
                fields = {name: form.cleaned_data[name] for name in PhaseForm.Meta.fields}
                reason = form.cleaned_data["reason"]
                try:
                    if phase.pk:
                        phase, changed = services.phase_update(
                            phase=phase, by=request.user, reason=reason, **fields
                        )
                    else:
                        phase, changed = (
                            services.phase_create(by=request.user, reason=reason, **fields),
                            True,
                        )
                except ValidationError as error:
                    refusals.on_form(form, error)
                else:
                    if changed:
                        messages.success(request, _("%(phase)s was saved.") % {"phase": phase})
                    else:
                        messages.info(request, _("Nothing was changed."))
                    return redirect(phase)
    return render(
        request,
        "programme/plan/phase_form.html",
        {"form": form, "phase": phase if phase.pk else None},
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def phase_create(request):
    return _phase_form(request, Phase())


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def phase_edit(request, pk):
    return _phase_form(
        request, selectors.phase_get_for_user(user=request.user, pk=pk, for_change=True)
    )


@role_required(READERS)
@require_safe
def activity_detail(request, pk):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "programme/plan/activity_detail.html",
        {
            "activity": activity,
            **budget_selectors.activity_time(activity=activity, user=request.user),
            "history": selectors.activity_history(activity=activity),
            "may_edit": request.user.is_project_leader,
        },
    )


def _activity_form(request, activity):
    initial = {}
    chosen = request.GET.get("phase", "")
    if activity.pk is None and chosen.isdigit():
        try:
            phase = selectors.phase_get_for_user(user=request.user, pk=chosen)
        except Http404:
            phase = None  # gone meanwhile: the form starts without one
        if phase:
            initial = {
                "phase": phase,
                "planned_start": phase.starts_on,
                "planned_end": phase.ends_on,
            }
    if activity.pk is None:
        initial.setdefault("responsible", request.user)
    form = ActivityForm(request.POST or None, instance=activity, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if edit_is_current(form, request=request):
                fields = {name: form.cleaned_data[name] for name in ActivityForm.Meta.fields}
                reason = form.cleaned_data["reason"]
                try:
                    if activity.pk:
                        activity, changed = services.activity_update(
                            activity=activity, by=request.user, reason=reason, **fields
                        )
                    else:
                        activity = services.activity_create(
                            by=request.user, reason=reason, **fields
                        )
                        changed = True
                except ValidationError as error:
                    refusals.on_form(form, error)
                else:
                    if changed:
                        messages.success(
                            request, _("The activity “%(name)s” was saved.") % {"name": activity}
                        )
                    else:
                        messages.info(request, _("Nothing was changed."))
                    return redirect(activity)
    return render(
        request,
        "programme/plan/activity_form.html",
        {"form": form, "activity": activity if activity.pk else None},
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def activity_create(request):
    return _activity_form(request, Activity())


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    return _activity_form(
        request, selectors.activity_get_for_user(user=request.user, pk=pk, for_change=True)
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def activity_delete(request, pk):
    activity = selectors.activity_get_for_user(user=request.user, pk=pk, for_change=True)
    form = ActivityDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_delete(
                activity=activity, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(
                request,
                _("The activity “%(name)s” was removed from the plan.") % {"name": activity},
            )
            return redirect("programme:home")
    return render(
        request,
        "programme/plan/activity_delete.html",
        {"form": form, "activity": activity, "has_time": activity.time_entries.exists()},
    )


@role_required(READERS)
@require_safe
def plan_changes(request):
    """Every change to the plan: who, when, what (old → new) and why."""
    page = Paginator(selectors.plan_changes(), CHANGES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "programme/plan/changes.html", {"page": page, "entries": page.object_list}
    )


urlpatterns = [
    path("", programme_home, name="home"),
    path("changes/", plan_changes, name="plan-changes"),
    path("phases/new/", phase_create, name="phase-create"),
    path("phases/<int:pk>/", phase_detail, name="phase-detail"),
    path("phases/<int:pk>/edit/", phase_edit, name="phase-edit"),
    path("activities/new/", activity_create, name="activity-create"),
    path("activities/<int:pk>/", activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", activity_edit, name="activity-edit"),
    path("activities/<int:pk>/delete/", activity_delete, name="activity-delete"),
]
