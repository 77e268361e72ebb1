"""Forms of time registration: one entry (date, activity, hours, note), and the project
leader's choice of whose time to see."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal import formatting
from portal.concurrency import ConcurrentEditMixin
from portal.fields import DanishDecimalField
from portal.programme.models import Activity, TimeEntry
from portal.programme.models.plan import MAX_HOURS_PER_ENTRY
from portal.programme.services.timesheets import MAX_HOURS_PER_DAY, check_day_total


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.phase.number} · {obj.name}"
        if not obj.phase.contracted:
            label += " " + str(_("(phase not contracted)"))
        return label


class TimeEntryForm(ConcurrentEditMixin, forms.ModelForm):
    """Every rule of the model is shown next to its field; the 16-hour day as well."""

    activity = ActivityChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        error_messages={"required": _("Choose the activity the time was spent on.")},
    )
    hours = DanishDecimalField(
        label=_("Hours"),
        decimal_places=2,
        error_messages={
            "required": _("Give the number of hours."),
            "invalid": _("Write the hours as a number, e.g. 7.5."),
        },
    )

    class Meta:
        model = TimeEntry
        fields = ["date", "activity", "hours", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {"date": {"required": _("Give the day the time was spent.")}}

    def __init__(self, *args, user, **kwargs):
        """`user` is the person whose time this is."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.user = user
        self.fields["activity"].queryset = Activity.objects.select_related("phase").order_by(
            "phase__number", "position", "pk"
        )
        # Filled in here, not where the field is declared: a text built at import would stay
        # in the language of that moment.
        self.fields["hours"].help_text = _(
            "In hours and quarters of an hour. At most %(limit)s on one day, all "
            "registrations together."
        ) % {"limit": formatting.number(MAX_HOURS_PER_DAY)}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Fieldset(_("Time spent"), "date", "activity", "hours", "note"))

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours < 0:
            raise ValidationError(_("Hours cannot be negative."), code="negative")
        if hours == 0:
            raise ValidationError(_("Hours must be more than 0."), code="zero")
        if hours > MAX_HOURS_PER_ENTRY:
            raise ValidationError(
                _("No more than %(limit)s hours in one entry: a working day cannot hold more.")
                % {"limit": formatting.number(MAX_HOURS_PER_ENTRY)},
                code="too_many",
            )
        return hours

    def clean(self):
        cleaned = super().clean()
        date, hours = cleaned.get("date"), cleaned.get("hours")
        if date and hours and "hours" not in self.errors:
            try:
                check_day_total(user=self.user, date=date, hours=hours, exclude=self.instance)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


def people_with_time():
    """Everyone who has registered time, and the staff who may."""
    user_model = get_user_model()
    return (
        user_model.objects.filter(
            Q(time_entries__isnull=False)
            | (user_model.role_q(*user_model.STAFF_ROLES) & Q(is_active=True))
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonFilterForm(forms.Form):
    """The project leader sees everyone's time, or one person's."""

    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_with_time()


class TimeExportForm(forms.Form):
    """The period, person and activity of a time export, and whether it lists every entry or
    the totals per person and activity. A consultant exports only their own time: the form
    has no person field for them."""

    ENTRIES = "entries"
    TOTALS = "totals"

    starts_on = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the first day of the period.")},
    )
    ends_on = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the last day of the period.")},
    )
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )
    activity = ActivityChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("Every activity"),
    )
    content = forms.ChoiceField(
        label=_("Content"),
        choices=[
            (TOTALS, _("Totals per person and activity")),
            (ENTRIES, _("Every registration")),
        ],
        initial=TOTALS,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        whose = ["starts_on", "ends_on"]
        if user.is_project_leader:
            self.fields["person"].queryset = people_with_time()
            whose.append("person")
        else:
            del self.fields["person"]
        self.fields["activity"].queryset = Activity.objects.select_related("phase").order_by(
            "phase__number", "position", "pk"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Period and whose time"), *whose),
            Fieldset(_("What"), "activity", "content"),
        )

    def clean_content(self):
        return self.cleaned_data["content"] or self.TOTALS

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return cleaned
