"""The error summary that base.html puts above every form that came back unsaved."""

from django import forms
from django.template import Context, Template

from portal.templatetags.portal_forms import form_error_summary


class MeetingForm(forms.Form):
    title = forms.CharField(label="Title")
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )

    def clean(self):
        raise forms.ValidationError("The meeting overlaps another.")


EffectFormSet = forms.formset_factory(
    forms.Form, extra=0, formset=forms.BaseFormSet, min_num=1, validate_min=True
)


def summary_of(**context):
    return form_error_summary(Context(context))


def test_it_collects_field_and_form_errors_with_their_targets():
    form = MeetingForm(data={})
    summary = summary_of(form=form, same_form_again=form)
    targets = {(error.label, error.target) for error in summary.errors}
    assert ("Title", "id_title") in targets
    # A group of radio buttons is reached through its first button.
    assert ("Kind", "id_kind_0") in targets
    assert ("", "") in targets  # the form's own error, listed without a link
    assert summary.count == 3  # the form under two names counts once


def test_it_counts_a_formsets_errors():
    formset = EffectFormSet(data={"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"})
    summary = summary_of(formset=formset)
    assert summary.count == 1
    assert "at least 1" in summary.errors[0].message or "mindst 1" in summary.errors[0].message


def test_it_ignores_unbound_and_valid_forms():
    assert not summary_of(form=MeetingForm(), other=forms.Form(data={}))


def test_it_prefixes_the_title_and_renders_the_summary_in_danish():
    html = Template("{% extends 'base.html' %}").render(
        Context({"form": MeetingForm(data={}), "municipality": "Haderslev Kommune"})
    )
    assert "<title>Fejl: " in html
    assert "Formularen har 3 fejl" in html
    assert 'href="#id_kind_0"' in html
