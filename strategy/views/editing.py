"""The editing machinery the drafting views share: a part's form with the conflict page that
keeps a person's work when someone else saved the same part first, the page for a part
deleted meanwhile, the delete confirmation, and the page that says a plan is locked.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import refusals
from strategy.forms.drafting import (
    REVISION,
    ActionForm,
    DeleteForm,
    FocusAreaForm,
    GoalForm,
    conflict_differences,
)
from strategy.models import Action, FocusArea, Goal
from strategy.selectors.drafting import (
    deletion_get_for_user,
    focus_area_get_for_user,
    strategy_get_for_user,
)
from strategy.services.drafting import EditConflict, PartGone, StrategyLocked, Unchanged

FORM_TEMPLATE = "strategy/drafting/part_form.html"
DELETE_TEMPLATE = "strategy/drafting/part_delete.html"


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
        except Unchanged as unchanged:
            messages.info(request, _("Nothing was changed, so no new version was saved."))
            current = unchanged.current
            return redirect(draft_url(strategy, f"{current._meta.model_name}-{current.pk}"))
        except EditConflict as error:
            conflict, rows = error, conflict_differences(form, error.current)
            data = request.POST.copy()
            data[REVISION] = str(error.current.revision)
            form = make_form(data, error.current)
        except ValidationError as error:
            refusals.on_form(form, error)
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
    record = deletion_get_for_user(user=request.user, model=model, pk=pk)
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


def _still_there(fetch):
    """The part a deleted one belonged to (`fetch()`), to put it back into, or None when it
    is gone too."""
    try:
        return fetch()
    except Http404:
        return None


def recreate_focus_area(request):
    def recreate(record):
        strategy = _still_there(
            lambda: strategy_get_for_user(user=request.user, pk=record.strategy_id, for_change=True)
        )
        if strategy is None:
            return None
        form = FocusAreaForm(request.POST, instance=FocusArea(strategy=strategy))
        return strategy, form, reverse("strategy:focus-area-create", args=[strategy.pk])

    return recreate


def recreate_goal(request):
    def recreate(record):
        area = _still_there(
            lambda: focus_area_get_for_user(
                user=request.user, pk=record.focus_area_id, for_change=True
            )
        )
        if area is None:
            return None
        form = GoalForm(request.POST, instance=Goal(focus_area=area))
        return area.strategy, form, reverse("strategy:goal-create", args=[area.pk])

    return recreate


def recreate_action(request):
    def recreate(record):
        strategy = _still_there(
            lambda: strategy_get_for_user(user=request.user, pk=record.strategy_id, for_change=True)
        )
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
            refusals.as_message(request, error)
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
