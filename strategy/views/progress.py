"""The adopted plan in action, for the programme's staff (and the steering group, who read):
progress updates per action, the overview, the timeline, the stale list and the export.

Who sees what: the staff record progress and see every plan; steering group members read the
overview and timeline of a plan that was adopted (in force or replaced), and are told nothing
about others (404); enterprise users see only the public page (403 here).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import refusals
from portal.access import STAFF, role_required
from portal.models import User
from strategy import exports
from strategy.forms.progress import OverviewFilterForm, ProgressUpdateForm
from strategy.selectors import progress as selectors
from strategy.selectors.drafting import strategy_get_for_user
from strategy.selectors.in_force import status_of
from strategy.services.progress import not_in_force_message, progress_add

READERS = (*STAFF, User.Role.STEERING_GROUP)


def _strategy_for(user, pk):
    """The strategy `user` may follow: any for the staff, an adopted one for the steering
    group (404 for the rest, as for a strategy that does not exist)."""
    return strategy_get_for_user(user=user, pk=pk)


# --- Progress of one action ------------------------------------------------------------


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def progress_update_add(request, pk):
    """The action's progress over time; a new update for an action of the plan in force."""
    action = selectors.action_progress_get_for_user(user=request.user, pk=pk, for_change=True)
    plan_status = status_of(action.strategy)
    in_force = plan_status.in_force  # progress only on the plan in force (services.progress)
    form = ProgressUpdateForm(request.POST or None, action=action)
    status = 200
    if request.method == "POST":
        if not in_force:
            messages.error(request, not_in_force_message(action.strategy, status=plan_status))
            status = 400
        elif form.is_valid():
            try:
                progress_add(action=action, by=request.user, request=request, **form.cleaned_data)
            except ValidationError as error:
                refusals.on_form(form, error)
            else:
                messages.success(request, _("The progress update was saved."))
                return redirect("strategy:progress-add", pk=action.pk)
        if form.errors:
            status = 400
    return render(
        request,
        "strategy/progress/action_progress.html",
        {
            "action": action,
            "strategy": action.strategy,
            "in_force": in_force,
            "not_in_force": None
            if in_force
            else not_in_force_message(action.strategy, status=plan_status),
            "form": form if in_force else None,
            "updates": selectors.progress_history(action=action),
            "notices": selectors.notices_sent(action=action),
        },
        status=status,
    )


# --- The whole plan --------------------------------------------------------------------


@role_required(READERS)
@require_safe
def plan_overview(request, pk):
    """All actions by focus area with owner, state, progress and the late and stale flags."""
    strategy = _strategy_for(request.user, pk)
    form = OverviewFilterForm(request.GET or None, focus_areas=list(strategy.focus_areas.all()))
    overview = selectors.plan_overview(strategy=strategy, filters=form.filters())
    form.set_owner_choices(overview.owner_choices())
    return render(
        request,
        "strategy/progress/overview.html",
        {
            "strategy": strategy,
            "overview": overview,
            "form": form,
            "may_update": request.user.is_programme_staff,
            "stale_days": settings.STRATEGY_STALE_DAYS,
        },
    )


@role_required(READERS)
@require_safe
def plan_timeline(request, pk):
    """The actions from start to end on one time axis, today marked, with a table beside."""
    strategy = _strategy_for(request.user, pk)
    overview, timeline = selectors.plan_timeline(strategy=strategy)
    return render(
        request,
        "strategy/progress/timeline.html",
        {"strategy": strategy, "timeline": timeline, "overview": overview},
    )


@role_required(STAFF)
@require_safe
def plan_export(request, pk):
    """The action plan with its progress: ?format=xlsx or ?format=pdf."""
    strategy = _strategy_for(request.user, pk)
    export_format = request.GET.get("format") or request.GET.get("export")
    if export_format not in exports.FORMATS:
        return HttpResponseBadRequest(_("Choose the format: xlsx or pdf."))
    overview = selectors.plan_overview(strategy=strategy)
    if export_format == "xlsx":
        return exports.plan_xlsx_response(overview)
    return exports.plan_pdf_response(overview, request=request)


@role_required(STAFF)
@require_safe
def stale_list(request):
    """The stale actions of the plan in force, the viewer's own first."""
    strategy = selectors.plan_in_force()
    actions = selectors.stale_actions(strategy=strategy) if strategy else []
    actions.sort(key=lambda action: action.owner_person_id != request.user.pk)
    return render(
        request,
        "strategy/progress/stale_list.html",
        {"strategy": strategy, "actions": actions, "stale_days": settings.STRATEGY_STALE_DAYS},
    )


urlpatterns = [
    path("strategy/actions/<int:pk>/progress/", progress_update_add, name="progress-add"),
    path("strategy/<int:pk>/overview/", plan_overview, name="plan-overview"),
    path("strategy/<int:pk>/timeline/", plan_timeline, name="plan-timeline"),
    path("strategy/<int:pk>/export/", plan_export, name="plan-export"),
    path("strategy/stale/", stale_list, name="stale-list"),
]
