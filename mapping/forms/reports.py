"""Forms of the interim report: the project leader's narrative and the choice of two versions
to compare. The review's forms are the shared ones (portal.review.forms)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mapping.models import ReportNarrative
from portal.concurrency import ConcurrentEditMixin


def _helper(layout=None):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout is not None:
        helper.layout = layout
    return helper


class NarrativeForm(ConcurrentEditMixin, forms.ModelForm):
    """The four sections the project leader writes; the rest of the report is computed."""

    class Meta:
        model = ReportNarrative
        fields = list(ReportNarrative.SECTIONS)
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in ReportNarrative.SECTIONS}
        help_texts = {
            "introduction": _("Opens the report: why the mapping was made and for whom."),
            "method": _("How the mapping was done: sources, meetings, interviews."),
            "conclusions": _("What the mapping shows. The figures are added from the data."),
            "recommendations": _("What the strategy and action plan should build on."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(
                # The texts take simple Markdown (portal.richtext): say how, once, above them.
                HTML(
                    format_html(
                        '<p class="form-text">{}</p>',
                        _(
                            "Simple formatting is possible: *italics*, **bold**, lists with "
                            "lines that start with - or 1., and links as [text](https://…). "
                            "An empty line starts a new paragraph."
                        ),
                    )
                ),
                Fieldset(_("Introduction and method"), "introduction", "method"),
                Fieldset(_("Conclusions and recommendations"), "conclusions", "recommendations"),
            )
        )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Version %(number)s") % {"number": obj.number}


class CompareForm(forms.Form):
    """Two versions to compare, from those the person may see."""

    a = VersionChoiceField(
        label=_("Compare version"),
        queryset=None,
        empty_label=_("Choose a version"),
        error_messages={
            "required": _("Choose the first version."),
            "invalid_choice": _("There is no such version to compare."),
        },
    )
    b = VersionChoiceField(
        label=_("with version"),
        queryset=None,
        empty_label=_("Choose a version"),
        error_messages={
            "required": _("Choose the second version."),
            "invalid_choice": _("There is no such version to compare."),
        },
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].queryset = versions
        self.helper = _helper()
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("a") == data.get("b"):
            raise forms.ValidationError(
                _("Choose two different versions to compare."), code="same_version"
            )
        return data
