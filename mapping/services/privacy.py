"""The data controller's workflow: erasing a person on request."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.models import Contact, ImportBatch
from mapping.selectors import privacy as selectors
from portal import privacy
from portal.i18n import stored_text

# Stored texts, in the municipality's language whoever erases (kept here by their old names).
ERASED_NAME = privacy.ERASED_NAME
ERASED_REASON = privacy.ERASED_REASON
ERASED_MARKER = privacy.ERASED_MARKER


def erased_name():
    """The neutral name an erased contact carries from then on."""
    return stored_text(ERASED_NAME)


def erased_marker():
    """What the person's name becomes in other text."""
    return stored_text(ERASED_MARKER)


@transaction.atomic
def contact_erase(*, contact, by, accounts=False):
    """Erase a person: every app's personal data provider (`portal.privacy`) forgets them,
    all or nothing. The mapping's part (`contact_forget`): the contact's personal fields are
    emptied, also in every earlier version in the change history, and one new history entry
    says that an erasure happened (not what was erased).

    Every free text in every app that names the person (full name or e-mail address) is
    scrubbed: the name becomes a neutral marker, in the live rows and their change history.
    Text that must not change by itself (a frozen PDF, a council decision) is left alone:
    the erasure page listed it for the project leader. Uploaded spreadsheets that name the
    person are deleted now, their files once the transaction has committed.

    What the person said and did for their organisation (feedback, interactions) and their
    attendance at meetings stay, so that every count stays the same; those rows still link
    to the contact, which no longer names anyone. A log-in account with the same e-mail
    address is erased too only with `accounts`: it may be someone else's, or be kept.
    """
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.erased_at is not None:
        raise ValidationError(_("This person has already been erased."), code="already_erased")
    # Read before anything forgets: the names and addresses to look for.
    users = selectors.user_accounts_of(contact=contact) if accounts else ()
    person = selectors.person_of(contact=contact, users=users)
    privacy.person_erase(person=person, by=by, marker=erased_marker())
    return contact


def contact_forget(*, contact, by, matcher):
    """The mapping's own part of an erasure: the contact's personal fields, their change
    history, the admin's log of the contact and the uploaded files that name them."""
    uploads = selectors.uploads_of(contact=contact, matcher=matcher)
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
    _scrub_admin_log(contact, placeholder)
    _delete_uploads(uploads, matcher)


def _scrub_admin_log(contact, placeholder):
    """The admin's log names the contact's own entries; the other entries that name the
    person were scrubbed with the rest of the text."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contact), object_id=str(contact.pk)
    ).update(object_repr=placeholder)


def _delete_uploads(batches, matcher):
    """An import that is finished keeps its row (what it created and updated, in numbers)
    without the file; one still at the preview, or cancelled, holds nothing else and goes.
    The files go once the erasure has committed: a rollback must not lose them."""
    marker = erased_marker()
    for batch in batches:
        if batch.file:
            storage, name = batch.file.storage, batch.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        if batch.state == ImportBatch.State.DONE:
            ImportBatch.objects.filter(pk=batch.pk).update(
                file="", original_name=matcher.scrub(batch.original_name, marker)
            )
        else:
            ImportBatch.objects.filter(pk=batch.pk).delete()
