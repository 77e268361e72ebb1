"""The mapping's forms, one module per concept."""

from mapping.forms.organisations import (
    CHARACTERISTICS,
    CRITERIA,
    PROFILE_FIELDS,
    ContactForm,
    OrganisationProfileForm,
    OrganisationStaffForm,
    RegistrationForm,
    RejectForm,
)

__all__ = [
    "CHARACTERISTICS",
    "CRITERIA",
    "ContactForm",
    "OrganisationProfileForm",
    "OrganisationStaffForm",
    "PROFILE_FIELDS",
    "RegistrationForm",
    "RejectForm",
]
