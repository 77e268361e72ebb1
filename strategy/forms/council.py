"""Forms of the recommendation to the city council and of the council's decision."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from portal.concurrency import ConcurrentEditMixin
from strategy.models import CouncilDecision, Recommendation

Outcome = CouncilDecision.Outcome


def _helper(layout=None):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.submitted_at:
            return _("Version %(number)s, submitted %(date)s") % {
                "number": obj.number,
                "date": formats.date_format(
                    timezone.localtime(obj.submitted_at), "SHORT_DATE_FORMAT"
                ),
            }
        return _("Version %(number)s, not submitted") % {"number": obj.number}


class RecommendationForm(ConcurrentEditMixin, forms.ModelForm):
    """The texts the project leader writes; the plan and the finances' figures come from the
    chosen version."""

    version = VersionChoiceField(
        label=_("Version recommended"),
        queryset=None,
        empty_label=None,
        help_text=_(
            "The plan and the figures of the document come from this version. Only versions "
            "submitted to the steering group can be recommended."
        ),
        error_messages={
            "required": _("Choose the version to recommend."),
            "invalid_choice": _(
                "Choose a version of this plan that was submitted to the steering group."
            ),
        },
    )

    class Meta:
        model = Recommendation
        fields = ["version", *Recommendation.CASE_FIELDS, *Recommendation.SECTIONS]
        widgets = {
            "meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "decision_points": forms.Textarea(attrs={"rows": 4}),
            "case_text": forms.Textarea(attrs={"rows": 10}),
            "finance_text": forms.Textarea(attrs={"rows": 4}),
            "annexes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "meeting_date": {"invalid": _("Give the date as dd.mm.yyyy.")},
        }

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        # The council gets what the steering group has seen: never an unsubmitted version.
        self.fields["version"].queryset = strategy.versions.filter(
            submitted_at__isnull=False
        ).order_by("-number")
        self.helper = _helper(
            Layout(
                Fieldset(_("The version"), "version"),
                Fieldset(_("The case in the council's case system"), *Recommendation.CASE_FIELDS),
                Fieldset(_("Summary and points for decision"), "summary", "decision_points"),
                Fieldset(_("The case, the finances and the annexes"), *Recommendation.SECTIONS[2:]),
            )
        )

    def clean_decision_points(self):
        text = self.cleaned_data["decision_points"]
        if not any(line.strip() for line in text.splitlines()):
            raise forms.ValidationError(
                _("Write at least one point for the city council to decide on."), code="required"
            )
        return text


class DecisionForm(forms.ModelForm):
    """What the city council decided, on which version, and the changes it made (in words
    here; applied to the plan in the next step)."""

    version = VersionChoiceField(
        label=_("Version decided on"),
        queryset=None,
        empty_label=None,
        help_text=_(
            "The version recommended to the city council, the plan's latest: the only one it "
            "can decide on."
        ),
        error_messages={
            "required": _("Choose the version the city council decided on."),
            "invalid_choice": _(
                "The city council can only decide on the version recommended to it, the "
                "plan's latest."
            ),
        },
    )

    class Meta:
        model = CouncilDecision
        fields = ["version", "decided_on", "outcome", "changes"]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "outcome": forms.RadioSelect,
            "changes": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "decided_on": {
                "required": _("Give the date of the city council's decision."),
                "invalid": _("Give the date as dd.mm.yyyy."),
            },
            "outcome": {
                "required": _("Choose what the city council decided."),
                "invalid_choice": _("Choose what the city council decided."),
            },
        }

    def __init__(self, *args, strategy, decidable, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the version that may be decided on is offered: the recommended one, which is
        # the plan's latest (None: nothing may be decided, so nothing is offered).
        versions = strategy.versions.order_by("-number")
        self.fields["version"].queryset = (
            versions.filter(pk=decidable.pk) if decidable is not None else versions.none()
        )
        self.fields["version"].initial = decidable
        self.fields["outcome"].choices = Outcome.choices
        self.helper = _helper()

    def clean_decided_on(self):
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(
                _("The date of the decision cannot be in the future."), code="future"
            )
        return decided_on

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == Outcome.ADOPTED_WITH_CHANGES
            and not (data.get("changes") or "").strip()
        ):
            self.add_error(
                "changes",
                forms.ValidationError(
                    _("Describe the changes the city council made."), code="required"
                ),
            )
        return data

    def _post_clean(self):
        # The service checks the whole decision (strategy, latest version, constraints) when
        # it saves; the form only checks its own fields.
        pass
