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
from portal.models import Activity, TimeEntry
from portal.models.programme import MAX_HOURS_PER_ENTRY
from portal.programme.services.timesheets import check_day_total


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.phase.number} · {obj.name}"
        if not obj.phase.contracted:
            label += " " + str(_("(phase not contracted)"))
        return label


class TimeEntryForm(ConcurrentEditMixin, forms.ModelForm):
    """Every rule of the model is shown next to its field; the 24-hour day as well."""

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
            "In hours and quarters of an hour. At most %(limit)s in one entry."
        ) % {"limit": formatting.number(MAX_HOURS_PER_ENTRY)}
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
        user_model = get_user_model()
        self.fields["person"].queryset = (
            user_model.objects.filter(
                Q(time_entries__isnull=False) | Q(role__in=user_model.STAFF_ROLES, is_active=True)
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
