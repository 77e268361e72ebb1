"""The staff's form for a local case and its measured effects, saved together."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mapping.forms.pickers import OrganisationChoiceField
from mapping.models import Case, CaseEffect, Organisation
from mapping.models.cases import CASE_FIELDS, EFFECT_FIELDS
from mapping.validators import LOGO_MAX_BYTES
from portal.concurrency import ConcurrentEditMixin
from portal.fields import DanishDecimalField
from portal.images import ImageUploadMixin

PHOTO_MAX_BYTES = LOGO_MAX_BYTES


class CaseForm(ImageUploadMixin, ConcurrentEditMixin, forms.ModelForm):
    image_fields = ("photo",)

    class Meta:
        model = Case
        fields = list(CASE_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "method": forms.Textarea(attrs={"rows": 4}),
            "novelty": forms.Textarea(attrs={"rows": 3}),
            "theory_of_change": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.CheckboxSelectMultiple,
            "purpose_areas": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "published": _("Published cases are shown to everyone at /cases/."),
        }
        field_classes = {"organisation": OrganisationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Approved existing or potential enterprises; a case keeps its enterprise even if
        # that enterprise has since left the directory.
        enterprises = Organisation.objects.filter(
            Q(pk__in=Organisation.objects.public()) | Q(pk=self.instance.organisation_id)
        )
        organisation = self.fields["organisation"]
        organisation.queryset = enterprises
        organisation.empty_label = _("Choose an enterprise")
        organisation.help_text = _(
            "Approved social-economy enterprises and ideas. Register a new one under "
            "Organisations first."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("The case"), "organisation", "title", "summary", "published"),
            Fieldset(
                _("The story"),
                "problem",
                "target_groups",
                "method",
                "novelty",
                "theory_of_change",
            ),
            Fieldset(_("Purpose and goals"), "purpose_areas", "goals"),
            Fieldset(_("Photo"), "photo", "photo_alt"),
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # Only a newly uploaded file has a content type; a kept photo was checked before.
        if photo and hasattr(photo, "content_type") and photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo may be at most 2 MB."), code="photo_size")
        return photo


class CaseEffectForm(ConcurrentEditMixin, forms.ModelForm):
    """One measured effect. The figure is typed the Danish way: 1.234,5."""

    value = DanishDecimalField(
        label=capfirst(CaseEffect._meta.get_field("value").verbose_name),
        max_digits=14,
        decimal_places=2,
        help_text=_("For example 1.234,5"),
    )

    class Meta:
        model = CaseEffect
        fields = list(EFFECT_FIELDS)
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.build_layout()

    def build_layout(self):
        """Lay out the fields, the formset's own (id, case, DELETE) included once added."""
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = _("Remove this effect")
        hidden = [name for name, field in self.fields.items() if field.widget.is_hidden]
        self.helper.layout = Layout(
            *hidden,
            "description",
            Row(
                Column(Field("value", inputmode="decimal"), css_class="col-sm-4"),
                Column("unit", css_class="col-sm-4"),
            ),
            Row(
                Column("period_start", css_class="col-sm-4"),
                Column("period_end", css_class="col-sm-4"),
            ),
            "about_people",
            *(["DELETE"] if "DELETE" in self.fields else []),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned


class BaseCaseEffectFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        # The formset adds the id, the case and DELETE after the form's __init__.
        super().add_fields(form, index)
        form.build_layout()


CaseEffectFormSet = inlineformset_factory(
    Case,
    CaseEffect,
    form=CaseEffectForm,
    formset=BaseCaseEffectFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)
