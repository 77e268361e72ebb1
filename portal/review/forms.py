"""The review's forms, for any app's policy: a member's comment on a part of a version, a
member's verdict, and staff's answer to a comment."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.review.models import TEXT_MAX, AbstractVerdict


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
    """A member's comment on one part of the version, or on the whole. The part's field is
    named as the policy names it (`chapter`, `section`), as the comment model's."""

    text = forms.CharField(
        label=_("Comment"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a comment before you send it.")},
    )

    def __init__(self, *args, policy, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.part_field = policy.part_field
        self.fields = {
            policy.part_field: forms.ChoiceField(
                label=policy.part_label,
                choices=policy.parts(version),
                required=False,
                help_text=policy.part_help,
                error_messages={"invalid_choice": policy.part_invalid},
            ),
            **self.fields,
        }
        self.helper = _helper()

    def clean_text(self):
        return _required_text(self.cleaned_data["text"], _("Write a comment before you send it."))

    @property
    def part(self):
        return self.cleaned_data[self.part_field]


class VerdictForm(forms.Form):
    """A member's verdict with an optional comment; it can be changed later."""

    verdict = forms.ChoiceField(
        label=_("Your verdict"),
        choices=AbstractVerdict.Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose approved or changes requested."),
            "invalid_choice": _("Choose approved or changes requested."),
        },
    )
    comment = forms.CharField(
        label=_("Comment on your verdict (optional)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, given=None, **kwargs):
        """`given`: the member's verdict so far, shown to be changed."""
        if given is not None:
            kwargs.setdefault("initial", {"verdict": given.verdict, "comment": given.comment})
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AnswerForm(forms.Form):
    """Staff's answer to a member's comment."""

    text = forms.CharField(
        label=_("Your answer"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write an answer before you send it.")},
    )

    def clean_text(self):
        return _required_text(self.cleaned_data["text"], _("Write an answer before you send it."))
