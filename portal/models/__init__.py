"""The portal's models: users, the programme plan and its economy, the steering group."""

from portal.models.deliveries import Delivery
from portal.models.jobs import Job
from portal.models.people import RoleChange
from portal.models.programme import (
    Activity,
    BaselineLine,
    BudgetBaseline,
    Phase,
    TimeEntry,
)
from portal.models.steering import (
    AgendaItem,
    Decision,
    FollowUpTask,
    SteeringGroupMember,
    SteeringMeeting,
)
from portal.models.users import Role, User, UserRole

__all__ = [
    "Activity",
    "AgendaItem",
    "BaselineLine",
    "BudgetBaseline",
    "Decision",
    "Delivery",
    "FollowUpTask",
    "Job",
    "Phase",
    "Role",
    "RoleChange",
    "SteeringGroupMember",
    "SteeringMeeting",
    "TimeEntry",
    "User",
    "UserRole",
]
