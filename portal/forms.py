from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.forms.models import InlineForeignKeyField
from django.utils.translation import gettext_lazy as _


def staff_organiser_field(field, *, current=None):
    """Make `field` (a user choice) the organiser picker of a meeting or event: the active
    programme staff by name, and `current` (the pk of the organiser saved before, who may
    have left since) so an edit keeps them."""
    user_model = get_user_model()
    staff = user_model.role_q(*user_model.STAFF_ROLES) & Q(is_active=True)
    if current:
        staff |= Q(pk=current)
    field.queryset = user_model.objects.filter(staff).order_by(
        "first_name", "last_name", "username"
    )
    field.empty_label = _("Choose the organiser")


class LoginForm(AuthenticationForm):
    """Django's login form, with a label that says the e-mail address works too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name or e-mail address")


class AutocompleteMixin:
    """Tells the browser what each field asks for (WCAG 1.3.5), so it can offer to fill it in.

    A form names its fields' purposes in `autocomplete` (field name -> HTML autocomplete
    token, such as "email", "tel" or "postal-code"); fields the form does not have are skipped.
    """

    autocomplete = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, token in self.autocomplete.items():
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("autocomplete", token)


def model_values(form):
    """A valid ModelForm's cleaned values for its model's fields: the keyword arguments a
    service takes for the row's own fields (services never see the form).

    What the form would have written onto its row: fields the form does not have, and a
    field with a default that the post left out (an API client's partial post), are not
    included, so the row keeps what it has.
    """
    opts = form._meta.model._meta
    values = {}
    for field in [*opts.concrete_fields, *opts.many_to_many]:
        name = field.name
        if not field.editable or field.primary_key or name not in form.cleaned_data:
            continue
        # A form's own field that shares a model field's name is not that field; an inline
        # formset's link to its parent row is the service's to set.
        if name not in form.fields or not _on_model(form, name):
            continue
        if isinstance(form.fields[name], InlineForeignKeyField):
            continue
        value = form.cleaned_data[name]
        omitted = form[name].field.widget.value_omitted_from_data(
            form.data, form.files, form.add_prefix(name)
        )
        if field.has_default() and omitted and value in form[name].field.empty_values:
            continue
        values[name] = value
    return values


def _on_model(form, name):
    """Whether the ModelForm's Meta makes `name` one of the model's fields it writes."""
    meta = form._meta
    listed = meta.fields in (None, "__all__") or name in meta.fields
    return listed and name not in (meta.exclude or ())
