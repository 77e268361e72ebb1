"""Reads of the mapping, scoped by who asks; one module per concept."""

from mapping.selectors.organisations import (
    contact_get_for_user,
    contacts_of,
    counts_by_area,
    counts_by_status,
    moderation_queue,
    moderation_queue_count,
    organisation_directory,
    organisation_get_for_user,
    organisation_history,
    organisation_list,
    organisation_public_get,
    organisations_of_user,
    public_organisation_name,
    registration_get_for_user,
)

__all__ = [
    "contact_get_for_user",
    "contacts_of",
    "counts_by_area",
    "counts_by_status",
    "moderation_queue",
    "moderation_queue_count",
    "organisation_directory",
    "organisation_get_for_user",
    "organisation_history",
    "organisation_list",
    "organisation_public_get",
    "organisations_of_user",
    "public_organisation_name",
    "registration_get_for_user",
]
