"""Keeping what the CVR register says about an organisation up to date."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from mapping.validators import is_valid_cvr
from portal.i18n import stored_text


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
    if info is None:
        answer = {"cvr_status": stored_text(gettext_noop("Not found in the CVR register"))}
    else:
        status_length = organisation._meta.get_field("cvr_status").max_length
        code_length = organisation._meta.get_field("industry_code").max_length
        answer = {
            "industry_code": info.industry_code[:code_length],
            "cvr_status": info.status[:status_length],
            "cvr_ceased": info.ceased,
            "advertising_protected": info.advertising_protected,
        }
        if info.rsv is not None:
            answer["rsv_registered"] = info.rsv
            answer["rsv_checked_on"] = timezone.localdate(now)
    changed = [name for name, value in answer.items() if getattr(organisation, name) != value]
    organisation.cvr_checked_at = now
    if not changed:
        # Nothing new: note the check without a new step in the change history.
        type(organisation).objects.filter(pk=organisation.pk).update(cvr_checked_at=now)
        return info
    for name in changed:
        setattr(organisation, name, answer[name])
    organisation.clean_fields(
        exclude=[field.name for field in organisation._meta.fields if field.name not in changed]
    )
    organisation._change_reason = stored_text(gettext_noop("Checked in the CVR register"))
    organisation.save(update_fields=[*changed, "cvr_checked_at", "updated_at"])
    return info
