"""Reads of the draft: the strategies, one strategy's focus areas, goals and actions with
their totals, what in the mapping no action answers yet, and the versions."""

from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Prefetch
from django.shortcuts import get_object_or_404

from mapping.models import Feedback, Potential
from portal.collation import danish_order
from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion


def strategy_list():
    """Every strategy, newest first, with how many versions it has and when it was saved."""
    return (
        Strategy.objects.select_related("created_by")
        .annotate(version_count=Count("versions"), last_saved=Max("versions__saved_at"))
        .order_by("-created_at", "-pk")
    )


def strategy_get(*, pk):
    return get_object_or_404(Strategy, pk=pk)


def focus_area_get(*, pk):
    return get_object_or_404(FocusArea.objects.select_related("strategy"), pk=pk)


def goal_get(*, pk):
    return get_object_or_404(Goal.objects.select_related("focus_area__strategy"), pk=pk)


def action_get(*, pk):
    return get_object_or_404(
        Action.objects.select_related(
            "strategy", "focus_area", "goal", "owner_organisation", "owner_person"
        ).prefetch_related(
            "partners",
            "organisations",
            "feedback",
            "interplay_ideas__organisation",
            "interplay_ideas__department",
            "potentials__organisation",
        ),
        pk=pk,
    )


def next_position(queryset):
    """The number after the highest in `queryset` (1 for the first)."""
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _totals(actions):
    return {
        "budget": sum((action.budget for action in actions), Decimal("0")),
        "budget_hours": sum((action.budget_hours for action in actions), Decimal("0")),
        "count": len(actions),
    }


def draft(*, strategy):
    """The strategy's focus areas in order, each with its goals, its actions and the sums of
    their budgets, plus the plan's totals (always computed from the actions). Three queries."""
    areas = list(
        FocusArea.objects.filter(strategy=strategy)
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("position", "pk")))
        .order_by("position", "pk")
    )
    actions = list(
        Action.objects.filter(strategy=strategy)
        .select_related("goal", "owner_organisation", "owner_person")
        .order_by("position", "pk")
    )
    by_area = {area.pk: [] for area in areas}
    for action in actions:
        by_area.setdefault(action.focus_area_id, []).append(action)
    return {
        "focus_areas": [
            {
                "area": area,
                "goals": list(area.goals.all()),
                "actions": by_area[area.pk],
                "totals": _totals(by_area[area.pk]),
            }
            for area in areas
        ],
        "totals": _totals(actions),
    }


def _themes_answered(strategy):
    """Themes the strategy's actions answer: named on an action, or the theme of a piece of
    feedback an action answers."""
    answered = set()
    for themes in Action.objects.filter(strategy=strategy).values_list(
        "feedback_themes", flat=True
    ):
        answered.update(themes or [])
    answered.update(
        Feedback.objects.filter(actions__strategy=strategy).values_list("theme", flat=True)
    )
    return answered


def coverage(*, strategy):
    """What in the mapping no action of `strategy` answers yet. Four queries, however big
    the mapping and the plan.

    `themes`: every feedback theme with its number of feedback entries and whether an action
    answers it; `unanswered_themes`: those no action answers; `unanswered_potentials`: the
    potentials (mapping.Potential) no action answers; `potential_count`: all potentials.
    """
    counts = dict(Feedback.objects.order_by().values_list("theme").annotate(n=Count("pk")))
    answered = _themes_answered(strategy)
    themes = [
        {
            "code": code,
            "label": label,
            "feedback_count": counts.get(code, 0),
            "answered": code in answered,
        }
        for code, label in Feedback.Theme.choices
    ]
    potentials = list(
        Potential.objects.select_related("organisation")
        .annotate(
            answered=Exists(Action.objects.filter(strategy=strategy, potentials=OuterRef("pk")))
        )
        .order_by(danish_order("organisation__name"), "pk")
    )
    return {
        "themes": themes,
        "unanswered_themes": [theme for theme in themes if not theme["answered"]],
        "unanswered_potentials": [p for p in potentials if not p.answered],
        "potential_count": len(potentials),
    }


def version_list(*, strategy):
    """The strategy's versions, newest first, with who saved and who submitted them."""
    return (
        StrategyVersion.objects.filter(strategy=strategy)
        .select_related("saved_by", "submitted_by")
        .order_by("-number")
    )


def latest_version(*, strategy):
    return version_list(strategy=strategy).first()
