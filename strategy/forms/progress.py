"""Forms of the plan in action: a progress update, and the overview's filters."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import danish_formfield
from strategy.models import Action, ProgressUpdate


def _helper(layout=None):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


class ProgressUpdateForm(forms.ModelForm):
    """Where the action stands on a date. The note is for the staff only."""

    class Meta:
        model = ProgressUpdate
        formfield_callback = danish_formfield
        fields = ["date", "state", "percent_done", "indicator_value", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "date": _("The day the action stood like this; not in the future."),
            "state": _("The newest update sets the action's state."),
            "percent_done": _("A whole number from 0 to 100."),
        }
        error_messages = {
            "percent_done": {
                "min_value": _("Percentage done is at least 0."),
                "max_value": _("Percentage done is at most 100."),
                "required": _("Give the percentage done, from 0 to 100."),
            },
        }

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("state", action.state)
            self.initial.setdefault("percent_done", getattr(action, "percent_done", None) or 0)
        self.fields["percent_done"].widget.attrs.update({"min": 0, "max": 100})
        unit = action.indicator_unit
        if action.indicator:
            self.fields["indicator_value"].help_text = (
                _("%(indicator)s, in %(unit)s") % {"indicator": action.indicator, "unit": unit}
                if unit
                else action.indicator
            )
        self.helper = _helper(
            Layout(
                Fieldset(
                    _("Where the action stands"),
                    Div(
                        Div("date", css_class="col-md-4"),
                        Div("state", css_class="col-md-4"),
                        Div("percent_done", css_class="col-md-4"),
                        css_class="row",
                    ),
                    "indicator_value",
                ),
                Fieldset(_("For the staff only"), "note"),
            )
        )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return value


class OverviewFilterForm(forms.Form):
    """The overview's filters: focus area, state, owner, only late actions.

    Its choices are given as lists (no query runs while the form renders); the owner's are
    set from the plan's actions once they are read (`set_owner_choices`), and an unknown
    owner simply matches nothing.
    """

    focus_area = forms.TypedChoiceField(
        label=_("Focus area"), coerce=int, required=False, empty_value=None
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *Action.State.choices], required=False
    )
    owner = forms.CharField(label=_("Owner"), required=False, widget=forms.Select)
    late = forms.BooleanField(label=_("Only late actions"), required=False)

    def __init__(self, *args, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [
            ("", _("All focus areas")),
            *[(area.pk, area.title) for area in focus_areas],
        ]
        self.set_owner_choices([])

    def set_owner_choices(self, owners):
        self.fields["owner"].widget.choices = [("", _("All owners")), *owners]

    def filters(self):
        """The valid filters as a dict; an invalid value is ignored (no filter)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "", False)
        }
