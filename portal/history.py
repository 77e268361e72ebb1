"""The portal's one way to read a record's change history (django-simple-history): who
changed it, when, why, and what changed, field by field, with the values as a person reads
them (dates and numbers the Danish way, choices by their labels, related rows by their names).

Every app shows its history through `history_entries` and the include
`portal/includes/history.html`; what differs between pages (which fields, how a value is
written, whether the first version's values are listed) are parameters, not copies.
Related names are read in one query per related model, whatever the number of records.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import formatting

KIND_LABELS = {
    "+": gettext_lazy("Added"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Removed"),
}


@dataclass(frozen=True)
class Change:
    name: str
    field: str  # the field's verbose name
    old: str
    new: str


@dataclass
class Entry:
    """One historical record as a person reads it."""

    record: object
    changes: list = field(default_factory=list)
    object: str = ""  # what was changed, for a history of several records
    model_label: str = ""
    url: str = ""  # the record's page, while it still exists
    values: dict = field(default_factory=dict)  # the version's values (`values=`)

    @property
    def when(self):
        return self.record.history_date

    @property
    def who(self):
        return self.record.history_user

    @property
    def why(self):
        return self.record.history_change_reason or ""

    @property
    def kind(self):
        return self.record.history_type

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


def _records(source):
    """Historical records of a model instance (with `history`), a queryset or a list."""
    if not isinstance(source, (models.QuerySet, list, tuple)):
        source = source.history.all()
    if isinstance(source, models.QuerySet) and not source.query.is_sliced:
        source = source.select_related("history_user")
    return list(source)


def tracked_fields(model, records):
    """The fields a person may read in a history: every tracked, editable field."""
    if not records:
        return []
    tracked = {f.name for f in records[0].tracked_fields if f.editable}
    tracked |= {f.name for f in records[0]._history_m2m_fields}
    return [f.name for f in model._meta.get_fields() if f.name in tracked]


def _m2m_values(model, names, records):
    """{(record's history_id, field name): [related ids]}: one query per m2m field."""
    values = {}
    for name in names:
        through = getattr(records[0], name).model
        related = model._meta.get_field(name).m2m_reverse_field_name()
        rows = through.objects.filter(history__in=[r.history_id for r in records])
        for history_id, related_id in rows.values_list("history_id", related):
            values.setdefault((history_id, name), []).append(related_id)
    return values


def _names(model, names, records, m2m):
    """{field name: {id: name}} for the related rows a history holds: one query per field."""
    found = {}
    for name in names:
        model_field = model._meta.get_field(name)
        if not model_field.is_relation:
            continue
        if model_field.many_to_many:
            ids = {i for (_h, n), values in m2m.items() if n == name for i in values}
        else:
            ids = {getattr(r, model_field.attname) for r in records} - {None}
        related = model_field.related_model._base_manager.filter(pk__in=ids)
        found[name] = {row.pk: str(row) for row in related}
    return found


def display(model_field, value, names=None):
    """A stored value as a person reads it; "" for none."""
    if value is None or value == "" or value == []:
        return ""
    if model_field.is_relation:
        known = (names or {}).get(model_field.name, {})
        if model_field.many_to_many:
            return ", ".join(sorted(known.get(i, f"#{i}") for i in value))
        return known.get(value, f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formatting.number(value)
    return str(value)


class _Reader:
    """The values of a set of records, shown one way."""

    def __init__(self, model, records, names, formats):
        self.model, self.formats = model, formats or {}
        m2m_names = [n for n in names if model._meta.get_field(n).many_to_many]
        self.m2m = _m2m_values(model, m2m_names, records) if records else {}
        self.related = _names(model, names, records, self.m2m)

    def raw(self, record, name):
        model_field = self.model._meta.get_field(name)
        if model_field.many_to_many:
            return sorted(self.m2m.get((record.history_id, name), []))
        return getattr(record, model_field.attname)

    def text(self, name, value):
        if value not in (None, "") and name in self.formats:
            return self.formats[name](value)
        return display(self.model._meta.get_field(name), value, self.related)


def _changes(reader, names, record, before, initial):
    if record.history_type == "-":
        return []
    if before is None and not initial:
        return []
    changes = []
    for name in names:
        new = reader.raw(record, name)
        old = reader.raw(before, name) if before is not None else None
        if (before is not None and old == new) or (before is None and new in (None, "", [])):
            continue
        label = reader.model._meta.get_field(name).verbose_name
        old_text = reader.text(name, old) if before is not None else ""
        changes.append(Change(name, label, old_text, reader.text(name, new)))
    return changes


def history_entries(
    source,
    *,
    fields=None,
    formats=None,
    initial=False,
    changed_only=False,
    limit=None,
    describe=None,
    url=None,
    values=(),
):
    """A history, newest first, as `Entry`s with what changed in each step.

    `source` is a model instance with `history`, or historical records (a queryset or list,
    of one model, of one record or several: each record is compared with the version of the
    same row before it). `fields` (default every tracked field) are compared, in that order;
    `formats` maps a field to how its value is written (money, hours); `initial` lists the
    values of a row's first version as changes from nothing; `changed_only` leaves out the
    steps that changed none of `fields`; `limit` keeps the newest so many. `describe(record)`
    names what the record is of, and `url(record)` links to it (for a history of several);
    each entry carries the version's `values` of those fields (for an export).
    """
    records = _records(source)
    if not records:
        return []
    model = records[0].instance_type
    names = list(fields) if fields is not None else tracked_fields(model, records)
    reader = _Reader(model, records, [*names, *values], formats)
    entries, previous = [], {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        changes = _changes(reader, names, record, previous.get(record.id), initial)
        previous[record.id] = record
        if changed_only and not changes:
            continue
        entries.append(
            Entry(
                record=record,
                changes=changes,
                object=describe(record) if describe else "",
                model_label=model._meta.verbose_name,
                url=url(record) if url else "",
                values={name: reader.text(name, reader.raw(record, name)) for name in values},
            )
        )
    entries.reverse()
    return entries[:limit] if limit is not None else entries
