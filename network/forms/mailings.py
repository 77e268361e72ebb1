"""The project leader's news mail: what it says, whether it is marketing, and the groups it
goes to."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from network.models import Event, Mailing, Theme


class EventChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        when = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{obj.title} ({when})"


class MailingForm(forms.ModelForm):
    quadrants = forms.MultipleChoiceField(
        label=_("Stakeholders in"),
        choices=Mailing.QUADRANTS.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Quadrants of the influence/interest grid: the contacts of the organisations there."
        ),
    )

    class Meta:
        model = Mailing
        fields = [
            "subject",
            "body",
            "is_marketing",
            "to_members",
            "themes",
            "events",
            "quadrants",
            "to_municipal_staff",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "themes": forms.CheckboxSelectMultiple,
            "events": forms.CheckboxSelectMultiple,
        }
        field_classes = {"events": EventChoiceField}
        help_texts = {
            "to_members": _(
                "The contacts and enterprise users of the organisations that are active members."
            ),
            "themes": _("The active members that follow one of these themes."),
            "events": _("Everyone signed up who has not cancelled."),
            "to_municipal_staff": _("Users with the municipal employee role."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")
        self.fields["events"].queryset = Event.objects.exclude(state=Event.State.DRAFT).order_by(
            "-starts_at", "pk"
        )
        self.fields["themes"].required = False
        self.fields["events"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The mail"), "subject", "body", "is_marketing"),
            Fieldset(
                _("Who it goes to"),
                "to_members",
                "themes",
                "events",
                "quadrants",
                "to_municipal_staff",
            ),
        )


class SendForm(forms.Form):
    """The count the page showed, confirmed by the sender."""

    count = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
