"""Drafting the parts of a strategy: focus areas, goals and actions (add, edit, delete), with
the conflict page that keeps a person's work when someone else saved the same part first.

Only the programme's staff draft. A strategy that is no longer a draft is locked: every view
here answers 403 with a page that says so. Steering group members never see drafts.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mapping.models import Feedback
from portal.access import STAFF, role_required
from strategy.forms.drafting import (
    REVISION,
    ActionForm,
    DeleteForm,
    FocusAreaForm,
    GoalForm,
    conflict_differences,
)
from strategy.models import Action, FocusArea, Goal, Strategy
from strategy.selectors import drafting as selectors
from strategy.services import drafting as services
from strategy.services.drafting import EditConflict, PartGone, StrategyLocked

FORM_TEMPLATE = "strategy/drafting/part_form.html"
DELETE_TEMPLATE = "strategy/drafting/part_delete.html"


# --- Shared by the drafting views ------------------------------------------------------


def locked_page(request, strategy):
    """The answer to an edit of a strategy that is no longer a draft: 403, and why."""
    return render(request, "strategy/drafting/locked.html", {"strategy": strategy}, status=403)


def draft_url(strategy, anchor=""):
    url = reverse("strategy:strategy-detail", args=[strategy.pk])
    return f"{url}#{anchor}" if anchor else url


def edit_page(request, *, strategy, make_form, instance, save, context, success, gone=None):
    """A part's form: GET shows it, POST saves it through `save(form)`.

    When someone saved the part since this person loaded it, the form comes back bound to
    this person's own values (nothing lost), with what the other person saved beside it and
    the current revision in its hidden field: submitting it again saves mine anyway, and
    "keep theirs" goes back to the draft. When the part was deleted before it could be
    saved, `gone()` answers (the deleted page).
    """
    if not strategy.is_editable:
        return locked_page(request, strategy)
    form = make_form(request.POST if request.method == "POST" else None, instance)
    conflict = rows = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except StrategyLocked:
            return locked_page(request, strategy)
        except PartGone:
            return gone()
        except EditConflict as error:
            conflict, rows = error, conflict_differences(form, error.current)
            data = request.POST.copy()
            data[REVISION] = str(error.current.revision)
            form = make_form(data, error.current)
        else:
            messages.success(request, success(saved))
            return redirect(draft_url(strategy, f"{saved._meta.model_name}-{saved.pk}"))
    return render(
        request,
        FORM_TEMPLATE,
        {
            "strategy": strategy,
            "form": form,
            "conflict": conflict,
            "differences": rows,
            "cancel_url": draft_url(strategy),
            **context,
        },
    )


def deleted_page(request, model, pk, recreate):
    """The part at `pk` no longer exists. A GET is told so (404). A POST from someone who
    was editing it when another person deleted it gets the submitted values back in the
    form, to save as a new part or leave: nothing they wrote is lost.

    `recreate(record)` gives (strategy, form, create URL) from the part's last history
    record, or None when what it belonged to is gone too.
    """
    record = (
        model.history.filter(id=pk, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    found = recreate(record) if record is not None and request.method == "POST" else None
    if found is None:
        raise Http404
    strategy, form, create_url = found
    if not strategy.is_editable:
        return locked_page(request, strategy)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "strategy": strategy,
            "form": form,
            "deleted": record,
            "form_action": create_url,
            "cancel_url": draft_url(strategy),
            "heading": _("“%(title)s” was deleted") % {"title": record.title},
            "wide": model is Action,
        },
    )


def _recreate_focus_area(request):
    def recreate(record):
        strategy = Strategy.objects.filter(pk=record.strategy_id).first()
        if strategy is None:
            return None
        form = FocusAreaForm(request.POST, instance=FocusArea(strategy=strategy))
        return strategy, form, reverse("strategy:focus-area-create", args=[strategy.pk])

    return recreate


def _recreate_goal(request):
    def recreate(record):
        area = FocusArea.objects.select_related("strategy").filter(pk=record.focus_area_id).first()
        if area is None:
            return None
        form = GoalForm(request.POST, instance=Goal(focus_area=area))
        return area.strategy, form, reverse("strategy:goal-create", args=[area.pk])

    return recreate


def _recreate_action(request):
    def recreate(record):
        strategy = Strategy.objects.filter(pk=record.strategy_id).first()
        if strategy is None:
            return None
        form = ActionForm(request.POST, instance=Action(strategy=strategy), strategy=strategy)
        return strategy, form, reverse("strategy:action-create", args=[strategy.pk])

    return recreate


def delete_page(request, *, strategy, part, delete, context, blockers=0):
    """Confirm, then delete through `delete(revision)`; a part that someone changed since the
    page was loaded is shown as it is now, to delete anyway or keep."""
    if not strategy.is_editable:
        return locked_page(request, strategy)
    form = DeleteForm(request.POST or None, initial={REVISION: part.revision})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            delete(form.cleaned_data[REVISION])
        except StrategyLocked:
            return locked_page(request, strategy)
        except PartGone:
            messages.info(request, _("Someone else deleted it already."))
            return redirect(draft_url(strategy))
        except EditConflict as error:
            conflict, part = error, error.current
            form = DeleteForm(initial={REVISION: part.revision})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(draft_url(strategy))
        else:
            messages.success(request, _("“%(title)s” was deleted.") % {"title": part.title})
            return redirect(draft_url(strategy))
    return render(
        request,
        DELETE_TEMPLATE,
        {
            "strategy": strategy,
            "part": part,
            "form": form,
            "conflict": conflict,
            "blockers": blockers,
            "cancel_url": draft_url(strategy),
            **context,
        },
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
            focus_area=form.instance, by=request.user, revision=form.revision
        ),
        context={"heading": _("New focus area") if adding else _("Edit focus area")},
        gone=gone,
        success=lambda saved: _("The focus area “%(title)s” was saved.") % {"title": saved},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def focus_area_create(request, pk):
    strategy = selectors.strategy_get(pk=pk)
    return _focus_area_form(request, strategy, FocusArea(strategy=strategy))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def focus_area_edit(request, pk):
    gone = partial(deleted_page, request, FocusArea, pk, _recreate_focus_area(request))
    try:
        focus_area = selectors.focus_area_get(pk=pk)
    except Http404:
        return gone()
    return _focus_area_form(request, focus_area.strategy, focus_area, gone=gone)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def focus_area_delete(request, pk):
    focus_area = selectors.focus_area_get(pk=pk)
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
            goal=form.instance, by=request.user, revision=form.revision
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
    focus_area = selectors.focus_area_get(pk=pk)
    return _goal_form(request, Goal(focus_area=focus_area))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    gone = partial(deleted_page, request, Goal, pk, _recreate_goal(request))
    try:
        goal = selectors.goal_get(pk=pk)
    except Http404:
        return gone()
    return _goal_form(request, goal, gone=gone)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def goal_delete(request, pk):
    goal = selectors.goal_get(pk=pk)
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
            action=form.instance,
            by=request.user,
            revision=form.revision,
            relations=form.relations(),
        ),
        context={"heading": _("New action") if adding else _("Edit action"), "wide": True},
        success=lambda saved: _("The action “%(title)s” was saved.") % {"title": saved},
        gone=gone,
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def action_create(request, pk):
    strategy = selectors.strategy_get(pk=pk)
    return _action_form(request, strategy, Action(strategy=strategy))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    gone = partial(deleted_page, request, Action, pk, _recreate_action(request))
    try:
        action = selectors.action_get(pk=pk)
    except Http404:
        return gone()
    return _action_form(request, action.strategy, action, gone=gone)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def action_delete(request, pk):
    action = selectors.action_get(pk=pk)
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
    action = selectors.action_get(pk=pk)
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
