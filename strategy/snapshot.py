"""A strategy's content as plain JSON: what every version stores, what the steering group
reviews and what the recommendation to the city council prints.

The format (all dates ISO strings, all amounts strings with two decimals, so that the JSON
round-trips exactly):

    {"title", "vision", "starts_on", "ends_on",
     "focus_areas": [{"id", "position", "title", "description",
                      "goals": [{"id", "position", "title", "description"}]}],
     "actions": [{"id", "position", "title", "description", "focus_area" (id), "goal" (id or
                  None), "owner" (display text), "owner_kind" ("department", "organisation" or
                  "person"), "partners" ([names]), "starts_on", "ends_on", "budget",
                  "budget_hours", "indicator", "indicator_unit", "baseline", "target", "state",
                  "organisations" ([names]), "feedback" ([{"id", "theme", "text"}]),
                  "feedback_themes" ([codes]), "interplay_ideas" ([texts]),
                  "potentials" ([texts])}]}
"""

from decimal import Decimal

from django.db.models import Prefetch

from strategy.models import Action, FocusArea, Goal


def _amount(value):
    return None if value is None else f"{value:.2f}"


def _date(value):
    return value.isoformat() if value else None


def _owner_kind(action):
    if action.owner_department:
        return "department"
    if action.owner_organisation_id:
        return "organisation"
    return "person"


def action_queryset(strategy):
    """The strategy's actions with everything a snapshot reads, in a fixed number of queries."""
    return (
        Action.objects.filter(strategy=strategy)
        .select_related("focus_area", "goal", "owner_organisation", "owner_person")
        .prefetch_related(
            "partners",
            "organisations",
            "feedback",
            "interplay_ideas__organisation",
            "interplay_ideas__department",
            "potentials__organisation",
        )
        .order_by("focus_area__position", "focus_area__pk", "position", "pk")
    )


def action_snapshot(action):
    return {
        "id": action.pk,
        "position": action.position,
        "title": action.title,
        "description": action.description,
        "focus_area": action.focus_area_id,
        "goal": action.goal_id,
        "owner": str(action.owner),
        "owner_kind": _owner_kind(action),
        "partners": sorted(organisation.name for organisation in action.partners.all()),
        "starts_on": _date(action.starts_on),
        "ends_on": _date(action.ends_on),
        "budget": _amount(action.budget),
        "budget_hours": _amount(action.budget_hours),
        "indicator": action.indicator,
        "indicator_unit": action.indicator_unit,
        "baseline": _amount(action.baseline),
        "target": _amount(action.target),
        "state": action.state,
        "organisations": sorted(organisation.name for organisation in action.organisations.all()),
        "feedback": [
            {"id": item.pk, "theme": item.theme, "text": item.text}
            for item in sorted(action.feedback.all(), key=lambda item: item.pk)
        ],
        "feedback_themes": sorted(action.feedback_themes or []),
        "interplay_ideas": sorted(str(idea) for idea in action.interplay_ideas.all()),
        "potentials": sorted(str(potential) for potential in action.potentials.all()),
    }


def strategy_snapshot(strategy):
    """The whole strategy as it stands in the database now."""
    focus_areas = FocusArea.objects.filter(strategy=strategy).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("position", "pk"))
    )
    return {
        "title": strategy.title,
        "vision": strategy.vision,
        "starts_on": _date(strategy.starts_on),
        "ends_on": _date(strategy.ends_on),
        "focus_areas": [
            {
                "id": area.pk,
                "position": area.position,
                "title": area.title,
                "description": area.description,
                "goals": [
                    {
                        "id": goal.pk,
                        "position": goal.position,
                        "title": goal.title,
                        "description": goal.description,
                    }
                    for goal in area.goals.all()
                ],
            }
            for area in focus_areas.order_by("position", "pk")
        ],
        "actions": [action_snapshot(action) for action in action_queryset(strategy)],
    }


def decimal_or_none(text):
    """Read back an amount that a snapshot stores as a string."""
    return None if text in (None, "") else Decimal(text)
