"""Forms of the people page: an invitation and a person's roles. Only the roles the project
leader may grant are offered; the service refuses any other that is posted."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.forms import AutocompleteMixin
from portal.models import User
from portal.people.services import GRANTABLE_ROLES


def _grantable_choices():
    return [(role.value, role.label) for role in GRANTABLE_ROLES]


def _role_field(label=None, **kwargs):
    return forms.ChoiceField(label=label or _("Role"), choices=_grantable_choices, **kwargs)


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
        # The page's <form> carries the token.
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("The person"), "first_name", "last_name", "email", "language"),
            Fieldset(_("Access"), "role"),
        )


class RolesForm(forms.Form):
    """The roles the project leader may give, the person's current ones ticked. The roles
    as the form showed them travel along (`shown`), so that only what the project leader
    changed is applied: a role someone else gave meanwhile is kept."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=_grantable_choices,
        widget=forms.CheckboxSelectMultiple,
        # Left empty, the service says why: a person keeps at least one role.
        required=False,
    )
    shown = forms.MultipleChoiceField(
        choices=User.Role.choices, widget=forms.MultipleHiddenInput, required=False
    )

    def __init__(self, *args, person: User, **kwargs):
        current = [role.value for role in person.roles_sorted if role in GRANTABLE_ROLES]
        super().__init__(*args, initial={"roles": current, "shown": current}, **kwargs)
        self.person = person
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The page's <form> carries the token.
        self.helper.disable_csrf = True

    def changes(self):
        """(grant, revoke): the roles ticked and unticked since the form was shown. A post
        without `shown` (a person always holds a role, so it is never empty) is compared
        with the roles the person holds now."""
        shown = set(self.cleaned_data["shown"]) or {role.value for role in self.person.roles}
        ticked = set(self.cleaned_data["roles"])
        return ticked - shown, shown - ticked
