"""Form posts of the programme's pages (the plan, the steering group's meetings and
decisions), shared by the tests of several modules."""

import datetime as dt

from django.utils import timezone


def meeting_data(**changes):
    return {
        "starts_at": "2026-11-27T10:00",
        "ends_at": "2026-11-27T12:00",
        "place": "Vojens Bibliotek, mødelokalet",
        **changes,
    }


def edit_data(activity, **changes):
    data = {
        "phase": activity.phase_id,
        "position": activity.position,
        "name": activity.name,
        "description": activity.description,
        "estimated_hours": str(activity.estimated_hours),
        "hourly_rate": str(activity.hourly_rate),
        "planned_start": activity.planned_start.isoformat(),
        "planned_end": activity.planned_end.isoformat(),
        "responsible": activity.responsible_id,
        "reason": "Styregruppen udvidede kortlægningen",
    }
    return {**data, **changes}


def decision_data(tasks=(), **changes):
    """A decision form's POST: the decision, then task rows (title, owner pk, due date)."""
    data = {
        "text": "Tidsplanen for fase 1 godkendes.",
        "agenda_item": "",
        "tasks-TOTAL_FORMS": "3",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "20",
    }
    for index in range(3):
        title, owner, due = tasks[index] if index < len(tasks) else ("", "", "")
        data[f"tasks-{index}-title"] = title
        data[f"tasks-{index}-owner"] = owner
        data[f"tasks-{index}-due_on"] = due
    data.update(changes)
    return data


def in_days(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()
