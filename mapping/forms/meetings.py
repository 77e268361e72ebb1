"""Forms for mapping meetings, the feedback heard there and ideas for interplay."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mapping.forms.pickers import (
    OrganisationChoiceField,
    OrganisationMultipleChoiceField,
    PickerCheckboxes,
    organisation_choices,
)
from mapping.models import (
    Attendance,
    Contact,
    Feedback,
    FeedbackTag,
    InterplayIdea,
    Meeting,
    Organisation,
)
from portal.collation import danish_order
from portal.concurrency import ConcurrentEditMixin
from portal.forms import staff_organiser_field

# A tag is a short word or phrase: the model's own limit.
TAG_MAX_LENGTH = FeedbackTag._meta.get_field("name").max_length
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_widget():
    # The browser's own date-and-time picker. Django reads the value in the current time
    # zone (Europe/Copenhagen) and stores it in UTC; it shows a stored value the same way.
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def living_contacts():
    """Contacts that can take part: not erased, with their organisation for the label."""
    return (
        Contact.objects.filter(erased_at__isnull=True)
        .select_related("organisation")
        .order_by(danish_order("organisation__name"), danish_order("name"), "pk")
    )


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.name})"


class SingleContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.name})"


class MeetingForm(ConcurrentEditMixin, forms.ModelForm):
    """A meeting and who takes part: organisations, and people at them."""

    contacts = ContactChoiceField(
        label=_("Participants (people)"),
        queryset=Contact.objects.none(),
        required=False,
        widget=PickerCheckboxes,
        help_text=_(
            "The people invited. Their organisations are added to the participating organisations."
        ),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "organiser",
            "organisations",
            "agenda",
            "minutes",
        ]
        widgets = {
            "starts_at": _datetime_widget(),
            "ends_at": _datetime_widget(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "starts_at": _("Danish time."),
            "ends_at": _("Danish time. Must be after the start."),
            "minutes": _("Written after the meeting."),
        }
        field_classes = {"organisations": OrganisationMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        staff_organiser_field(self.fields["organiser"], current=self.instance.organiser_id)
        self.fields["kind"].choices = [("", _("Choose a kind")), *Meeting.Kind.choices]
        self.fields["organisations"].queryset = organisation_choices()
        self.fields["organisations"].required = False
        self.fields["contacts"].queryset = living_contacts()
        if self.instance.pk:
            self.fields["contacts"].initial = [
                attendance.contact_id for attendance in self.instance.attendances.all()
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The meeting"), "kind", "title", "organiser"),
            Fieldset(_("When and where"), "starts_at", "ends_at", "place"),
            Fieldset(
                _("Participants"),
                Div(
                    "organisations",
                    css_class="overflow-auto border rounded p-2 mb-3 portal-scroll-box",
                ),
                Div(
                    "contacts",
                    css_class="overflow-auto border rounded p-2 mb-3 portal-scroll-box",
                ),
            ),
            Fieldset(_("Agenda and minutes"), "agenda", "minutes"),
        )


class AttendanceForm(ConcurrentEditMixin, forms.ModelForm):
    """Whether one invited person came: three choices, labelled by the person's name."""

    attended = forms.TypedChoiceField(
        choices=[
            ("", _("Not marked")),
            (True, _("Attended")),
            (False, _("Did not attend")),
        ],
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Attendance
        fields = ["attended"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.contact_id is None:
            # A row posted for someone not invited to this meeting: refused by its id.
            self.fields["attended"].label = _("Unknown participant")
        else:
            contact = self.instance.contact
            self.fields["attended"].label = f"{contact.name} ({contact.organisation.name})"


class BaseAttendanceFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # Django's row id accepts any attendance; only this meeting's invited people count.
        if any(form.instance.pk is None for form in self.forms):
            raise forms.ValidationError(
                _("The list of participants has changed. Please reload the page and try again."),
                code="unknown_participant",
            )


AttendanceFormSet = forms.modelformset_factory(
    Attendance,
    form=AttendanceForm,
    formset=BaseAttendanceFormSet,
    extra=0,
    can_delete=False,
    edit_only=True,
)


def split_tags(text):
    """'Lokalt, lokalt , fødevarer' -> ['Lokalt', 'fødevarer']: trimmed, no repeats."""
    names, seen = [], set()
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class FeedbackForm(forms.ModelForm):
    """Feedback heard at a meeting or from an organisation.

    At a meeting, who said it is chosen among the participants and the contacts of the
    participating organisations; for an organisation, among its own contacts.
    """

    tags_text = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Free words, separated by commas, e.g. 'premises, public procurement'."),
    )

    class Meta:
        model = Feedback
        fields = ["text", "theme", "organisation", "contact", "wants_reply"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "theme": forms.RadioSelect,
        }
        field_classes = {
            "contact": SingleContactChoiceField,
            "organisation": OrganisationChoiceField,
        }

    def __init__(self, *args, meeting=None, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fixed_organisation = organisation
        self.fields["theme"].choices = Feedback.Theme.choices
        contacts = living_contacts()
        if organisation is not None:
            del self.fields["organisation"]
            contacts = contacts.filter(organisation=organisation)
        else:
            organisations = meeting.organisations.all()
            invited = Q(attendances__meeting=meeting)
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].empty_label = _("Not tied to one organisation")
            self.fields["organisation"].help_text = _("Filled in from the person when left empty.")
            contacts = contacts.filter(Q(organisation__in=organisations) | invited).distinct()
        self.fields["contact"].queryset = contacts
        self.fields["contact"].empty_label = _("Not recorded")
        self.fields["contact"].required = False
        fields = ["text", "theme"]
        if "organisation" in self.fields:
            fields.append("organisation")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("What was said"), *fields),
            Fieldset(_("Who said it and tags"), "contact", "wants_reply", "tags_text"),
        )

    def clean_tags_text(self):
        names = split_tags(self.cleaned_data["tags_text"])
        too_long = [name for name in names if len(name) > TAG_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("A tag can have at most %(max)d characters: %(tag)s"),
                code="tag_too_long",
                params={"max": TAG_MAX_LENGTH, "tag": too_long[0]},
            )
        return names

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("contact")
        if cleaned.get("wants_reply") and not (contact and contact.email):
            self.add_error(
                "wants_reply",
                _("To hear back, the person must be chosen above and have an e-mail address."),
            )
        if self.fixed_organisation is not None:
            return cleaned
        organisation = cleaned.get("organisation")
        if contact and organisation and contact.organisation_id != organisation.pk:
            self.add_error("contact", _("This person is not at the organisation chosen above."))
        return cleaned

    def _post_clean(self):
        # The meeting or organisation is not a field: set it before the model validates,
        # so that the rule "a meeting or an organisation" is checked on what will be saved.
        if self.fixed_organisation is not None:
            self.instance.organisation = self.fixed_organisation
        else:
            self.instance.meeting = self.meeting
            contact = self.cleaned_data.get("contact")
            if self.cleaned_data.get("organisation") is None and contact is not None:
                self.cleaned_data["organisation"] = contact.organisation
        super()._post_clean()


