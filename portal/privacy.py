"""A person's data across every app: what each app holds about them, and how it forgets them.

Every app that stores something about a person registers one `PersonalDataProvider` (or
one per group of models) through `portal.registry.register_personal_data`. The provider

- declares what it covers: `covers` (fields it exports and erases or keeps on purpose),
  `attributions` (fields that only say which account did something) and `not_personal`
  (fields that look like a person's data but are not, each with the reason);
- lists the free text where the person may be named (`places()`: `portal.personal_data`);
- `export(person)` returns its `Section`s of the person's export: what is kept, why (purpose
  and legal basis), for how long, and what erasure does with it;
- `erase(person, by=, marker=)` deletes or anonymises its rows, keeping aggregates, inside
  the erasure's transaction (`person_erase`): one provider failing undoes them all.

The portal knows no app above it: it only iterates the providers.
`tests/portal/test_personal_data_coverage.py` fails when a model's field that holds a
person's data is declared by no provider.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from portal import registry
from portal.personal_data import PersonMatcher

# Stored texts, in the municipality's language whoever erases (`portal.i18n.stored_text`).
ERASED_NAME = gettext_noop("Erased person")
ERASED_REASON = gettext_noop("Personal data erased on request")
# What an erased person's name or e-mail address becomes in other text.
ERASED_MARKER = gettext_noop("[erased person]")


@dataclass(frozen=True)
class Person:
    """Whom an export or an erasure is about.

    `contacts` are the mapping's contact rows for the person (objects the portal does not
    look into), `users` the log-in accounts that are the same person, `matcher` their names
    and e-mail addresses for finding them in free text (read before anything is erased).
    """

    contacts: tuple = ()
    users: tuple = ()
    matcher: PersonMatcher = field(default_factory=PersonMatcher)

    @property
    def emails(self):
        return self.matcher.emails


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass
class Section:
    """One part of a person's export, from one provider.

    `rows` are dicts keyed by the columns' keys; a value is text, a number, a bool, a date,
    a moment, None or a list of texts. `data` is what the JSON export holds under `key`
    (English keys, ISO dates); without it, the rows. `kept` says why erasure keeps the
    rows (empty when it deletes or anonymises them).
    """

    key: str
    title: str
    purpose: str
    legal_basis: str
    retention: str
    erasure: str
    columns: tuple = ()
    rows: list = field(default_factory=list)
    kept: str = ""
    data: object = None
    empty: str = ""
    # Low first: who the person is before what they did.
    order: int = 100

    def json(self):
        if self.data is not None:
            return self.data
        return [{key: plain(value) for key, value in row.items()} for row in self.rows]

    def about(self):
        """The section's own description, for the JSON export."""
        return {
            "key": self.key,
            "title": str(self.title),
            "purpose": str(self.purpose),
            "legal_basis": str(self.legal_basis),
            "retention": str(self.retention),
            "at_erasure": str(self.erasure),
            "kept_at_erasure_because": str(self.kept) or None,
            "rows": len(self.rows),
        }


def when(value):
    """ISO 8601; moments in Danish time with their offset."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def plain(value):
    """A value as JSON holds it."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return when(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return str(value)


# A steering group's review of a frozen version (the strategy's, the interim report's):
# its comments and its verdicts, newest first.
REVIEW_COLUMNS = (
    Column("at", _("When")),
    Column("version", _("Version")),
    Column("kind", _("Kind")),
    Column("text", _("Text")),
)


def review_rows(*, comments, verdicts):
    """The rows of `REVIEW_COLUMNS` for `comments` (created_at, version, text) and
    `verdicts` (given_at, version, verdict, comment), newest first."""
    rows = [
        {"at": c.created_at, "version": str(c.version), "kind": _("Comment"), "text": c.text}
        for c in comments
    ] + [
        {
            "at": v.given_at,
            "version": str(v.version),
            "kind": v.get_verdict_display(),
            "text": v.comment,
        }
        for v in verdicts
    ]
    return sorted(rows, key=lambda row: row["at"], reverse=True)


ATTRIBUTION = _(
    "Says which account recorded, changed or decided something. Erasing the account leaves "
    "it without a name, so these rows keep no personal data and stay as the programme's record."
)

# Every change history (django-simple-history) says who made each change: that is an
# attribution to an account, like `ATTRIBUTION`; its change reason is scrubbed with the
# model's text place.
HISTORY_FIELDS = {"history_user": ATTRIBUTION}


class PersonalDataProvider:
    """What one app (or group of models) holds about a person. Subclass and fill in.

    `covers` and `attributions` map a model to the names of its fields; `not_personal` maps
    a model to `{field name: why it is not a person's data}`.
    """

    covers = {}
    attributions = {}
    not_personal = {}

    def places(self):
        """The `portal.personal_data` places of this app's free text that may name a person."""
        return []

    def export(self, person):
        """The person's `Section`s (maybe none)."""
        return []

    def erase(self, person, *, by, marker):
        """Delete or anonymise the person's rows; by default, scrub the free text."""
        if person.matcher:
            for place in self.places():
                place.erase(person.matcher, marker)

    def covered_fields(self):
        """`{model: {field name, …}}` of everything this provider declares, places included."""
        declared = {}
        for mapping in (self.covers, self.attributions, self.not_personal):
            for model, names in mapping.items():
                declared.setdefault(model, set()).update(names)
        for place in self.places():
            model = getattr(place, "model", None)
            if model is not None:
                declared.setdefault(model, set()).update(place.fields)
        return declared


def person_export(person):
    """Every provider's sections of the person's export, by `order`, then as registered."""
    sections = [
        section
        for provider in registry.personal_data_providers()
        for section in provider.export(person)
    ]
    return sorted(sections, key=lambda section: section.order)


@transaction.atomic
def person_erase(*, person, by, marker):
    """Let every provider forget the person, all or nothing: an error in one undoes the
    others (the caller's transaction, or this one)."""
    for provider in registry.personal_data_providers():
        provider.erase(person, by=by, marker=marker)
