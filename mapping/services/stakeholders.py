"""The stakeholder analysis's workflows: assessments, relations, the interaction log with its
follow-up tasks, and the potential."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import (
    Contact,
    Interaction,
    OrganisationRelation,
    Potential,
    StakeholderAssessment,
    Task,
)
from portal.records import assign

# The interaction form names the task's fields like this, so errors land at the right field.
TASK_FIELDS = {"title": "task_title", "owner": "task_owner", "due_on": "task_deadline"}

# What the staff write about an organisation's assessment and its potential.
ASSESSMENT_FIELDS = ("influence", "interest", "attitude", "contribution", "approach")
POTENTIAL_FIELDS = ("stage", "needs", "next_step", "next_step_on", "next_step_owner")

# Relations that say the same thing read from the other side: A buys from B = B supplies A.
SAME_FROM_THE_OTHER_SIDE = {
    OrganisationRelation.Kind.PARTNER: OrganisationRelation.Kind.PARTNER,
    OrganisationRelation.Kind.BUYER: OrganisationRelation.Kind.SUPPLIER,
    OrganisationRelation.Kind.SUPPLIER: OrganisationRelation.Kind.BUYER,
}


@transaction.atomic
def assessment_save(*, organisation, by, **values):
    """Save the stakeholder assessment of `organisation` (`values`: its `ASSESSMENT_FIELDS`),
    made now or changed."""
    assessment = StakeholderAssessment.objects.filter(
        organisation=organisation
    ).first() or StakeholderAssessment(organisation=organisation)
    assign(assessment, values, fields=ASSESSMENT_FIELDS)
    assessment.updated_by = by
    assessment.full_clean()
    assessment._history_user = by
    assessment.save()
    return assessment


@transaction.atomic
def relation_create(*, source, kind, target, note="", by=None):
    """Record that `source` <kind> `target`; refuses a relation already recorded either way."""
    relation = OrganisationRelation(source=source, kind=kind, target=target, note=note)
    relation.full_clean()
    same = SAME_FROM_THE_OTHER_SIDE.get(kind)
    if same and OrganisationRelation.objects.filter(source=target, kind=same, target=source):
        raise ValidationError(
            {"other": _("This relation is already recorded from the other organisation's side.")}
        )
    relation._history_user = by
    relation.save()
    return relation


def relation_delete(*, relation, by=None):
    """Remove a relation; its change history keeps that it existed and who removed it."""
    relation._history_user = by
    relation.delete()


def _task_errors(error):
    return {TASK_FIELDS.get(field, field): items for field, items in error.message_dict.items()}


@transaction.atomic
def interaction_log(
    *,
    organisation,
    by,
    date,
    kind,
    summary,
    contact=None,
    task_title="",
    task_owner=None,
    task_deadline=None,
):
    """Note a meeting, call, e-mail or visit, and a follow-up task if one is given.

    All or nothing: the interaction, its task and the contact's date of last contact are saved
    together or not at all. Errors are keyed by the interaction form's field names.
    """
    errors = {}
    interaction = Interaction(
        organisation=organisation, contact=contact, kind=kind, date=date, by=by, summary=summary
    )
    try:
        interaction.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)

    task = None
    if task_title or task_owner or task_deadline:
        task = Task(
            title=task_title,
            organisation=organisation,
            owner=task_owner,
            due_on=task_deadline,
        )
        try:
            task.full_clean(exclude=["interaction"])
        except ValidationError as error:
            errors.update(_task_errors(error))
        if task_owner is not None and not (task_owner.is_programme_staff and task_owner.is_active):
            errors.setdefault("task_owner", []).append(
                _("The owner must be a project leader or a consultant.")
            )
        deadline = task.due_on
        if "task_deadline" not in errors and deadline and deadline < timezone.localdate():
            errors.setdefault("task_deadline", []).append(_("The deadline cannot be in the past."))
    if errors:
        raise ValidationError(errors)

    interaction.save()
    if task is not None:
        task.interaction = interaction
        task.save()
    if contact is not None:
        # Only ever forward: an interaction noted late does not move the last contact back.
        Contact.objects.filter(pk=contact.pk).filter(
            Q(last_contacted_on__isnull=True) | Q(last_contacted_on__lt=interaction.date)
        ).update(last_contacted_on=interaction.date)
    return interaction, task


@transaction.atomic
def potential_save(*, organisation, by, **values):
    """Save where `organisation` stands on its path (`values`: its `POTENTIAL_FIELDS`)."""
    potential = Potential.objects.filter(organisation=organisation).first() or Potential(
        organisation=organisation
    )
    assign(potential, values, fields=POTENTIAL_FIELDS)
    potential.full_clean()
    potential._history_user = by
    potential.save()
    return potential
