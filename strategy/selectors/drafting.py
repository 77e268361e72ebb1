"""Reads of the draft: the strategies, one strategy's focus areas, goals and actions with
their totals, what in the mapping no action answers yet, and the versions."""

from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Prefetch

from mapping.models import Feedback, Potential
from portal.access import get_for_user
from portal.collation import danish_order
from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion


def strategy_list():
    """Every strategy, newest first, with how many versions it has and when it was saved."""
    return (
        Strategy.objects.select_related("created_by")
        .annotate(version_count=Count("versions"), last_saved=Max("versions__saved_at"))
        .order_by("-created_at", "-pk")
    )


# The plans the steering group may follow: those the city council adopted.
ADOPTED_STATES = (Strategy.State.ADOPTED, Strategy.State.REPLACED)


def strategies_visible(*, user):
    """The strategies `user` may know of: every one for the programme's staff (who draft
    them), an adopted one (in force or replaced) for the steering group, who follow it;
    none for anyone else."""
    if user.is_programme_staff:
        return Strategy.objects.all()
    if user.is_steering_group:
        return Strategy.objects.filter(state__in=ADOPTED_STATES)
    return Strategy.objects.none()


def _may_change(user):
    # The staff draft and follow the plans; the steering group only reads them.
    return lambda _part: user.is_programme_staff


def strategy_get_for_user(*, user, pk, for_change=False):
    """A strategy `user` may know of (404 for others, as for one that does not exist); 403
    for changing it unless they are programme staff."""
    return get_for_user(
        strategies_visible(user=user), pk=pk, for_change=for_change, may_change=_may_change(user)
    )


def focus_area_get_for_user(*, user, pk, for_change=False):
    """A focus area of a strategy `user` may know of, with its strategy; as the strategy's."""
    queryset = FocusArea.objects.select_related("strategy").filter(
        strategy__in=strategies_visible(user=user)
    )
    return get_for_user(queryset, pk=pk, for_change=for_change, may_change=_may_change(user))


def goal_get_for_user(*, user, pk, for_change=False):
    """A goal of a strategy `user` may know of, with its focus area; as the strategy's."""
    queryset = Goal.objects.select_related("focus_area__strategy").filter(
        focus_area__strategy__in=strategies_visible(user=user)
    )
    return get_for_user(queryset, pk=pk, for_change=for_change, may_change=_may_change(user))


def action_get_for_user(*, user, pk, for_change=False):
    """An action of a strategy `user` may know of, with what its page shows; as the
    strategy's."""
    queryset = (
        Action.objects.filter(strategy__in=strategies_visible(user=user))
        .select_related("strategy", "focus_area", "goal", "owner_organisation", "owner_person")
        .prefetch_related(
            "partners",
            "organisations",
            "feedback",
            "interplay_ideas__organisation",
            "interplay_ideas__department",
            "potentials__organisation",
        )
    )
    return get_for_user(queryset, pk=pk, for_change=for_change, may_change=_may_change(user))


def deletion_get_for_user(*, user, model, pk):
    """The record of the deletion of the part (`model`: a focus area, goal or action) at
    `pk`, with who deleted it, for the staff who edit the draft; None when there is none or
    the person may not know of it (the part is gone either way: the page says so)."""
    if not user.is_programme_staff:
        return None
    return (
        model.history.filter(id=pk, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
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
