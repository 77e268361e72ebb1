"""Keeping what the CVR register says about an organisation up to date."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from mapping.validators import is_valid_cvr
from portal.i18n import stored_text

# What the register said, as stored on Organisation: these fields only, so that a check never
# overwrites what a person changed in the meantime.
CVR_FIELDS = [
    "industry_code",
    "cvr_status",
    "cvr_ceased",
    "advertising_protected",
    "cvr_checked_at",
]
RSV_FIELDS = ["rsv_registered", "rsv_checked_on"]


def organisation_check_cvr(*, organisation, backend):
    """Ask the register about the organisation's CVR number and store the answer.

    Returns the `CompanyInfo`, or None when the register has no such company (then the status
    says so and nothing else changes: a missing company is not proof that it has ceased).
    Raises `mapping.cvr.CVRLookupError` when the register does not answer; nothing is saved.
    """
    if not is_valid_cvr(organisation.cvr):
        raise ValueError(f"{organisation.cvr!r} is not a valid CVR number.")
    info = backend.lookup(organisation.cvr)
    now = timezone.now()
    fields = list(CVR_FIELDS)
    organisation.cvr_checked_at = now
    if info is None:
        organisation.cvr_status = stored_text(gettext_noop("Not found in the CVR register"))
        fields = ["cvr_status", "cvr_checked_at"]
    else:
        status_length = organisation._meta.get_field("cvr_status").max_length
        code_length = organisation._meta.get_field("industry_code").max_length
        organisation.industry_code = info.industry_code[:code_length]
        organisation.cvr_status = info.status[:status_length]
        organisation.cvr_ceased = info.ceased
        organisation.advertising_protected = info.advertising_protected
        if info.rsv is not None:
            organisation.rsv_registered = info.rsv
            organisation.rsv_checked_on = timezone.localdate(now)
            fields += RSV_FIELDS
    organisation.clean_fields(
        exclude=[field.name for field in organisation._meta.fields if field.name not in fields]
    )
    organisation.save(update_fields=[*fields, "updated_at"])
    return info
