"""The sign-up forms of an event's page (anyone, and a logged-in person's one click) and the
evaluation after the event."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from mapping.models import Organisation
from network.models import Department, Evaluation, SignUp
from portal.forms import AutocompleteMixin


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's <form> has its token
    helper.layout = Layout(*layout)
    return helper


class SignUpForm(AutocompleteMixin, forms.ModelForm):
    """Someone without an account: who they are and how to reach them. They confirm the
    address through the link in the e-mail that follows."""

    autocomplete = {"name": "name", "email": "email", "organisation_name": "organization"}

    class Meta:
        model = SignUp
        fields = ("name", "email", "organisation_name")
        labels = {"name": _("Your name"), "email": _("Your e-mail address")}
        help_texts = {
            "email": _("We send you a link to confirm your sign-up."),
            "organisation_name": _("The enterprise, association or workplace you come from."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(_("About you"), "name", "email", "organisation_name"),
        )


class MemberSignUpForm(forms.Form):
    """A logged-in person signs up with one click: their name and address come from their
    account. A municipal employee says which department they work in (training is counted
    per department); someone with several organisations says which one they come for."""

    department = forms.ModelChoiceField(
        label=_("Your department"),
        queryset=Department.objects.none(),
        help_text=_("Training is counted per department, to see where it has reached."),
    )
    organisation = forms.ModelChoiceField(
        label=_("You come for"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_municipal_employee:
            self.fields["department"].queryset = Department.objects.filter(active=True)
        else:
            del self.fields["department"]
        organisations = user.organisations.order_by("name")
        if len(organisations) > 1:
            self.fields["organisation"].queryset = organisations
        else:
            del self.fields["organisation"]
            self.single_organisation = organisations[0] if organisations else None
        self.helper = _helper(*self.fields)

    def chosen_organisation(self):
        if "organisation" in self.fields:
            return self.cleaned_data["organisation"]
        return self.single_organisation


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ("rating", "needs", "ideas", "barriers")
        widgets = {
            "rating": forms.RadioSelect,
            "needs": forms.Textarea(attrs={"rows": 3}),
            "ideas": forms.Textarea(attrs={"rows": 3}),
            "barriers": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "rating": _("How was the event for you?"),
            "needs": _("What do you or your organisation need?"),
            "ideas": _("Which ideas did the event give you?"),
            "barriers": _("What stands in the way?"),
        }
        help_texts = {
            "needs": _(
                "Optional. Your answers are passed on without your name; your organisation "
                "may be shown."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = Evaluation.Rating.choices
        self.helper = _helper(
            Fieldset(_("Your evaluation"), "rating", "needs", "ideas", "barriers"),
        )
