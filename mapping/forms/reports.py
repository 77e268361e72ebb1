"""Forms of the interim report: the project leader's narrative, the steering group's comments
and verdicts, the leader's answers, and the choice of two versions to compare."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mapping.models import ReportNarrative, ReviewComment, ReviewVerdict
from mapping.services.reports import CHAPTERS, GENERAL, GENERAL_LABEL
from portal.concurrency import ConcurrentEditMixin

COMMENT_MAX = ReviewComment._meta.get_field("text").max_length


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


class CommentForm(forms.Form):
    """A steering group member's comment on one chapter or on the report as a whole."""

    chapter = forms.ChoiceField(
        label=_("Chapter"),
        choices=[(GENERAL, GENERAL_LABEL), *CHAPTERS],
        required=False,
        help_text=_("Choose the chapter your comment is about, or the report as a whole."),
    )
    text = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a comment before you send it.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write a comment before you send it."), code="required")
        return text


class VerdictForm(forms.ModelForm):
    """A member's verdict on a version, with an optional comment; it can be changed later."""

    class Meta:
        model = ReviewVerdict
        fields = ["verdict", "comment"]
        widgets = {
            "verdict": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "verdict": _("Your verdict"),
            "comment": _("Comment on your verdict (optional)"),
        }
        error_messages = {
            "verdict": {
                "required": _("Choose approved or changes requested."),
                "invalid_choice": _("Choose approved or changes requested."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = ReviewVerdict.Verdict.choices
        self.helper = _helper()


class AnswerForm(forms.Form):
    """The project leader's answer to a member's comment."""

    text = forms.CharField(
        label=_("Your answer"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write an answer before you send it.")},
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write an answer before you send it."), code="required")
        return text


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
