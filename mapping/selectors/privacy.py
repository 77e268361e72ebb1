"""Reads for the data controller's tasks: what the programme holds about one person, and the
contacts kept longer than the retention period."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import DateField, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from mapping.models import Contact, ImportBatch
from mapping.spreadsheets import SpreadsheetError, read_spreadsheet
from mapping.spreadsheets.cells import cell_text
from portal import privacy, registry
from portal.access import get_for_user
from portal.history import history_entries
from portal.personal_data import PersonMatcher
from portal.privacy import Person, when

# How long a contact may go without being in touch before the retention list shows them.
DEFAULT_RETENTION_DAYS = 730

# The fields of a contact's change history that a person reads, in this order.
HISTORY_FIELDS = (
    "name",
    "role",
    "email",
    "phone",
    "organisation",
    "is_key_person",
    "is_change_agent",
    "public",
    "legal_basis",
    "purpose",
)


def retention_days():
    return getattr(settings, "CONTACT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)


def data_subject_get_for_user(*, user, pk, for_change=False):
    """A contact as the person the data controller answers for, with what its pages show:
    the project leader knows every contact, erased ones too; anyone else none (404).
    Changing it is erasing it: an erased one is gone (404, not 403: nothing is left to
    change)."""
    queryset = Contact.objects.select_related("organisation").prefetch_related(
        "linked_organisations"
    )
    if not user.is_project_leader:
        queryset = queryset.none()
    if for_change:
        queryset = queryset.filter(erased_at__isnull=True)
    return get_for_user(queryset, pk=pk, for_change=for_change)


@dataclass
class PersonRecord:
    """Everything the programme holds about one person, evaluated once."""

    contact: Contact
    person: Person
    # Every app's sections of the export (`portal.privacy.person_export`), in order.
    sections: list = field(default_factory=list)
    # Free text in every app that names the person: scrubbed at erasure, or listed.
    mentions: list = field(default_factory=list)
    # Uploaded spreadsheets that name the person: deleted at erasure.
    uploads: list = field(default_factory=list)
    # Names of one word: searching for them would find other people too.
    unsearched_names: list = field(default_factory=list)

    @property
    def is_erased(self):
        return self.contact.erased_at is not None

    @property
    def user_accounts(self):
        return list(self.person.users)

    def section(self, key):
        return next(section for section in self.sections if section.key == key)

    @property
    def scrubbed_mentions(self):
        return [mention for mention in self.mentions if mention.scrub]

    @property
    def listed_mentions(self):
        return [mention for mention in self.mentions if not mention.scrub]


def person_record(*, contact):
    person = person_of(contact=contact, users=user_accounts_of(contact=contact))
    return PersonRecord(
        contact=contact,
        person=person,
        sections=privacy.person_export(person),
        mentions=mentions_of(contact=contact, matcher=person.matcher),
        uploads=uploads_of(contact=contact, matcher=person.matcher),
        unsearched_names=[] if contact.erased_at else person.matcher.skipped_names,
    )


def person_of(*, contact, users=()):
    """The person a contact is, with the log-in accounts taken to be the same person.

    Their text is searched for the contact's names and addresses (also earlier ones), and
    for the accounts' only when `users` are to be erased with the contact: an account found
    by its e-mail address alone is the same person only most likely."""
    return Person(
        contacts=(contact,),
        users=tuple(users),
        matcher=person_matcher(contact=contact, accounts=users),
    )


def user_accounts_of(*, contact):
    """Log-in accounts with the contact's e-mail address: the same person, most likely."""
    if not contact.email:
        return []
    return list(get_user_model().objects.filter(email__iexact=contact.email).order_by("pk"))


def person_matcher(*, contact, accounts=()):
    """The person's names and e-mail addresses, also those the change history still holds
    from before a correction: erasure must find the text that used them too."""
    versions = Contact.history.model.objects.filter(id=contact.pk).values_list("name", "email")
    names = {contact.name, *(name for name, _email in versions)}
    emails = {contact.email, *(email for _name, email in versions)}
    names.update(account.get_full_name() for account in accounts)
    emails.update(account.email for account in accounts)
    return PersonMatcher(names=names, emails=emails)


