from network.models.departments import ContactPerson, Department
from network.models.events import Event, Material
from network.models.mailings import Mailing, OptOut, Recipient
from network.models.members import Membership, MembershipChange, Theme
from network.models.signups import CalendarKey, Evaluation, SignUp

__all__ = [
    "CalendarKey",
    "ContactPerson",
    "Department",
    "Evaluation",
    "Event",
    "Mailing",
    "Material",
    "Membership",
    "MembershipChange",
    "OptOut",
    "Recipient",
    "SignUp",
    "Theme",
]
