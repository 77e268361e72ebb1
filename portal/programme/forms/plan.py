"""Forms of the programme plan: a phase, an activity (each with the reason for the change),
removing an activity, keeping the budget as a baseline, and choosing a baseline to compare."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.concurrency import ConcurrentEditMixin
from portal.fields import DanishMoneyField, danish_formfield
from portal.programme.models import Activity, BudgetBaseline, Phase
from portal.programme.services.plan import (
    REASON_MAX_LENGTH,
    check_activity_phase,
    check_phase_change,
)


def _helper(layout=None):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def reason_field():
    return forms.CharField(
        label=_("Reason for the change"),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "Kept in the plan's history with your name and the time, e.g. “Agreed by the "
            "steering group 12.03.2026”."
        ),
        error_messages={"required": _("Say why the plan changes.")},
    )


def _dates_in_order(form, start, end):
    starts, ends = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if starts and ends and ends < starts:
        form.add_error(end, _("The end cannot come before the start."))


class PhaseForm(ConcurrentEditMixin, forms.ModelForm):
    reason = reason_field()

    class Meta:
        model = Phase
        fields = ["number", "name", "description", "starts_on", "ends_on", "contracted"]
        widgets = {
            "starts_on": _date_widget(),
            "ends_on": _date_widget(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(
                Fieldset(_("The phase"), "number", "name", "description"),
                Fieldset(_("Period and contract"), "starts_on", "ends_on", "contracted"),
                Fieldset(_("Why"), "reason"),
            )
        )

    def clean(self):
        cleaned = super().clean()
        _dates_in_order(self, "starts_on", "ends_on")
        if self.instance.pk and not self.errors:
            # The service checks again, with the phase locked, when it saves.
            try:
                check_phase_change(
                    phase=self.instance,
                    starts_on=cleaned.get("starts_on"),
                    ends_on=cleaned.get("ends_on"),
                    contracted=cleaned.get("contracted"),
                    was_contracted=self.instance.contracted,
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ResponsibleField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.roles_display})"


class ActivityForm(ConcurrentEditMixin, forms.ModelForm):
    responsible = ResponsibleField(label=_("Responsible"), queryset=get_user_model().objects.none())
    reason = reason_field()

    class Meta:
        model = Activity
        formfield_callback = danish_formfield
        field_classes = {"hourly_rate": DanishMoneyField}
        fields = [
            "phase",
            "position",
            "name",
            "description",
            "estimated_hours",
            "hourly_rate",
            "planned_start",
            "planned_end",
            "responsible",
        ]
        widgets = {
            "planned_start": _date_widget(),
            "planned_end": _date_widget(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "position": _("Activities are listed in this order within their phase."),
            "estimated_hours": _("The cost is computed: hours × rate."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user_model = get_user_model()
        current = self.instance.responsible_id if self.instance.pk else None
        self.fields["responsible"].queryset = (
            user_model.objects.filter(
                (user_model.role_q(*user_model.STAFF_ROLES) & Q(is_active=True)) | Q(pk=current)
            )
            .prefetch_related("user_roles")
            .order_by("first_name", "last_name", "username")
        )
        self.helper = _helper(
            Layout(
                Fieldset(_("The activity"), "phase", "position", "name", "description"),
                Fieldset(_("Estimate"), "estimated_hours", "hourly_rate"),
                Fieldset(_("When and who"), "planned_start", "planned_end", "responsible"),
                Fieldset(_("Why"), "reason"),
            )
        )

    def clean(self):
        cleaned = super().clean()
        _dates_in_order(self, "planned_start", "planned_end")
        phase = cleaned.get("phase")
        if self.instance.pk and phase:
            # The service checks again, with the activity locked, when it saves.
            try:
                check_activity_phase(
                    activity_id=self.instance.pk,
                    old_phase_id=self.instance.phase_id,
                    new_phase_id=phase.pk,
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ActivityDeleteForm(forms.Form):
    reason = reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class BaselineForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the baseline"),
        max_length=BudgetBaseline._meta.get_field("name").max_length,
        help_text=_("E.g. “Tilbud 2012” or “Revised after the steering group, March 2026”."),
        error_messages={"required": _("Give the baseline a name.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_name(self):
        # Whether the name is taken is the service's to say: the database decides it.
        return self.cleaned_data["name"].strip()


class BaselineChoiceForm(forms.Form):
    baseline = forms.ModelChoiceField(
        label=_("Baseline"),
        queryset=BudgetBaseline.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the kept baselines.")},
    )

    def __init__(self, *args, baselines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baseline"].queryset = baselines
