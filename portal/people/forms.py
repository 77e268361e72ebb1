"""Forms of the people page: an invitation and a new role. Only the roles the project leader
may grant are offered; the service refuses any other that is posted."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.forms import AutocompleteMixin
from portal.models import User
from portal.people.services import GRANTABLE_ROLES


def _role_field(label=None, **kwargs):
    choices = [(role.value, role.label) for role in GRANTABLE_ROLES]
    return forms.ChoiceField(label=label or _("Role"), choices=choices, **kwargs)


class InviteForm(AutocompleteMixin, forms.Form):
    autocomplete = {"first_name": "given-name", "last_name": "family-name", "email": "email"}

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The invitation with a link to choose a password is sent here."),
    )
    role = _role_field()
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial="da",
        help_text=_("The language of the e-mails the portal sends this person."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The person"), "first_name", "last_name", "email", "language"),
            Fieldset(_("Access"), "role"),
        )


class RoleForm(forms.Form):
    # Radio buttons render as their own fieldset, with the label as its legend.
    role = _role_field(widget=forms.RadioSelect, label=_("New role"))

    def __init__(self, *args, person: User, **kwargs):
        super().__init__(*args, initial={"role": person.role}, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
