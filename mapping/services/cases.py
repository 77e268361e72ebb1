"""Saving a local case together with its measured effects."""

from django.db import transaction

from mapping.models import Case, CaseEffect
from mapping.models.cases import CASE_FIELDS, EFFECT_FIELDS
from portal.images import delete_after_commit
from portal.records import assign, assign_related


@transaction.atomic
def case_save(*, case=None, effects=(), **values):
    """Create a case (or change `case`) with `values` (its `CASE_FIELDS`) and its effects,
    all or nothing.

    `effects` is a list of dicts, one per effect: `effect` is the case's effect to change
    (absent or None for a new one), `delete` True removes it, and the other keys are its
    `EFFECT_FIELDS`. A failure while saving (a database constraint) rolls back the case and
    every effect with it. The change history records the request's user through
    simple-history's middleware.
    """
    case = case or Case()
    old_photo = Case.objects.filter(pk=case.pk).values_list("photo", flat=True).first() or ""
    related = assign(case, values, fields=CASE_FIELDS)
    case.full_clean()
    case.save()
    assign_related(case, related)
    if old_photo and case.photo.name != old_photo:
        delete_after_commit(case.photo.storage, old_photo)
    for row in effects:
        _effect_save(case, dict(row))
    return case


def _effect_save(case, row):
    effect = row.pop("effect", None)
    if effect is not None and effect.case_id != case.pk:
        raise ValueError("an effect of another case")  # a caller's mistake, never a person's
    if row.pop("delete", False):
        if effect is not None:
            effect.delete()
        return
    effect = effect or CaseEffect()
    effect.case = case
    assign(effect, row, fields=EFFECT_FIELDS)
    effect.full_clean()
    effect.save()