def mentions_of(*, contact, matcher=None):
    """Free text in every app that names the person, whether linked to them or not: what
    erasure scrubs (`mention.scrub`), and what it lists for the project leader to handle by
    hand first (a frozen PDF, a council decision)."""
    if contact.erased_at is not None:
        return []
    matcher = matcher or person_matcher(contact=contact)
    if not matcher:
        return []
    mentions = [
        mention for place in registry.personal_data_places() for mention in place.find(matcher)
    ]
    oldest = datetime.date.min
    return sorted(mentions, key=lambda mention: mention.date or oldest, reverse=True)


def uploads_of(*, contact, matcher=None):
    """Import batches whose uploaded file (or its name) names the person: erasure deletes
    them at once instead of leaving them to the nightly `clean_imports`. After an import of
    only the good rows, `batch.file` is the kept file of the rows with problems (see
    `services.spreadsheets.import_batch_commit`), so that file is searched and deleted too."""
    if contact.erased_at is not None:
        return []
    matcher = matcher or person_matcher(contact=contact)
    if not matcher:
        return []
    return [
        batch
        for batch in ImportBatch.objects.select_related("created_by").order_by("-created_at")
        if matcher.search(batch.original_name) or matcher.search(_upload_text(batch))
    ]


def _upload_text(batch):
    """Every cell of the uploaded file as text; the raw bytes when it cannot be read as a
    spreadsheet (it still holds whatever it holds)."""
    if not batch.file:
        return ""
    try:
        with batch.file.open("rb") as stored:
            data = stored.read()
    except (FileNotFoundError, OSError, ValueError):
        return ""
    try:
        sheet = read_spreadsheet(data)
    except SpreadsheetError:
        return data.decode("utf-8", errors="ignore")
    cells = [*sheet.headers, *(cell for _number, row in sheet.rows for cell in row)]
    return "\n".join(cell_text(cell) for cell in cells)


def contact_history(*, contact):
    """The contact's change history, newest first: what changed in each step, and every
    version's values (for the export, with the erasure's time in ISO 8601). Erasure blanks
    the personal fields in every version, so no step shows what was erased."""
    return history_entries(
        contact.history.select_related("history_user").order_by("-history_date", "-history_id"),
        fields=HISTORY_FIELDS,
        values=(*HISTORY_FIELDS, "erased_at"),
        formats={"erased_at": when},
    )


def retention_cutoff(today=None):
    """Contacts last in touch before this date have been kept longer than the period."""
    return (today or timezone.localdate()) - datetime.timedelta(days=retention_days())


def retention_list(*, legal_basis="", query="", today=None):
    """Contacts not in touch for longer than the retention period, oldest first.

    The last touch is the last contact, or the day the contact was created when there has
    been none. Erased contacts hold nothing any more and are left out.
    """
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    queryset = (
        Contact.objects.filter(erased_at__isnull=True)
        .select_related("organisation")
        .annotate(
            last_touch=Coalesce(
                F("last_contacted_on"),
                TruncDate("created_at", tzinfo=local),
                output_field=DateField(),
            )
        )
        .filter(last_touch__lt=retention_cutoff(today))
    )
    if legal_basis:
        queryset = queryset.filter(legal_basis=legal_basis)
    if query:
        queryset = queryset.filter(
            Q(name__icontains=query) | Q(organisation__name__icontains=query)
        )
    return queryset.order_by("last_touch", "pk")


def person_data(record, *, now=None):
    """The person's data as plain values for a JSON export: English keys, ISO 8601 dates.
    Each app's section under its key, and what each section is kept for under "sections"."""
    contact = record.contact
    return {
        "exported_at": when(now or timezone.now()),
        "erased": record.is_erased,
        "erased_at": when(contact.erased_at),
        **{section.key: section.json() for section in record.sections},
        "sections": [section.about() for section in record.sections],
        "mentions": [
            {
                "kind": mention.kind,
                "date": when(mention.date),
                "in": mention.where or None,
                "text": mention.excerpt,
                "scrubbed_at_erasure": mention.scrub,
            }
            for mention in record.mentions
        ],
        "uploads": [
            {"file_name": batch.original_name, "uploaded_at": when(batch.created_at)}
            for batch in record.uploads
        ],
    }
