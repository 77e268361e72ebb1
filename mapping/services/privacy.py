"""The data controller's workflow: erasing a person on request."""

import json

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mapping.models import Contact, Organisation
from portal.i18n import stored_text

# Stored texts, in the municipality's language whoever erases.
ERASED_NAME = gettext_noop("Erased person")
ERASED_REASON = gettext_noop("Personal data erased on request")


def erased_name():
    """The neutral name an erased contact carries from then on."""
    return stored_text(ERASED_NAME)


@transaction.atomic
def contact_erase(*, contact, by):
    """Erase a person: their personal fields are emptied, also in every earlier version in
    the change history, and one new history entry says that an erasure happened (not what
    was erased).

    What the person said and did for their organisation (feedback, interactions) and their
    attendance at meetings stay, so that every count stays the same; those rows still link
    to the contact, which no longer names anyone. A log-in account with the same e-mail
    address is left for the project leader to handle separately.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.erased_at is not None:
        raise ValidationError(_("This person has already been erased."), code="already_erased")
    old_name = contact.name
    placeholder = erased_name()
    blank = dict.fromkeys(Contact.PERSONAL_FIELDS, "")
    blank["name"] = placeholder

    for name, value in blank.items():
        setattr(contact, name, value)
    contact.public = False
    contact.erased_at = timezone.now()
    contact.full_clean(
        exclude=[f.name for f in Contact._meta.concrete_fields if f.name not in blank]
    )
    contact._history_user = by
    contact._change_reason = stored_text(ERASED_REASON)
    contact.save()

    # Every earlier version forgets the person too; the new entry above already holds none.
    Contact.history.model.objects.filter(id=contact.pk).update(public=False, **blank)
    organisation_ids = set(
        Contact.history.model.objects.filter(id=contact.pk).values_list(
            "organisation_id", flat=True
        )
    )
    _scrub_admin_log(contact, old_name, placeholder, organisation_ids)
    return contact


def _scrub_admin_log(contact, old_name, placeholder, organisation_ids):
    """The admin's own log names objects too: the contact's entries, and the entries of its
    organisations where the contact was changed inline."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact), object_id=str(contact.pk)
    ).update(object_repr=placeholder)
    if not old_name:
        return
    # The change message is JSON: non-ASCII letters are stored escaped (ø as \u00f8).
    spellings = {old_name, json.dumps(old_name)[1:-1]}
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id__in=[str(pk) for pk in organisation_ids if pk is not None],
    )
    for entry in entries:
        message = entry.change_message
        for spelling in spellings:
            message = message.replace(spelling, json.dumps(placeholder)[1:-1])
        if message != entry.change_message:
            entry.change_message = message
            entry.save(update_fields=["change_message"])
