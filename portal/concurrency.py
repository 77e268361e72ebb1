"""Optimistic concurrency for every form that edits a shared record: nobody's save is lost
without a word.

An edit form carries a signed fingerprint of the record as it was when the form was shown:
one short digest per field of the form (no schema change, no revision column). Saving runs
`edit_is_current(form)` inside the save's transaction: it locks the row (select_for_update),
compares the digests with what is stored now and with what this person submitted, and then

- nobody changed anything meanwhile: the save goes ahead;
- someone else changed fields this person did not touch: their values are merged into the
  form (the form is cleaned again, so every check still holds) and the save goes ahead; this
  person is told which fields kept the other person's value;
- someone else changed a field this person changed too (to something else), or deleted the
  record: the form is invalid. Each such field says what it holds now, and who saved it and
  when (from the change history); the form keeps everything this person typed, shows the
  other person's value in the fields they did not touch, and carries the new fingerprint, so
  submitting it again saves this person's values on purpose.

A post without a fingerprint (a script, a test written before this existed) is saved as
before; a fingerprint that is not ours (tampered, or signed with another key) is refused.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.db.transaction import TransactionManagementError
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

FIELD = "edit_fingerprint"
SALT = "portal.concurrency"


# --- The fingerprint -------------------------------------------------------------------


def _canonical(value):
    """A value in a form that compares equal however it reached us: from the database, from
    an import, or typed into a browser (which sends CRLF and cannot show seconds)."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, UploadedFile):
        return ["upload", value.name, value.size]
    if isinstance(value, FieldFile):
        return value.name or None
    if hasattr(value, "model") or isinstance(value, list | tuple | set):
        items = [_canonical(item) for item in value]
        return sorted(items, key=str)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.replace(second=0, microsecond=0).isoformat()
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value else "NaN"
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
    if value in ("", None):
        return None
    return value


def _digest(value):
    text = json.dumps(_canonical(value), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _model_field(instance, name):
    try:
        field = instance._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a form field with no model field behind it
        return None
    return field if field.concrete or field.many_to_many else None


def _stored(instance, name):
    """The field's value as the database holds it (many-to-many: the related rows)."""
    return _model_field(instance, name).value_from_object(instance)


def _tracked(form):
    return [
        name
        for name in form.fields
        if name != FIELD and _model_field(form.instance, name) is not None
    ]


def fingerprint(form, instance):
    """The signed token for `form`'s fields as `instance` holds them now."""
    payload = {
        "m": instance._meta.label_lower,
        "pk": instance.pk,
        "t": timezone.now().isoformat(),
        "f": {name: _digest(_stored(instance, name)) for name in _tracked(form)},
    }
    return signing.dumps(payload, salt=SALT, compress=True)


class ConcurrentEditMixin:
    """For a ModelForm that edits an existing row: adds the hidden fingerprint. Put it first
    among the bases. Saving goes through `edit_is_current` (see the module's docstring)."""

    edit_conflict = edit_merged = edit_conflicts = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        self.fields[FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=fingerprint(self, self.instance)
        )

    def __setattr__(self, name, value):
        # The fingerprint is in no crispy layout, and the forms set their helper after this
        # mixin's __init__ has run: whenever one is set, it renders hidden fields too.
        if name == "helper" and FIELD in getattr(self, "fields", {}):
            value.render_hidden_fields = True
        super().__setattr__(name, value)

    def clean_edit_fingerprint(self):
        token = self.cleaned_data.get(FIELD)
        if not token:
            return None
        try:
            payload = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            payload = None
        if (
            not isinstance(payload, dict)
            or payload.get("m") != self.instance._meta.label_lower
            or payload.get("pk") != self.instance.pk
        ):
            raise forms.ValidationError(
                _("The form is out of date or damaged: load the page again."),
                code="fingerprint",
            )
        return payload


# --- Checking a save -------------------------------------------------------------------


def _display(form, name, value):
    """A value as a person reads it in the conflict message."""
    field = form.fields[name]
    if hasattr(value, "model"):
        value = list(value)
    if value in (None, "", []) or (isinstance(value, FieldFile) and not value):
        return "–"
    if hasattr(field, "queryset"):
        model = field.queryset.model
        items = value if isinstance(value, list) else [value]
        objects = [
            item if isinstance(item, Model) else model._default_manager.filter(pk=item).first()
            for item in items
        ]
        return ", ".join(str(item) for item in objects if item is not None) or "–"
    choices = dict(getattr(field, "choices", None) or [])
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, FieldFile):
        return value.name.rsplit("/", 1)[-1]
    return str(value)


def _savers(current, since):
    """Who saved the record since `since` and when the last did, from its change history."""
    history = getattr(current, "history", None)
    if history is None or since is None:
        return [], None
    records = list(
        history.filter(history_date__gt=since)
        .select_related("history_user")
        .order_by("-history_date")
    )
    people = []
    for record in records:
        person = record.history_user
        name = (person.get_full_name() or person.get_username()) if person else None
        if name and name not in people:
            people.append(name)
    return people, (records[0].history_date if records else None)


def _form_data(form, name, value):
    """What a browser would post for `value` in `form`'s field `name` (a list of strings), or
    None for a field whose value does not travel in the form data (a file)."""
    field = form.fields[name]
    widget = field.widget
    if isinstance(field, forms.FileField):
        return None
    prepared = field.prepare_value(value)
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if prepared else []
    formatted = widget.format_value(prepared)
    if isinstance(formatted, list | tuple):
        return [str(item) for item in formatted]
    return [] if formatted is None else [str(formatted)]


