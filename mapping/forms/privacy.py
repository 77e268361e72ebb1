from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.models import Contact


class EraseForm(forms.Form):
    """The project leader confirms that the person is to be erased for good."""

    confirm = forms.BooleanField(
        label=_("I understand that the person's details cannot be restored after erasure"),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )

    listed_handled = forms.BooleanField(
        label=_(
            "I have read the places listed under 'Text that erasure does not change' and "
            "handled them, or decided that they may keep the name"
        ),
        error_messages={"required": _("Handle the listed places first, then tick the box.")},
    )

    accounts = forms.BooleanField(
        label=_("Also erase the user accounts listed above, and close them for good"),
        help_text=_(
            "Leave it unticked when an account belongs to someone else with the same address, "
            "or is to be kept."
        ),
        required=False,
    )

    def __init__(self, *args, listed=0, accounts=0, **kwargs):
        super().__init__(*args, **kwargs)
        fields = ["confirm"]
        if listed:
            fields.append("listed_handled")
        else:
            del self.fields["listed_handled"]
        if accounts:
            fields.append("accounts")
        else:
            del self.fields["accounts"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Fieldset(_("Confirm the erasure"), *fields))


class RetentionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or organisation"),
        required=False,
        max_length=100,
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        required=False,
        choices=[("", _("Any legal basis")), *Contact.LegalBasis.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
