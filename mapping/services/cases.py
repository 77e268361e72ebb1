"""Saving a local case together with its measured effects."""

from django.db import transaction


@transaction.atomic
def case_save(*, form, formset):
    """Save a valid case form and its effects formset, all or nothing.

    Both are validated by the caller; a failure while saving (a database constraint) rolls
    back the case and every effect with it. The change history records the request's user
    through simple-history's middleware.
    """
    case = form.save(commit=False)
    case.full_clean()
    case.save()
    form.save_m2m()
    formset.instance = case
    formset.save()
    return case
