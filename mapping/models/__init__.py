"""The mapping's models, one module per concept."""

from mapping.models.areas import LocalArea, PurposeArea
from mapping.models.cases import SDG, Case, CaseEffect, TargetGroup
from mapping.models.contacts import Contact
from mapping.models.meetings import (
    Attendance,
    Feedback,
    FeedbackTag,
    InterplayIdea,
    Meeting,
)
from mapping.models.organisations import YES_NO, Organisation
from mapping.models.reports import ReportNarrative, ReportVersion, ReviewComment, ReviewVerdict
from mapping.models.spreadsheets import ImportBatch
from mapping.models.stakeholders import (
    Interaction,
    OrganisationRelation,
    Potential,
    StakeholderAssessment,
    Task,
)

__all__ = [
    "SDG",
    "YES_NO",
    "Attendance",
    "Case",
    "CaseEffect",
    "Contact",
    "Feedback",
    "FeedbackTag",
    "ImportBatch",
    "Interaction",
    "InterplayIdea",
    "LocalArea",
    "Meeting",
    "Organisation",
    "OrganisationRelation",
    "Potential",
    "PurposeArea",
    "ReportNarrative",
    "ReportVersion",
    "ReviewComment",
    "ReviewVerdict",
    "StakeholderAssessment",
    "TargetGroup",
    "Task",
]
