"""Drafting the strategy and action plan: the list of strategies, a new one, the draft page
(vision, focus areas, goals, actions, their budgets, and what in the mapping no action
answers yet), the strategy's own fields, and its versions with the comparison of any two.

The parts (focus areas, goals, actions) are in `strategy.views.actions`, whose URLs are
added to this module's. Only the programme's staff draft; a strategy that is no longer a
draft is shown read-only and every edit answers 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import refusals
from portal.access import STAFF, role_required
from portal.forms import model_values
from strategy import diff
from strategy.forms.drafting import CompareForm, StrategyForm
from strategy.selectors import drafting as selectors
from strategy.selectors.in_force import status_of, with_status
from strategy.services import council as council_services
from strategy.services import drafting as services
from strategy.views import actions
from strategy.views.editing import draft_url, edit_page


@role_required(STAFF)
@require_safe
def strategy_list(request):
    return render(
        request,
        "strategy/drafting/strategy_list.html",
        {"strategies": with_status(list(selectors.strategy_list()))},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def strategy_create(request):
    form = StrategyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.strategy_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(
                request, _("The strategy “%(title)s” was created.") % {"title": strategy}
            )
            return redirect(strategy)
    return render(request, "strategy/drafting/strategy_form.html", {"form": form})


@role_required(STAFF)
@require_safe
def strategy_detail(request, pk):
    """The draft page: everything of the plan on one page, and what it does not answer yet."""
    strategy = selectors.strategy_get_for_user(user=request.user, pk=pk)
    versions = selectors.version_list(strategy=strategy)
    return render(
        request,
        "strategy/drafting/strategy_detail.html",
        {
            "strategy": strategy,
            "editable": strategy.is_editable,
            "status": status_of(strategy),
            "decision": council_services.decision_of(strategy),
            "draft": selectors.draft(strategy=strategy),
            "coverage": selectors.coverage(strategy=strategy),
            "latest_version": versions.first(),
            "version_count": versions.count(),
        },
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def strategy_edit(request, pk):
    strategy = selectors.strategy_get_for_user(user=request.user, pk=pk, for_change=True)
    return edit_page(
        request,
        strategy=strategy,
        # A row of its own: the form writes the submitted values into its instance.
        make_form=lambda data, instance: StrategyForm(data, instance=instance),
        instance=selectors.strategy_get_for_user(user=request.user, pk=pk, for_change=True),
        save=lambda form: services.strategy_update(
            strategy=strategy, by=request.user, revision=form.revision, **model_values(form)
        ),
        context={"heading": _("Edit title, vision and period")},
        success=lambda saved: _("The strategy “%(title)s” was saved.") % {"title": saved},
    )


# --- Versions --------------------------------------------------------------------------


@role_required(STAFF)
@require_safe
def version_list(request, pk):
    strategy = selectors.strategy_get_for_user(user=request.user, pk=pk)
    versions = list(selectors.version_list(strategy=strategy))
    numbers = [version.number for version in versions]
    initial = {"b": numbers[0], "a": numbers[1]} if len(numbers) > 1 else {}
    return render(
        request,
        "strategy/drafting/version_list.html",
        {
            "strategy": strategy,
            "versions": versions,
            "form": CompareForm(numbers=numbers, initial=initial),
        },
    )


@role_required(STAFF)
@require_safe
def version_compare(request, pk):
    """What changed from one version to another (?a=<number>&b=<number>), the older first."""
    strategy = selectors.strategy_get_for_user(user=request.user, pk=pk)
    versions = {version.number: version for version in selectors.version_list(strategy=strategy)}
    form = CompareForm(request.GET or None, numbers=sorted(versions, reverse=True))
    comparison = old = new = None
    if form.is_valid():
        old, new = sorted(
            (versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]),
            key=lambda version: version.number,
        )
        comparison = diff.compare(old.snapshot, new.snapshot)
    return render(
        request,
        "strategy/drafting/compare.html",
        {
            "strategy": strategy,
            "form": form,
            "comparison": comparison,
            "old": old,
            "new": new,
            "draft_url": draft_url(strategy),
        },
        status=400 if form.is_bound and comparison is None else 200,
    )


urlpatterns = [
    path("strategy/", strategy_list, name="strategy-list"),
    path("strategy/new/", strategy_create, name="strategy-create"),
    path("strategy/<int:pk>/", strategy_detail, name="strategy-detail"),
    path("strategy/<int:pk>/edit/", strategy_edit, name="strategy-edit"),
    path("strategy/<int:pk>/versions/", version_list, name="version-list"),
    path("strategy/<int:pk>/versions/compare/", version_compare, name="version-compare"),
] + actions.urlpatterns
