"""Finding a person's name and e-mail address in the free text of every app, for erasure.

Each app tells `portal.registry` where its free text is (`register_personal_data`): a
`TextPlace` for text that erasure may scrub (replace the name with a neutral marker, in the
live rows and in their change history), or a `ListedPlace` for text that must not change by
itself (a frozen PDF, a council decision): those are listed for the project leader to handle.

The search finds the whole name and the whole e-mail address, case-insensitively and with
Danish letters, never a fragment: "Anna Berg" is not found in "Hanna Berg" or in
"Anna Bergström".
"""

import datetime
import email
import email.policy
import json
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# At least this many letters for a fragment to narrow the search in the database.
MIN_FRAGMENT = 3
# Characters of context either side of a match on the erasure page.
EXCERPT = 80


def _nfc(text):
    return unicodedata.normalize("NFC", text or "")


def _fragment(needle):
    """The longest run of ASCII characters in `needle`: both databases compare those without
    regard to case (SQLite's LIKE folds no other letters), so `icontains` on it finds every
    spelling of the needle, and more, which the exact pattern then sorts out."""
    runs = re.findall(r"[A-Za-z0-9@._+-]+", needle)
    return max(runs, key=len, default="")


class PersonMatcher:
    """The person's full names (also earlier ones) and e-mail addresses as one pattern."""

    def __init__(self, *, names=(), emails=()):
        # A one-word name would find everyone else who has it: only whole names are searched.
        self.names = sorted({_nfc(n).strip() for n in names if len(n.split()) >= 2})
        self.emails = sorted({_nfc(e).strip() for e in emails if e and "@" in e})
        self.skipped_names = sorted({n.strip() for n in names if n and len(n.split()) < 2})
        alternatives = [
            r"(?<![\w-])" + r"\s+".join(map(re.escape, name.split())) + r"(?:'?s)?(?![\w-])"
            for name in self.names
        ] + [r"(?<![\w.+-])" + re.escape(email) + r"(?![\w-]|\.\w)" for email in self.emails]
        self.pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
        fragments = [_fragment(needle) for needle in (*self.names, *self.emails)]
        # None: some needle has no usable fragment, so every row must be read.
        self.fragments = None if any(len(f) < MIN_FRAGMENT for f in fragments) else fragments

    def __bool__(self):
        return self.pattern is not None

    def prefilter(self, fields):
        """A Q that keeps every row whose `fields` may hold a match (and some that do not)."""
        if self.fragments is None:
            return Q()
        query = Q(pk__in=[])
        for name in fields:
            for fragment in self.fragments:
                query |= Q(**{f"{name}__icontains": fragment})
        return query

    def search(self, text):
        if not self or not text:
            return None
        return self.pattern.search(unicodedata.normalize("NFKC", text))

    def scrub(self, text, marker):
        """`text` with every match replaced by `marker` (the same object when none)."""
        if not self or not text:
            return text
        scrubbed = self.pattern.sub(marker, _nfc(text))
        return scrubbed if scrubbed != _nfc(text) else text

    def excerpt(self, text):
        match = self.search(text)
        if match is None:
            return ""
        normal = unicodedata.normalize("NFKC", text)
        start, end = max(match.start() - EXCERPT, 0), match.end() + EXCERPT
        return ("…" if start else "") + normal[start:end] + ("…" if end < len(normal) else "")


@dataclass
class Mention:
    """One row of text that names the person."""

    kind: str
    where: str
    excerpt: str
    date: datetime.date | None = None
    url: str = ""
    scrub: bool = True
    reason: str = ""


def _local_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


class TextPlace:
    """Free-text fields of one model that erasure scrubs, also in the model's change history
    (django-simple-history) when it has one. Rows are changed with `update()`: an erasure is
    not an edit, and the history gets no new version that would hold the old text."""

    scrub = True

    def __init__(
        self, model, fields, *, date=None, select_related=(), where=str, url=None, reason=""
    ):
        self.model = model
        self.reason = reason
        self.fields = tuple(fields)
        self.date = date
        self.select_related = select_related
        self.where = where
        self.url = url or (lambda obj: "")

    @property
    def kind(self):
        return str(self.model._meta.verbose_name).capitalize()

    def _rows(self, queryset, matcher, fields):
        rows = queryset.filter(matcher.prefilter(fields))
        return [row for row in rows if any(matcher.search(getattr(row, f)) for f in fields)]

    def find(self, matcher):
        if not self.fields:  # only the change reasons of its history are searched
            return []
        queryset = self.model._default_manager.select_related(*self.select_related)
        return [
            Mention(
                kind=self.kind,
                where=str(self.where(row)),
                excerpt=next(
                    matcher.excerpt(getattr(row, f))
                    for f in self.fields
                    if matcher.search(getattr(row, f))
                ),
                date=_local_date(getattr(row, self.date)) if self.date else None,
                url=self.url(row),
                scrub=self.scrub,
                reason=str(self.reason),
            )
            for row in self._rows(queryset, matcher, self.fields)
        ]

    def _scrub_rows(self, queryset, matcher, marker, fields):
        changed = 0
        for row in self._rows(queryset, matcher, fields):
            values = {f: matcher.scrub(getattr(row, f), marker) for f in fields}
            queryset.filter(pk=row.pk).update(**values)
            changed += 1
        return changed

    def erase(self, matcher, marker):
        """Scrub the live rows and every earlier version; returns the rows changed."""
        changed = self._scrub_rows(self.model._default_manager.all(), matcher, marker, self.fields)
        history = getattr(self.model, "history", None)
        if history is not None and hasattr(history, "model"):
            fields = (*self.fields, "history_change_reason")
            changed += self._scrub_rows(history.model.objects.all(), matcher, marker, fields)
        return changed


