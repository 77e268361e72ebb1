"""The CVR number as a form field: what people type, stored as the 8 digits."""

from django import forms

from mapping.validators import normalise_cvr, validate_cvr

# Room for "DK 12 34 56 78" and for a P-number typed by mistake: the browser must never cut
# what was typed to the model's 8 characters.
CVR_INPUT_MAX_LENGTH = 20


class CVRField(forms.CharField):
    """Accepts spaces, dots, dashes and a "DK" prefix; gives 8 digits or a clear error.

    Use it for every CVR field (`Meta.field_classes = {"cvr": CVRField}` in a ModelForm).
    """

    default_validators = [validate_cvr]

    def __init__(self, **kwargs):
        kwargs["max_length"] = CVR_INPUT_MAX_LENGTH
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_cvr(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # Not a number input: a Danish keyboard's spaces and "DK" must be allowed.
        attrs.update({"autocomplete": "off", "spellcheck": "false"})
        return attrs
