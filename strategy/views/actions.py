"""Drafting the parts of a strategy: focus areas, goals and actions (add, edit, delete). The
conflict page, the deleted page and the delete confirmation they share are in
`strategy.views.editing`.

Only the programme's staff draft. A strategy that is no longer a draft is locked: every view
here answers 403 with a page that says so. Steering group members never see drafts.
"""

from functools import partial

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mapping.models import Feedback
from portal.access import STAFF, role_required
from portal.forms import model_values
from strategy.forms.drafting import ActionForm, FocusAreaForm, GoalForm
from strategy.models import Action, FocusArea, Goal
from strategy.selectors import drafting as selectors
from strategy.services import drafting as services
from strategy.views.editing import (
    delete_page,
    deleted_page,
    edit_page,
    recreate_action,
    recreate_focus_area,
    recreate_goal,
)

# --- Focus areas and goals -------------------------------------------------------------


def _focus_area_form(request, strategy, focus_area, gone=None):
    adding = focus_area.pk is None
    return edit_page(
        request,
        strategy=strategy,
        make_form=lambda data, instance: FocusAreaForm(
            data,
            instance=instance,
            initial={"position": selectors.next_position(strategy.focus_areas.all())}
            if adding
            else None,
        ),
        instance=focus_area,
        save=lambda form: services.focus_area_save(
            focus_area=None if adding else focus_area,
            strategy=strategy,
            by=request.user,
            revision=form.revision,
            **model_values(form),
        ),
        context={"heading": _("New focus area") if adding else _("Edit focus area")},
        gone=gone,
        success=lambda saved: _("The focus area “%(title)s” was saved.") % {"title": saved},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def focus_area_create(request, pk):
    strategy = selectors.strategy_get_for_user(user=request.user, pk=pk, for_change=True)
    return _focus_area_form(request, strategy, FocusArea(strategy=strategy))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def focus_area_edit(request, pk):
    gone = partial(deleted_page, request, FocusArea, pk, recreate_focus_area(request))
    try:
        focus_area = selectors.focus_area_get_for_user(user=request.user, pk=pk, for_change=True)
    except Http404:
        return gone()
    return _focus_area_form(request, focus_area.strategy, focus_area, gone=gone)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def focus_area_delete(request, pk):
    focus_area = selectors.focus_area_get_for_user(user=request.user, pk=pk, for_change=True)
    return delete_page(
        request,
        strategy=focus_area.strategy,
        part=focus_area,
        delete=lambda revision: services.focus_area_delete(
            focus_area=focus_area, by=request.user, revision=revision
        ),
        context={"heading": _("Delete focus area")},
        blockers=focus_area.actions.count(),
    )


def _goal_form(request, goal, gone=None):
    adding = goal.pk is None
    return edit_page(
        request,
        strategy=goal.focus_area.strategy,
        make_form=lambda data, instance: GoalForm(
            data,
            instance=instance,
            initial={"position": selectors.next_position(goal.focus_area.goals.all())}
            if adding
            else None,
        ),
        instance=goal,
        save=lambda form: services.goal_save(
            goal=None if adding else goal,
            focus_area=goal.focus_area,
            by=request.user,
            revision=form.revision,
            **model_values(form),
        ),
        context={
            "heading": _("New goal") if adding else _("Edit goal"),
            "focus_area": goal.focus_area,
        },
        success=lambda saved: _("The goal “%(title)s” was saved.") % {"title": saved},
        gone=gone,
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def goal_create(request, pk):
    focus_area = selectors.focus_area_get_for_user(user=request.user, pk=pk, for_change=True)
    return _goal_form(request, Goal(focus_area=focus_area))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    gone = partial(deleted_page, request, Goal, pk, recreate_goal(request))
    try:
        goal = selectors.goal_get_for_user(user=request.user, pk=pk, for_change=True)
    except Http404:
        return gone()
    return _goal_form(request, goal, gone=gone)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def goal_delete(request, pk):
    goal = selectors.goal_get_for_user(user=request.user, pk=pk, for_change=True)
    return delete_page(
        request,
        strategy=goal.focus_area.strategy,
        part=goal,
        delete=lambda revision: services.goal_delete(goal=goal, by=request.user, revision=revision),
        context={"heading": _("Delete goal"), "focus_area": goal.focus_area},
        blockers=goal.actions.count(),
    )


# --- Actions ---------------------------------------------------------------------------


def _action_form(request, strategy, action, gone=None):
    adding = action.pk is None
    initial = {}
    if adding:
        initial["position"] = selectors.next_position(strategy.actions.all())
        chosen = request.GET.get("focus_area", "")
        if chosen.isdigit():
            initial["focus_area"] = int(chosen)
    return edit_page(
        request,
        strategy=strategy,
        make_form=lambda data, instance: ActionForm(
            data, instance=instance, strategy=strategy, initial=initial
        ),
        instance=action,
        save=lambda form: services.action_save(
            action=None if adding else action,
            strategy=strategy,
            by=request.user,
            revision=form.revision,
            **model_values(form),
        ),
        context={"heading": _("New action") if adding else _("Edit action"), "wide": True},
        success=lambda saved: _("The action “%(title)s” was saved.") % {"title": saved},
        gone=gone,
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def action_create(request, pk):
    strategy = selectors.strategy_get_for_user(user=request.user, pk=pk, for_change=True)
    return _action_form(request, strategy, Action(strategy=strategy))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    gone = partial(deleted_page, request, Action, pk, recreate_action(request))
    try:
        action = selectors.action_get_for_user(user=request.user, pk=pk, for_change=True)
    except Http404:
        return gone()
    return _action_form(request, action.strategy, action, gone=gone)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def action_delete(request, pk):
    action = selectors.action_get_for_user(user=request.user, pk=pk, for_change=True)
    return delete_page(
        request,
        strategy=action.strategy,
        part=action,
        delete=lambda revision: services.action_delete(
            action=action, by=request.user, revision=revision
        ),
        context={"heading": _("Delete action")},
    )


@role_required(STAFF)
@require_safe
def action_detail(request, pk):
    action = selectors.action_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "strategy/drafting/action_detail.html",
        {
            "action": action,
            "strategy": action.strategy,
            "partners": list(action.partners.all()),
            "organisations": list(action.organisations.all()),
            "feedback": list(action.feedback.all()),
            "themes": [
                label for code, label in Feedback.Theme.choices if code in action.feedback_themes
            ],
            "interplay_ideas": list(action.interplay_ideas.all()),
            "potentials": list(action.potentials.all()),
        },
    )


urlpatterns = [
    path("strategy/<int:pk>/focus-areas/new/", focus_area_create, name="focus-area-create"),
    path("strategy/focus-areas/<int:pk>/edit/", focus_area_edit, name="focus-area-edit"),
    path("strategy/focus-areas/<int:pk>/delete/", focus_area_delete, name="focus-area-delete"),
    path("strategy/focus-areas/<int:pk>/goals/new/", goal_create, name="goal-create"),
    path("strategy/goals/<int:pk>/edit/", goal_edit, name="goal-edit"),
    path("strategy/goals/<int:pk>/delete/", goal_delete, name="goal-delete"),
    path("strategy/<int:pk>/actions/new/", action_create, name="action-create"),
    path("strategy/actions/<int:pk>/", action_detail, name="action-detail"),
    path("strategy/actions/<int:pk>/edit/", action_edit, name="action-edit"),
    path("strategy/actions/<int:pk>/delete/", action_delete, name="action-delete"),
]
