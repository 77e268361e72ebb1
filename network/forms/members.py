"""Forms of the network: applying to join, the project leader's decisions and changes of
status, the themes a member follows, and the themes themselves."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.models import Organisation
from network.models import Membership, Theme


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    if layout:
        helper.layout = Layout(*layout)
    return helper


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Theme.objects.none())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class ApplyForm(forms.Form):
    """An enterprise user applies for one of their own approved organisations."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose your organisation"),
        error_messages={
            "invalid_choice": _(
                "Choose one of your own organisations that has been approved in the portal."
            ),
        },
    )
    motivation = forms.CharField(
        label=_("Why does the organisation want to join the network?"),
        max_length=Membership._meta.get_field("motivation").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines for the project leader, who decides."),
    )
    themes = ThemeChoiceField(
        label=_("Themes to follow"),
        help_text=_("You hear about the meetings and news of the themes you follow."),
    )

    def __init__(self, *args, organisations, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.fields["themes"].queryset = themes
        self.helper = _helper(
            Fieldset(_("Your application"), "organisation", "motivation", "themes")
        )


class DecideForm(forms.Form):
    """The project leader's decision on an application: approve, or decline with a reason."""

    APPROVE = "approve"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (DECLINE, _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason or note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you decline: the applicant receives it by e-mail."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("note", "").strip():
            self.add_error("note", _("Give the reason for declining."))
        return cleaned


class StatusForm(forms.Form):
    """The project leader pauses, resumes or ends a membership, with a note."""

    PAUSE = "pause"
    RESUME = "resume"
    LEAVE = "leave"
    CHOICES = {
        PAUSE: _("Pause the membership"),
        RESUME: _("Resume the membership"),
        LEAVE: _("End the membership (left the network)"),
    }

    change = forms.ChoiceField(label=_("Change"), choices=list(CHOICES.items()))
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why: kept in the membership's history."),
    )

    def __init__(self, *args, changes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if changes is not None:
            self.fields["change"].choices = [(key, self.CHOICES[key]) for key in changes]
        self.helper = _helper()


class LeaveForm(forms.Form):
    """An enterprise user takes their organisation out of the network."""

    note = forms.CharField(
        label=_("Why are you leaving? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class MemberThemesForm(forms.Form):
    themes = ThemeChoiceField(label=_("Themes followed"))

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes
        self.helper = _helper()


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("Short, e.g. 'Indkøb' or 'Beskæftigelse'."),
            "active": _("An inactive theme can no longer be chosen; who followed it stays."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class MembershipFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Membership.Status.choices, empty_label=_("All")
    )

    class Meta:
        model = Membership
        fields = ["status"]
