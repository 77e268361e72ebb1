"""The public page of the plan in force, for everyone (no login): the strategy, its focus
areas and goals, and each action's progress. Never the staff's internal notes, never a
person's name (see `selectors.progress.public_owner`).

A plan the city council adopted for a later period is named on the page as "in force from"
its start date, with a page of its own; it takes the main page's place on that day (the
plan in force is computed from the periods, see `strategy.selectors.in_force`). With no plan
in force, the page shows the coming plan.
"""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from strategy.selectors import progress as selectors


@require_safe
def public_plan(request):
    """The plan in force, or a friendly page when the city council has adopted none yet."""
    today = timezone.localdate()
    in_force, shown, upcoming = selectors.public_plans(today=today)
    plan = None
    if shown is not None:
        plan = selectors.public_plan(strategy=shown, in_force=in_force, today=today)
    return render(request, "strategy/public/plan.html", {"plan": plan, "upcoming": upcoming})


@require_safe
def public_coming_plan(request, pk):
    """A plan adopted for a later period, before it comes into force; 404 for any other."""
    today = timezone.localdate()
    strategy = selectors.coming_plan_public_get(pk=pk, today=today)
    in_force = selectors.plan_in_force(today)
    plan = selectors.public_plan(strategy=strategy, in_force=in_force, today=today)
    return render(
        request,
        "strategy/public/plan.html",
        {"plan": plan, "upcoming": [], "link_in_force": in_force is not None},
    )


@require_safe
def public_action(request, pk):
    """One action of the plan in force (or of a coming plan) with its progress over time;
    404 for any other."""
    action = selectors.action_public_get(pk=pk)
    return render(
        request,
        "strategy/public/action.html",
        {
            "action": action,
            "strategy": action.strategy,
            "history": selectors.public_history(action=action),
        },
    )


urlpatterns = [
    path("strategy/plan/", public_plan, name="public-plan"),
    path("strategy/plan/coming/<int:pk>/", public_coming_plan, name="public-coming-plan"),
    path("strategy/plan/actions/<int:pk>/", public_action, name="public-action"),
]
