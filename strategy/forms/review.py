"""Forms of the steering group's review: a member's comment per section and verdict, and a
staff member's answer to a comment."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from strategy.council.content import sections_of
from strategy.models import StrategyComment, StrategyVerdict

COMMENT_MAX = StrategyComment._meta.get_field("text").max_length


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def _required_text(value, message):
    value = value.strip()
    if not value:
        raise forms.ValidationError(message, code="required")
    return value


class CommentForm(forms.Form):
    """A steering group member's comment on one section of the version, or on the whole."""

    section = forms.ChoiceField(
        label=_("Section"),
        required=False,
        help_text=_("Choose the part of the plan your comment is about, or the plan as a whole."),
        error_messages={"invalid_choice": _("Choose a section of this version.")},
    )
    text = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a comment before you send it.")},
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections_of(version.snapshot)
        self.helper = _helper()

    def clean_text(self):
        return _required_text(self.cleaned_data["text"], _("Write a comment before you send it."))


class VerdictForm(forms.ModelForm):
    """A member's verdict with an optional comment; it can be changed later."""

    class Meta:
        model = StrategyVerdict
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
        self.fields["verdict"].choices = StrategyVerdict.Verdict.choices
        self.helper = _helper()


class AnswerForm(forms.Form):
    """A staff member's answer to a member's comment."""

    text = forms.CharField(
        label=_("Your answer"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write an answer before you send it.")},
    )

    def clean_text(self):
        return _required_text(self.cleaned_data["text"], _("Write an answer before you send it."))
