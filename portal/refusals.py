"""How a view shows a service's refusal: one way everywhere.

A service refuses by raising `ValidationError`, naming the field that caused it where one
did. A view with a form shows the refusal on the form (`on_form`): each message next to the
field it names, the rest at the top of the form, where `base.html`'s error summary lists
them too; nothing was saved, and the form keeps what the person typed.

A view without a form (a button that approves, submits, publishes) shows it as an error
message and sends the person back to the page the button was on (`as_message`): the page is
read again as it is now (the refusal is usually that someone else acted a moment ago), and
reloading it does not post the button again.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def on_form(form, error, *, rename=None):
    """Put `error` (a service's ValidationError) on `form`: a message about a field the form
    has lands on that field, any other at the top. `rename` maps a service's field name to
    the form's where they differ (`{"consent_note": "note"}`)."""
    rename = rename or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = rename.get(name, name)
        field = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(field, ValidationError(errors))


def on_formset(formset, error):
    """Put `error` (a service's ValidationError about a formset's rows as a whole) at the top
    of `formset`, with its own checks' errors."""
    formset.non_form_errors().extend(error.messages)


def as_message(request, error):
    """Tell the person about `error` (a service's ValidationError) as an error message on the
    next page: the caller redirects back to the page the button was on."""
    messages.error(request, " ".join(error.messages))
