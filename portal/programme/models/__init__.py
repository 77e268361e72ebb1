"""The programme's models: the plan and its economy, the steering group's meetings.

They were `portal`'s until the programme became an app of its own, and keep their tables
(`portal_phase`, `portal_historicalphase`, ...): each model names its `db_table`, and the
move was a change of Django's state only (`programme.0001_initial`), not of the data.
"""

from portal.programme.models.budget import BaselineLine, BudgetBaseline
from portal.programme.models.plan import Activity, Phase, TimeEntry
from portal.programme.models.steering import AgendaItem, Decision, FollowUpTask, SteeringMeeting

__all__ = [
    "Activity",
    "AgendaItem",
    "BaselineLine",
    "BudgetBaseline",
    "Decision",
    "FollowUpTask",
    "Phase",
    "SteeringMeeting",
    "TimeEntry",
]
