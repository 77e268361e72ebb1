"""The portal's models: users and their roles, who sits in the steering group, e-mail
deliveries and background jobs. The programme's are in `portal.programme.models`."""

from portal.models.deliveries import Delivery
from portal.models.jobs import Job
from portal.models.people import RoleChange
from portal.models.steering_group import SteeringGroupMember
from portal.models.users import Role, User, UserRole

__all__ = [
    "Delivery",
    "Job",
    "Role",
    "RoleChange",
    "SteeringGroupMember",
    "User",
    "UserRole",
]