def enterprise_choices(current_pk=None):
    """The organisations an idea for interplay can start from: social-economy ones."""
    condition = ~Q(se_status=Organisation.SocialEconomyStatus.NONE) | Q(
        sector=Organisation.Sector.SOCIAL_ECONOMY
    )
    if current_pk:
        condition |= Q(pk=current_pk)
    return organisation_choices(Organisation.objects.filter(condition))


def _department_choices(current_pk=None):
    condition = Q(sector=Organisation.Sector.PUBLIC)
    if current_pk:
        condition |= Q(pk=current_pk)
    return organisation_choices(Organisation.objects.filter(condition))


class InterplayIdeaForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = InterplayIdea
        fields = ["organisation", "department", "service", "description", "state"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        field_classes = {
            "organisation": OrganisationChoiceField,
            "department": OrganisationChoiceField,
        }
        help_texts = {
            "organisation": _("A social-economy enterprise, existing or potential."),
            "department": _("A department or other public-sector organisation."),
            "service": _("The municipal service or task, e.g. 'school meals'."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = enterprise_choices(self.instance.organisation_id)
        self.fields["organisation"].empty_label = _("Choose the enterprise")
        # The model's limit_choices_to would hide a department that has since changed
        # sector; keep the current one selectable.
        self.fields["department"].limit_choices_to = None
        self.fields["department"].queryset = _department_choices(self.instance.department_id)
        self.fields["department"].empty_label = _("Choose the department")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Who"), "organisation", "department"),
            Fieldset(_("The idea"), "service", "description", "state"),
        )


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Meeting.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Meeting
        fields = ["kind"]


class FeedbackFilterForm(forms.Form):
    """The by-theme view's filters. Cleaned, they are the `filters` of feedback_by_theme."""

    kind = forms.ChoiceField(
        label=_("Meeting kind"),
        choices=[("", _("All kinds")), *Meeting.Kind.choices],
        required=False,
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"),
        queryset=FeedbackTag.objects.order_by("name"),
        to_field_name="name",
        required=False,
        empty_label=_("All tags"),
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All organisations"),
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            Q(feedback__isnull=False) | Q(contacts__feedback__isnull=False)
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return cleaned


class InterplayIdeaFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=InterplayIdea.State.choices, empty_label=_("All states")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Municipal department"),
        queryset=organisation_choices(
            Organisation.objects.filter(sector=Organisation.Sector.PUBLIC)
        ),
        empty_label=_("All departments"),
    )

    class Meta:
        model = InterplayIdea
        fields = ["state", "department"]
