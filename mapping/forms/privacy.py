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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Fieldset(_("Confirm the erasure"), "confirm"))


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
