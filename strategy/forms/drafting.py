"""The drafting forms: the strategy's own fields, focus areas, goals and actions, and the
choice of two versions to compare.

Every edit form carries the part's `revision` as it was when the form was loaded (a hidden
field); the service refuses a save whose revision is no longer the stored one, so nobody
overwrites another person's save without seeing it first.
"""

import datetime
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mapping.forms.pickers import OrganisationChoiceField, OrganisationMultipleChoiceField
from mapping.models import Feedback, InterplayIdea, Organisation, Potential
from portal import formatting
from portal.collation import danish_order
from portal.fields import DanishMoneyField, danish_formfield
from portal.models import User
from strategy.models import Action, FocusArea, Goal, Strategy
from strategy.services.drafting import check_period

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REVISION = "revision"


def _helper(*fieldsets):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    # The hidden revision is not in the layout; crispy renders it anyway.
    helper.render_hidden_fields = True
    helper.layout = Layout(*fieldsets)
    return helper


class RevisionFormMixin:
    """Adds the hidden `revision` to the form of a part that exists already."""

    def _add_revision(self):
        if self.instance.pk is None:
            return
        self.fields[REVISION] = forms.IntegerField(
            widget=forms.HiddenInput,
            initial=self.instance.revision,
            error_messages={"required": _("The form is incomplete: load the page again.")},
        )

    @property
    def revision(self):
        return self.cleaned_data.get(REVISION)


class StrategyForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "vision", "starts_on", "ends_on"]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 6}),
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
        }
        help_texts = {"vision": _("Where the municipality wants the social economy to be.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_revision()
        self.helper = _helper(
            Fieldset(_("The strategy"), "title", "vision"),
            Fieldset(_("Plan period"), "starts_on", "ends_on"),
        )

    def clean(self):
        data = super().clean()
        try:
            check_period(data.get("starts_on"), data.get("ends_on"))
        except ValidationError as error:
            self.add_error(None, error)
        return data


class FocusAreaForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["position", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"position": _("Focus areas are listed in this order.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_revision()
        self.helper = _helper(Fieldset(_("The focus area"), "position", "title", "description"))


class GoalForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["position", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"position": _("Goals are listed in this order under their focus area.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_revision()
        self.helper = _helper(Fieldset(_("The goal"), "position", "title", "description"))


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.focus_area.title}: {obj.title}"


class FeedbackChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_theme_display()}: {obj}"


class ActionForm(RevisionFormMixin, forms.ModelForm):
    """An action of `strategy`: its focus area and goal are this strategy's, and the goal
    must belong to the chosen focus area (the model's own validation says so)."""

    goal = GoalChoiceField(queryset=Goal.objects.none(), required=False)
    feedback = FeedbackChoiceField(queryset=Feedback.objects.none(), required=False)
    feedback_themes = forms.MultipleChoiceField(
        choices=Feedback.Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Action
        formfield_callback = danish_formfield
        fields = [
            "title",
            "description",
            "position",
            "focus_area",
            "goal",
            "state",
            "owner_department",
            "owner_organisation",
            "owner_person",
            "partners",
            "starts_on",
            "ends_on",
            "budget",
            "budget_hours",
            "indicator",
            "indicator_unit",
            "baseline",
            "target",
            "organisations",
            "feedback",
            "feedback_themes",
            "interplay_ideas",
            "potentials",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "feedback": forms.SelectMultiple(attrs={"size": 8}),
            "interplay_ideas": forms.SelectMultiple(attrs={"size": 6}),
            "potentials": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {
            "budget": DanishMoneyField,
            "owner_organisation": OrganisationChoiceField,
            "partners": OrganisationMultipleChoiceField,
            "organisations": OrganisationMultipleChoiceField,
        }
        help_texts = {
            "owner_department": _(
                "Give exactly one owner: a municipal department, an organisation or a person."
            ),
            "goal": _("A goal of the chosen focus area (optional)."),
            "budget": _("Kroner, for the whole period."),
            "budget_hours": _("Hours, for the whole period."),
            "feedback_themes": _(
                "The themes of the feedback the action answers as a whole; a piece of "
                "feedback chosen above counts for its own theme."
            ),
        }

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self._add_revision()
        fields = self.fields
        fields["focus_area"].queryset = FocusArea.objects.filter(strategy=strategy).order_by(
            "position", "pk"
        )
        fields["focus_area"].empty_label = _("Choose a focus area")
        fields["goal"].queryset = (
            Goal.objects.filter(focus_area__strategy=strategy)
            .select_related("focus_area")
            .order_by("focus_area__position", "focus_area__pk", "position", "pk")
        )
        fields["goal"].label = capfirst(Action._meta.get_field("goal").verbose_name)
        fields["goal"].empty_label = _("No particular goal")
        fields["state"].choices = Action.State.choices
        staff = User.role_q(*User.STAFF_ROLES) & Q(is_active=True)
        if self.instance.owner_person_id:
            staff |= Q(pk=self.instance.owner_person_id)
        fields["owner_person"].queryset = User.objects.filter(staff).order_by(
            "first_name", "last_name", "username"
        )
        self._organisation_choices("owner_organisation", "partners", "organisations")
        fields["feedback"].queryset = Feedback.objects.order_by("theme", "-created_at", "pk")
        fields["feedback"].label = capfirst(Action._meta.get_field("feedback").verbose_name)
        fields["feedback_themes"].label = capfirst(
            Action._meta.get_field("feedback_themes").verbose_name
        )
        fields["owner_organisation"].empty_label = _("No organisation")
        fields["owner_person"].empty_label = _("No person")
        fields["interplay_ideas"].queryset = InterplayIdea.objects.select_related(
            "organisation", "department"
        ).order_by(danish_order("organisation__name"), "service", "pk")
        fields["potentials"].queryset = Potential.objects.select_related("organisation").order_by(
            danish_order("organisation__name"), "pk"
        )
        self.helper = _helper(
            Fieldset(
                _("The action"), "title", "description", "position", "focus_area", "goal", "state"
            ),
            Fieldset(
                _("Owner and partners"),
                "owner_department",
                "owner_organisation",
                "owner_person",
                "partners",
            ),
            Fieldset(_("Period and budget"), "starts_on", "ends_on", "budget", "budget_hours"),
            Fieldset(_("Indicator"), "indicator", "indicator_unit", "baseline", "target"),
            Fieldset(
                _("What it answers from the mapping"),
                "organisations",
                "feedback",
                "feedback_themes",
                "interplay_ideas",
                "potentials",
            ),
        )

    def _organisation_choices(self, *names):
        """Organisations by name, leaving out rejected registrations (except those chosen)."""
        wanted = ~Q(moderation_state=Organisation.Moderation.REJECTED)
        if self.instance.pk:
            chosen = {self.instance.owner_organisation_id}
            for name in names[1:]:
                chosen |= {row.pk for row in getattr(self.instance, name).all()}
            wanted |= Q(pk__in=chosen - {None})
        queryset = Organisation.objects.filter(wanted)
        for name in names:  # the fields put them in Danish order
            self.fields[name].queryset = queryset

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("An action cannot end before it starts."))
        return data


class DeleteForm(forms.Form):
    """Confirms deleting a part as it was when the page was loaded."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class CompareForm(forms.Form):
    """Two versions of one strategy to compare, by number."""

    a = forms.TypedChoiceField(
        label=_("Compare version"),
        coerce=int,
        error_messages={
            "required": _("Choose the first version."),
            "invalid_choice": _("There is no such version to compare."),
        },
    )
    b = forms.TypedChoiceField(
        label=_("with version"),
        coerce=int,
        error_messages={
            "required": _("Choose the second version."),
            "invalid_choice": _("There is no such version to compare."),
        },
    )

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a version"))] + [
            (number, _("Version %(number)s") % {"number": number}) for number in numbers
        ]
        for name in ("a", "b"):
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise ValidationError(
                _("Choose two different versions to compare."), code="same_version"
            )
        return data


# --- The conflict page: what the other person saved, beside what this person submitted ---

MONEY_FIELDS = {"budget"}


def _comparable(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):
        return frozenset(_comparable(item) for item in value)
    if value in (None, ""):
        return None
    return value


def _text(field, name, value):
    """A value as the conflict page shows it, the Danish way."""
    if hasattr(value, "model"):
        value = list(value)
    if value in (None, "", []):
        return "–"
    choices = dict(getattr(field, "choices", None) or []) if not hasattr(field, "queryset") else {}
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return formatting.money(value) if name in MONEY_FIELDS else formatting.number(value, 2)
    return str(choices.get(value, value))


def _stored(current, name):
    value = getattr(current, name)
    return list(value.all()) if hasattr(value, "all") else value


def conflict_differences(form, current):
    """The fields where what is stored now (`current`) differs from what this person
    submitted in the valid `form`: label, their value, my value."""
    rows = []
    for name, field in form.fields.items():
        if name == REVISION:
            continue
        mine, theirs = form.cleaned_data.get(name), _stored(current, name)
        if _comparable(mine) != _comparable(theirs):
            rows.append(
                {
                    "name": name,
                    "label": field.label,
                    "theirs": _text(field, name, theirs),
                    "mine": _text(field, name, mine),
                }
            )
    return rows
