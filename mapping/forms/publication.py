"""Publishing an organisation in the public directory, with the consent it gave."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.models import Organisation
from mapping.services.organisations import STAFF_CONSENTS


class PublishForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("How did the organisation give its consent?"),
        choices=[(value, Organisation.Consent(value).label) for value in STAFF_CONSENTS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("About the consent"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who gave it and how, e.g. 'Mette Hansen, manager, by e-mail 3.12.2026'."),
    )