class ListedTextPlace(TextPlace):
    """Free-text fields that erasure lists instead of scrubbing, with `reason` saying why."""

    scrub = False

    def erase(self, matcher, marker):
        return 0


class ListedPlace:
    """Text that erasure must not change by itself: `finder(matcher)` returns its Mentions,
    each with the reason, for the project leader to handle by hand."""

    scrub = False

    def __init__(self, finder):
        self.finder = finder

    def find(self, matcher):
        return [mention for mention in self.finder(matcher) if not mention.scrub]

    def erase(self, matcher, marker):
        return 0


class AdminLogPlace:
    """The admin's log names objects in `object_repr` and, JSON-encoded (ø stored as
    \\u00f8), in `change_message`: the message is decoded, scrubbed and encoded again."""

    scrub = True
    kind = _("Admin log entry")

    def _rows(self, matcher):
        rows = LogEntry.objects.filter(matcher.prefilter(("object_repr", "change_message")))
        return [
            row
            for row in rows.select_related("content_type")
            if matcher.search(row.object_repr) or matcher.search(row.get_change_message())
        ]

    def find(self, matcher):
        return [
            Mention(
                kind=str(self.kind),
                where=str(row.content_type),
                excerpt=matcher.excerpt(row.object_repr)
                or matcher.excerpt(row.get_change_message()),
                date=_local_date(row.action_time),
            )
            for row in self._rows(matcher)
        ]

    def erase(self, matcher, marker):
        rows = self._rows(matcher)
        for row in rows:
            LogEntry.objects.filter(pk=row.pk).update(
                object_repr=matcher.scrub(row.object_repr, marker),
                change_message=_scrub_json(row.change_message, matcher, marker),
            )
        return len(rows)


def _scrub_json(message, matcher, marker):
    try:
        data = json.loads(message)
    except ValueError:
        return matcher.scrub(message, marker)
    return json.dumps(_scrub_value(data, matcher, marker))


def _scrub_value(value, matcher, marker):
    if isinstance(value, str):
        return matcher.scrub(value, marker)
    if isinstance(value, list):
        return [_scrub_value(item, matcher, marker) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_value(item, matcher, marker) for key, item in value.items()}
    return value


def _message_text(raw):
    """The subject and the plain-text parts of a stored message, decoded for searching."""
    if not raw:
        return ""
    message = email.message_from_bytes(bytes(raw), policy=email.policy.default)
    parts = [str(message["Subject"] or "")]
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            try:
                parts.append(part.get_content())
            except (LookupError, ValueError):
                continue
    return "\n".join(parts)


class DeliveryPlace:
    """The stored e-mail: messages to the person's address and messages that name them.

    A message not yet sent (pending, or failed and waiting for "send again") is deleted: it
    must not go out to, or about, someone erased. One that was sent keeps its row, so counts
    and the other recipients' history stay, without the stored copy, with the subject
    scrubbed and, when it went to the person, without their address."""

    scrub = True
    kind = _("E-mail")

    def _rows(self, matcher):
        from portal.models import Delivery

        addresses = {address.lower() for address in matcher.emails}
        # Only these can name the person: a message to one of their addresses, a subject
        # that may, or a stored copy (kept only until sent) whose text is read here.
        candidates = Q(message__isnull=False) | matcher.prefilter(("subject",))
        for address in addresses:
            candidates |= Q(recipient__iexact=address)
        rows = []
        for row in Delivery.objects.filter(candidates).order_by("pk").iterator():
            to_person = row.recipient.lower() in addresses
            text = _message_text(row.message)
            if to_person or matcher.search(row.subject) or matcher.search(text):
                rows.append((row, to_person, text))
        return rows

    def find(self, matcher):
        return [
            Mention(
                kind=str(self.kind),
                where=f"{row.subject} → {row.recipient}",
                excerpt=matcher.excerpt(text) or matcher.excerpt(row.subject) or row.recipient,
                date=_local_date(row.created_at),
            )
            for row, _to_person, text in self._rows(matcher)
        ]

    def erase(self, matcher, marker):
        from portal.models import Delivery

        rows = self._rows(matcher)
        for row, to_person, _text in rows:
            if row.status != Delivery.Status.SENT:
                Delivery.objects.filter(pk=row.pk).delete()
                continue
            # A sent message keeps no stored copy (deliveries._sent dropped it).
            values = {"subject": matcher.scrub(row.subject, marker)}
            if to_person:
                values["recipient"] = marker
                values["recipient_user"] = None
                values["last_error"] = ""
            Delivery.objects.filter(pk=row.pk).update(**values)
        return len(rows)
