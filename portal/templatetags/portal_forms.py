"""The page's form errors, gathered once for base.html's error summary and title."""

from dataclasses import dataclass, field

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.functional import LazyObject, Promise

register = template.Library()


@dataclass(frozen=True)
class ErrorLink:
    """One error as the summary lists it: the field's label and message, and its field's id."""

    message: str
    label: str = ""
    target: str = ""


@dataclass
class ErrorSummary:
    errors: list[ErrorLink] = field(default_factory=list)

    @property
    def count(self):
        return len(self.errors)

    def __bool__(self):
        return bool(self.errors)


def _target(bound_field):
    """The id that a link to the field should move focus to: the first option of a group."""
    if bound_field.is_hidden:
        return ""
    return bound_field.id_for_label or (f"{bound_field.auto_id}_0" if bound_field.auto_id else "")


def _form_errors(form):
    for message in form.non_field_errors():
        yield ErrorLink(message=message)
    for name in form.errors:
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound_field = form[name]
        for message in bound_field.errors:
            yield ErrorLink(message=message, label=bound_field.label, target=_target(bound_field))


def _errors_of(value):
    if isinstance(value, forms.BaseForm) and value.is_bound:
        yield from _form_errors(value)
    elif isinstance(value, BaseFormSet) and value.is_bound:
        for message in value.non_form_errors():
            yield ErrorLink(message=message)
        for form in value.forms:
            yield from _form_errors(form)


@register.simple_tag(takes_context=True)
def form_error_summary(context):
    """Every error of every bound form and formset in the template's context.

    Pages pass their forms under many names (``form``, ``formset``, ``comment_form``); looking
    at all of them here means no page can forget its summary. A form found under two names is
    counted once.
    """
    summary, seen = ErrorSummary(), set()
    for value in context.flatten().values():
        # The user, the navigation and the CSRF token are lazy: no form hides there, and
        # looking inside would evaluate them.
        if isinstance(value, LazyObject | Promise):
            continue
        candidates = value if isinstance(value, list | tuple) else (value,)
        for candidate in candidates:
            if id(candidate) in seen:
                continue
            seen.add(id(candidate))
            summary.errors.extend(_errors_of(candidate))
    return summary


@register.filter
def shows_as_required(bound_field):
    """Whether a field's label gets the required star (templates/bootstrap5/field.html).

    An empty extra row of a formset may be left empty: its fields are required only once the
    row is filled in, so they are not starred until then.
    """
    form = bound_field.form
    optional_row = form.empty_permitted and not form.has_changed()
    return bound_field.field.required and not optional_row