def _set(data, key, values):
    if hasattr(data, "setlist"):
        data.setlist(key, values)
    elif values:
        data[key] = values if len(values) > 1 else values[0]
    else:
        data.pop(key, None)


def _check(form, data):
    """Compare one form with its locked row; write merged values and the new fingerprint into
    `data` (the mutable copy of the post). Returns the conflict rows and the merged rows."""
    payload = form.cleaned_data.get(FIELD)
    instance = form.instance
    current = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
    if current is None:
        return [{"deleted": True, "label": str(instance)}], []
    # Nothing outside the form is saved from the copy loaded before the lock.
    tracked = set(_tracked(form))
    for field in instance._meta.concrete_fields:
        if field.name not in tracked and not field.primary_key:
            setattr(instance, field.attname, getattr(current, field.attname))
    since = datetime.datetime.fromisoformat(payload["t"]) if payload.get("t") else None
    people, when = _savers(current, since)
    conflicts, merged = [], []
    for name, before in payload["f"].items():
        if name not in tracked:
            continue
        theirs = _stored(current, name)
        now, mine = _digest(theirs), _digest(form.cleaned_data.get(name))
        if now == before or mine == now:
            continue
        row = {
            "name": name,
            "label": capfirst(form.fields[name].label or name),
            "theirs": _display(form, name, theirs),
            "mine": _display(form, name, form.cleaned_data.get(name)),
            "by": ", ".join(people),
            "at": when,
            "form": form,
        }
        if mine == before:
            merged.append(row)
            values = _form_data(form, name, theirs)
            if values is not None:
                _set(data, form.add_prefix(name), values)
        else:
            conflicts.append(row)
    _set(data, form.add_prefix(FIELD), [fingerprint(form, current)])
    return conflicts, merged


def _clean_again(forms_and_formsets, data):
    for item in forms_and_formsets:
        item.data = data
        item._errors = None
        if hasattr(item, "forms"):
            item._non_form_errors = None
            for form in item.forms:
                form.data = data
                form._errors = None
    return all(item.is_valid() for item in forms_and_formsets)


def _conflict_error(row):
    if row.get("deleted"):
        return _("Someone else deleted this while you were editing it. Nothing was saved.")
    params = {"value": row["theirs"], "by": row["by"], "at": _at(row["at"])}
    if row["by"] and row["at"]:
        message = _("%(by)s changed this to “%(value)s” at %(at)s while you were editing.")
    else:
        message = _("Someone else changed this to “%(value)s” while you were editing.")
    return message % params


def _at(moment):
    if not moment:
        return ""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def edit_is_current(*forms_and_formsets, request=None):
    """Whether the valid forms (and formsets) may be saved: call it inside the save's
    transaction, after `is_valid()`, and save only when it answers True.

    False means someone else saved the record meanwhile and this person changed the same
    fields differently (or the record was deleted): the form now carries the conflict (as
    errors, and in `form.edit_conflict` for the edit_conflict include). True after a merge
    tells `request`'s person which fields kept the other person's value.
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("edit_is_current() must run inside the transaction")
    checked = []
    for item in forms_and_formsets:
        for form in getattr(item, "forms", [item]):
            deleting = getattr(form, "cleaned_data", {}).get("DELETE")
            if FIELD in form.fields and form.cleaned_data.get(FIELD) and not deleting:
                checked.append(form)
    if not checked:
        return True
    data = checked[0].data.copy()
    results = [(form, *_check(form, data)) for form in checked]
    conflicts = [row for _form, rows, _merged in results for row in rows]
    merged = [row for _form, _rows, rows in results for row in rows]
    if not conflicts and not merged:
        return True
    valid = _clean_again(forms_and_formsets, data)
    for form, rows, merged_rows in results:
        form.edit_conflict, form.edit_merged = rows, merged_rows
    # The edit_conflict include reads every row of the save from the first form passed.
    forms_and_formsets[0].edit_conflicts = conflicts
    if not conflicts and valid:
        if request is not None:
            messages.info(request, merged_message(merged))
        return True
    first = checked[0]
    for form, rows, _merged in results:
        for row in rows:
            form.add_error(None if row.get("deleted") else row["name"], _conflict_error(row))
    if conflicts:
        first.add_error(None, conflict_summary(conflicts))
    else:
        first.add_error(None, merged_message(merged))
    return False


def merged_message(rows):
    labels = ", ".join(str(row["label"]) for row in rows)
    return ngettext(
        "Someone else changed %(fields)s while you were editing; their value was kept.",
        "Someone else changed %(fields)s while you were editing; their values were kept.",
        len(rows),
    ) % {"fields": labels}


def conflict_summary(rows):
    if any(row.get("deleted") for row in rows):
        return _conflict_error(rows[0])
    labels = ", ".join(str(row["label"]) for row in rows)
    return ngettext(
        "Someone else saved %(fields)s while you were editing, and you changed it too. "
        "What you typed is still in the form. Save again to keep yours, or take theirs.",
        "Someone else saved %(fields)s while you were editing, and you changed them too. "
        "What you typed is still in the form. Save again to keep yours, or take theirs.",
        len(rows),
    ) % {"fields": labels}
