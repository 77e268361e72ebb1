"""Keeping what the CVR register says about an organisation up to date: one organisation
(after its CVR number is saved), or all of them (nightly, as the job `mapping.check_cvr`,
or by hand with `manage.py check_cvr`)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from mapping.cvr import CVRLookupError
from mapping.models import Organisation
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


# A register that fails this many times in a row is down: stop rather than wait out a
# timeout for every remaining organisation.
MAX_FAILURES_IN_A_ROW = 5


def organisations_to_check(*, checked_before=None, ids=None):
    """The organisations with a CVR number, those not checked since `checked_before` (or
    never) when it is given, only `ids` when given; in a stable order."""
    organisations = Organisation.objects.exclude(cvr="").order_by("pk")
    if checked_before is not None:
        organisations = organisations.filter(
            Q(cvr_checked_at__isnull=True) | Q(cvr_checked_at__lt=checked_before)
        )
    if ids is not None:
        organisations = organisations.filter(pk__in=ids)
    return organisations


@dataclass
class CVRCheckRun:
    """What a run of checks found: how many were checked (and of those, active, ceased and
    not found), how many could not be, the register's errors among those, and whether it
    stopped early because the register kept failing."""

    checked: int = 0
    active: int = 0
    ceased: int = 0
    not_found: int = 0
    failed: int = 0
    register_errors: list = field(default_factory=list)
    stopped: bool = False

    @property
    def counts(self):
        return {
            "checked": self.checked,
            "active": self.active,
            "ceased": self.ceased,
            "not_found": self.not_found,
            "failed": self.failed,
        }

    @property
    def temporary_errors(self):
        """The register's errors that asking again later may mend (timeouts, 5xx)."""
        return [error for error in self.register_errors if error.temporary]


def organisations_check_cvr(*, organisations, backend, progress=None, report=None):
    """Check each organisation in the register (`organisation_check_cvr`), carrying on past
    one that cannot be checked, and stopping once the register has failed
    MAX_FAILURES_IN_A_ROW times in a row. `progress(done)` is told how many have been dealt
    with; `report(organisation, info, error)` what became of each. Returns a `CVRCheckRun`."""
    run = CVRCheckRun()
    failures_in_a_row = 0
    for done, organisation in enumerate(organisations.iterator(chunk_size=200), start=1):
        info = error = None
        try:
            info = organisation_check_cvr(organisation=organisation, backend=backend)
        except CVRLookupError as lookup_error:
            error = lookup_error
            run.register_errors.append(error)
            failures_in_a_row += 1
        except (ValueError, ValidationError) as invalid:
            error = invalid
        else:
            failures_in_a_row = 0
            run.checked += 1
            if info is None:
                run.not_found += 1
            elif info.ceased:
                run.ceased += 1
            else:
                run.active += 1
        if error is not None:
            run.failed += 1
        if report is not None:
            report(organisation, info, error)
        if progress is not None:
            progress(done)
        if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            run.stopped = True
            break
    return run
