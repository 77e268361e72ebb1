"""The mapping's workflows, one module per concept."""

from mapping.services.organisations import (
    organisation_approve,
    organisation_create,
    organisation_publish,
    organisation_register,
    organisation_reject,
    organisation_unpublish,
    organisation_update,
)

__all__ = [
    "organisation_approve",
    "organisation_create",
    "organisation_publish",
    "organisation_register",
    "organisation_reject",
    "organisation_unpublish",
    "organisation_update",
]
