"""The public page of the plan in force, for everyone (no login): the strategy, its focus
areas and goals, and each action's progress. Never the staff's internal notes, never a
person's name (see `selectors.progress.public_owner`)."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from strategy.selectors import progress as selectors


@require_safe
def public_plan(request):
    """The plan in force, or a friendly page when the city council has adopted none yet."""
    plan = selectors.public_plan()
    return render(request, "strategy/public/plan.html", {"plan": plan})


@require_safe
def public_action(request, pk):
    """One action of the plan in force with its progress over time; 404 for any other."""
    action = selectors.public_action(pk=pk)
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
    path("strategy/plan/actions/<int:pk>/", public_action, name="public-action"),
]
