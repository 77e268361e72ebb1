from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mapping.cvr import widget_attrs as cvr_lookup_attrs
from mapping.forms.cvr import CVRField
from mapping.forms.pickers import OrganisationMultipleChoiceField
from mapping.models import YES_NO, Contact, Organisation
from mapping.models.organisations import (
    CHARACTERISTICS,
    CRITERIA,
    PROFILE_FIELDS,
    STAFF_FIELDS,
)
from portal.concurrency import ConcurrentEditMixin
from portal.forms import AutocompleteMixin
from portal.images import ImageUploadMixin


def _yes_no_field(model_field, *, required):
    """A yes/no question as two radio buttons (and 'not answered' where that is allowed)."""
    choices = list(YES_NO) if required else [("", _("Not answered")), *YES_NO]
    return forms.TypedChoiceField(
        label=capfirst(model_field.verbose_name),
        help_text=model_field.help_text,
        choices=choices,
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


def _profile_layout(*extra, first=()):
    return Layout(
        Fieldset(
            _("About the organisation"),
            *first,
            "name",
            "kind",
            "cvr",
            "description",
            "purpose_areas",
            "website",
            "logo",
            "founded_year",
        ),
        Fieldset(
            _("Employees"),
            HTML(
                '<p class="form-text">'
                + str(_("Counts only: the portal never stores who the people are."))
                + "</p>"
            ),
            Div("employees", "employees_flexjob", "employees_edge"),
        ),
        Fieldset(_("Address"), "street", "postcode", "town", "area"),
        Fieldset(
            _("The five criteria for a registered social-economy enterprise"),
            *[name for pair in CRITERIA for name in pair],
        ),
        Fieldset(_("Characteristics"), *CHARACTERISTICS),
        *extra,
    )


class OrganisationProfileForm(
    AutocompleteMixin, ImageUploadMixin, ConcurrentEditMixin, forms.ModelForm
):
    """What an enterprise user may change about their own organisation."""

    answers_required = False
    image_fields = ("logo",)
    autocomplete = {
        "name": "organization",
        "website": "url",
        "street": "street-address",
        "postcode": "postal-code",
        "town": "address-level2",
    }

    # Django 6's default, opted into now: a website typed without a scheme is https.
    website = forms.URLField(
        label=capfirst(Organisation._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = list(PROFILE_FIELDS)
        field_classes = {"cvr": CVRField}
        widgets = {
            "purpose_areas": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            **{note: forms.Textarea(attrs={"rows": 2}) for _field, note in CRITERIA},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in [field for field, _note in CRITERIA] + list(CHARACTERISTICS):
            self.fields[name] = _yes_no_field(
                Organisation._meta.get_field(name), required=self.answers_required
            )
        self.fields["kind"].choices = [("", _("Choose a kind")), *Organisation.Kind.choices]
        self.fields["area"].empty_label = _("Not known or outside the local areas")
        # Lets static/portal/cvr-lookup.js offer a look-up; no attributes without a register.
        self.fields["cvr"].widget.attrs.update(cvr_lookup_attrs())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = self.get_layout()

    def get_layout(self):
        return _profile_layout()


class OrganisationStaffForm(OrganisationProfileForm):
    """The programme staff's form: the profile plus the mapping's own assessment."""

    class Meta(OrganisationProfileForm.Meta):
        fields = list(STAFF_FIELDS)
        widgets = {
            **OrganisationProfileForm.Meta.widgets,
            "rsv_checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def get_layout(self):
        return _profile_layout(
            Fieldset(
                _("The programme's assessment"),
                "sector",
                "se_status",
                "rsv_registered",
                "rsv_checked_on",
            ),
            Fieldset(_("From the CVR register"), "industry_code", "advertising_protected"),
        )


class RegistrationForm(OrganisationProfileForm):
    """Self-registration: the organisation, its contact person and their login, in one go."""

    answers_required = True
    autocomplete = {
        **OrganisationProfileForm.autocomplete,
        "contact_name": "name",
        "contact_role": "organization-title",
        "email": "email",
        "phone": "tel",
    }

    what = forms.ChoiceField(
        label=_("What are you registering?"),
        choices=[
            (
                Organisation.SocialEconomyStatus.EXISTING,
                _("A social-economy enterprise that is up and running"),
            ),
            (
                Organisation.SocialEconomyStatus.POTENTIAL,
                _("An idea or an enterprise that is getting started"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_role = forms.CharField(
        label=_("Your role in the organisation"), max_length=200, required=False
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("You log in with this address, and we write to you here."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality keeps my name and contact details to work with me "
            "in the social-economy programme. I can ask to have them erased at any time."
        ),
    )
    # A honeypot: people do not see this field (and its label tells screen-reader users to
    # leave it empty); spam robots fill it in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def get_layout(self):
        layout = _profile_layout(
            Fieldset(
                _("Contact person and login"),
                "contact_name",
                "contact_role",
                "email",
                "phone",
                "password1",
                "password2",
                "consent",
            ),
            Div("homepage", css_class="portal-honeypot"),
            first=["what"],
        )
        return layout

    def clean_email(self):
        email = self.cleaned_data["email"]
        users = get_user_model().objects
        if (
            users.filter(email__iexact=email).exists()
            or users.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in, or ask for "
                    "a new password if you have forgotten it."
                ),
                code="email_taken",
            )
        return email

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("This field must be left empty."), code="honeypot")
        return ""

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            user = get_user_model()(
                email=cleaned.get("email", ""), first_name=cleaned.get("contact_name", "")
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The registrant receives this reason by e-mail."),
    )


class ContactForm(AutocompleteMixin, ConcurrentEditMixin, forms.ModelForm):
    """A contact person. The programme's own view of them (key person, change agent, the
    organisations they link) is for staff only: pass `staff=True` for the programme's staff."""

    autocomplete = {
        "name": "name",
        "role": "organization-title",
        "email": "email",
        "phone": "tel",
    }

    STAFF_FIELDS = ("is_key_person", "is_change_agent", "linked_organisations")

    class Meta:
        model = Contact
        fields = [
            "name",
            "role",
            "email",
            "phone",
            "is_key_person",
            "is_change_agent",
            "linked_organisations",
            "public",
            "legal_basis",
            "purpose",
        ]
        field_classes = {"linked_organisations": OrganisationMultipleChoiceField}

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        in_the_programme = ()
        if staff:
            linked = self.fields["linked_organisations"]
            linked.queryset = Organisation.objects.exclude(
                pk=self.instance.organisation_id
            ).exclude(moderation_state=Organisation.Moderation.REJECTED)
            linked.help_text = _(
                "Other organisations this person links to, e.g. as a board member."
            )
            in_the_programme = (Fieldset(_("In the programme"), *self.STAFF_FIELDS),)
        else:
            for name in self.STAFF_FIELDS:
                del self.fields[name]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The person"), "name", "role", "email", "phone"),
            *in_the_programme,
            Fieldset(_("Personal data"), "public", "legal_basis", "purpose"),
        )
