"""A version's snapshot read into what a page or a document shows: the plan with its focus
areas, goals and actions in order, amounts as Decimals, dates as dates, labels translated,
and the sums computed. Never reads the live rows: a version shows what it was."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from mapping.models import Feedback
from strategy.models import Action
from strategy.snapshot import decimal_or_none

ZERO = Decimal("0.00")

OWNER_KINDS = {
    "department": _("Municipal department"),
    "organisation": _("Organisation"),
    "person": _("Person"),
}

# The section keys of a version's review comments: "" the plan as a whole, "vision", and
# "focus-<id>" for each focus area of the snapshot.
GENERAL = ""
VISION = "vision"


def focus_key(area_id):
    return f"focus-{area_id}"


def _date(value):
    return date.fromisoformat(value) if value else None


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


def _action(data, number):
    return {
        "id": data.get("id"),
        "number": number,
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "owner": data.get("owner", ""),
        "owner_kind": OWNER_KINDS.get(data.get("owner_kind"), ""),
        "partners": data.get("partners") or [],
        "starts_on": _date(data.get("starts_on")),
        "ends_on": _date(data.get("ends_on")),
        "budget": decimal_or_none(data.get("budget")) or ZERO,
        "budget_hours": decimal_or_none(data.get("budget_hours")) or ZERO,
        "indicator": data.get("indicator", ""),
        "indicator_unit": data.get("indicator_unit", ""),
        "baseline": decimal_or_none(data.get("baseline")),
        "target": decimal_or_none(data.get("target")),
        "state": data.get("state", ""),
        "state_label": _label(Action.State, data.get("state", "")),
        "organisations": data.get("organisations") or [],
        "feedback": [
            {"text": item.get("text", ""), "theme": _label(Feedback.Theme, item.get("theme"))}
            for item in data.get("feedback") or []
        ],
        "feedback_themes": [
            _label(Feedback.Theme, code) for code in data.get("feedback_themes") or []
        ],
        "interplay_ideas": data.get("interplay_ideas") or [],
        "potentials": data.get("potentials") or [],
    }


def _answers(action):
    """Whether the action names anything in the mapping that it answers."""
    return any(
        action[key]
        for key in ("organisations", "feedback", "feedback_themes", "interplay_ideas", "potentials")
    )


def _area(data, number):
    return {
        "id": data.get("id"),
        "key": focus_key(data.get("id")),
        "number": number,
        "title": data.get("title", ""),
        "description": data.get("description", ""),
        "goals": [
            {
                "id": goal.get("id"),
                "number": f"{number}.{index}",
                "title": goal.get("title", ""),
                "description": goal.get("description", ""),
                "actions": [],
            }
            for index, goal in enumerate(data.get("goals") or [], start=1)
        ],
        "actions": [],
        "actions_without_goal": [],
    }


def plan_content(snapshot):
    """The plan of a snapshot, ready to show.

    {"title", "vision", "starts_on", "ends_on", "focus_areas": [{"id", "key", "number",
    "title", "description", "goals": [{..., "actions"}], "actions", "actions_without_goal",
    "budget", "hours"}], "actions", "budget", "hours"}. Actions are numbered per focus area
    ("2.3"); each carries `answers` (whether it names what in the mapping it answers).
    """
    areas = [
        _area(data, number) for number, data in enumerate(snapshot.get("focus_areas") or [], 1)
    ]
    by_id = {area["id"]: area for area in areas}
    actions = []
    for data in snapshot.get("actions") or []:
        area = by_id.get(data.get("focus_area"))
        if area is None:
            area = _area({"id": data.get("focus_area"), "title": _("Without a focus area")}, 0)
            area["number"] = len(areas) + 1
            by_id[area["id"]] = area
            areas.append(area)
        action = _action(data, f"{area['number']}.{len(area['actions']) + 1}")
        action["answers"] = _answers(action)
        area["actions"].append(action)
        goal = next((goal for goal in area["goals"] if goal["id"] == data.get("goal")), None)
        if goal is None:
            area["actions_without_goal"].append(action)
        else:
            action["goal_title"] = goal["title"]
            goal["actions"].append(action)
        actions.append(action)
    for area in areas:
        area["budget"] = sum((action["budget"] for action in area["actions"]), ZERO)
        area["hours"] = sum((action["budget_hours"] for action in area["actions"]), ZERO)
    return {
        "title": snapshot.get("title", ""),
        "vision": snapshot.get("vision", ""),
        "starts_on": _date(snapshot.get("starts_on")),
        "ends_on": _date(snapshot.get("ends_on")),
        "focus_areas": areas,
        "actions": actions,
        "budget": sum((action["budget"] for action in actions), ZERO),
        "hours": sum((action["budget_hours"] for action in actions), ZERO),
    }


def sections_of(snapshot):
    """The sections a comment on a version can be about: [(key, label)], in order."""
    sections = [(GENERAL, _("The plan as a whole")), (VISION, _("The vision"))]
    for number, area in enumerate(snapshot.get("focus_areas") or [], start=1):
        label = _("Focus area %(number)s: %(title)s") % {"number": number, "title": area["title"]}
        sections.append((focus_key(area["id"]), label))
    return sections
