"""Forms of the stakeholder analysis: assessment, relations, interactions, potential."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mapping.forms.pickers import OrganisationChoiceField
from mapping.models import (
    Interaction,
    Organisation,
    OrganisationRelation,
    Potential,
    StakeholderAssessment,
)
from mapping.selectors.stakeholders import contacts_for_interaction, staff_users
from portal.concurrency import ConcurrentEditMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# A relation read from the other organisation's side is stored the other way round.
INVERSE_PREFIX = "inverse:"


def _scale_field(model_field, low, high):
    choices = [(value, str(value)) for value in range(1, 6)]
    choices[0] = (1, f"1 ({low})")
    choices[-1] = (5, f"5 ({high})")
    return forms.TypedChoiceField(
        label=capfirst(model_field.verbose_name),
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
    )


class AssessmentForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = StakeholderAssessment
        fields = ["influence", "interest", "attitude", "contribution", "approach"]
        widgets = {
            "attitude": forms.RadioSelect,
            "contribution": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meta = StakeholderAssessment._meta
        self.fields["influence"] = _scale_field(
            meta.get_field("influence"), _("little"), _("decisive")
        )
        self.fields["interest"] = _scale_field(
            meta.get_field("interest"), _("little"), _("very keen")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Where they stand"),
                Div(
                    Div("influence", css_class="col-md-6"),
                    Div("interest", css_class="col-md-6"),
                    css_class="row",
                ),
                "attitude",
            ),
            Fieldset(_("How to engage them"), "contribution", "approach"),
        )


class RelationForm(forms.Form):
    relation = forms.ChoiceField(label=_("This organisation"))
    other = OrganisationChoiceField(
        label=_("Related organisation"), queryset=Organisation.objects.none()
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("For example what they buy, or the size of the funding."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        kinds = OrganisationRelation.Kind
        inverses = [
            (f"{INVERSE_PREFIX}{kind}", capfirst(OrganisationRelation.INVERSE[kind]))
            for kind in (kinds.MEMBER, kinds.FUNDED_BY)
        ]
        self.fields["relation"].choices = [
            ("", _("Choose a relation")),
            *[(value, capfirst(label)) for value, label in kinds.choices],
            *inverses,
        ]
        self.fields["other"].queryset = Organisation.objects.exclude(pk=organisation.pk).exclude(
            moderation_state=Organisation.Moderation.REJECTED
        )
        self.fields["other"].empty_label = _("Choose an organisation")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("The relation"),
                HTML(
                    '<p class="form-text">'
                    + escape(
                        str(_("Read it as a sentence: %(name)s … the related organisation."))
                        % {"name": organisation.name}
                    )
                    + "</p>"
                ),
                "relation",
                "other",
                "note",
            )
        )

    def resolved(self):
        """(source, kind, target) as the relation is stored."""
        value = self.cleaned_data["relation"]
        other = self.cleaned_data["other"]
        if value.startswith(INVERSE_PREFIX):
            return other, value.removeprefix(INVERSE_PREFIX), self.organisation
        return self.organisation, value, other


class InteractionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("Kind"), choices=Interaction.Kind.choices)
    contact = forms.ModelChoiceField(
        label=_("With"),
        queryset=None,
        required=False,
        help_text=_("The organisation's own people and those linked to it."),
    )
    summary = forms.CharField(
        label=_("What was said"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    task_title = forms.CharField(label=_("Task"), max_length=300, required=False)
    task_owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    task_deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE_WIDGET)

    TASK_FIELDS = ("task_title", "task_owner", "task_deadline")

    def __init__(self, *args, organisation, user, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "task_owner": user.pk})
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")), *Interaction.Kind.choices]
        contact = self.fields["contact"]
        contact.queryset = contacts_for_interaction(organisation=organisation)
        contact.empty_label = _("Nobody in particular")
        contact.label_from_instance = lambda person: (
            (f"{person.name}, {person.role}" if person.role else person.name)
            + ("" if person.organisation_id == organisation.pk else f" ({person.organisation})")
        )
        self.fields["task_owner"].queryset = staff_users()
        self.fields["task_owner"].empty_label = _("Choose an owner")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The interaction"), "date", "kind", "contact", "summary"),
            Fieldset(
                _("Needs follow-up?"),
                HTML(
                    '<p class="form-text">'
                    + escape(
                        str(
                            _(
                                "Fill in a task if something must be followed up; leave the "
                                "three fields empty if not."
                            )
                        )
                    )
                    + "</p>"
                ),
                "task_title",
                "task_owner",
                "task_deadline",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        given = [name for name in self.TASK_FIELDS if cleaned.get(name) or self.errors.get(name)]
        if given:
            for name in self.TASK_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("A follow-up task needs a title, an owner and a deadline.")
                    )
        return cleaned

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "date": data["date"],
            "kind": data["kind"],
            "contact": data["contact"],
            "summary": data["summary"],
            "task_title": data["task_title"],
            "task_owner": data["task_owner"],
            "task_deadline": data["task_deadline"],
        }


class PotentialForm(ConcurrentEditMixin, forms.ModelForm):
    class Meta:
        model = Potential
        fields = ["stage", "needs", "next_step", "next_step_on", "next_step_owner"]
        widgets = {
            "stage": forms.RadioSelect,
            "needs": forms.Textarea(attrs={"rows": 3}),
            "next_step_on": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = Potential.Stage.choices
        self.fields["next_step_owner"].queryset = staff_users()
        self.fields["next_step_owner"].empty_label = _("Choose an owner")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Where it stands"), "stage", "needs"),
            Fieldset(_("The next step"), "next_step", "next_step_on", "next_step_owner"),
        )
