"""Decimal input the Danish way: the one form field for every hours, kroner, percentage and
figure field of the portal.

The browser's number field (``<input type="number">``) drops what it cannot read: "1,5" hours
reached the server as "15". `DanishDecimalField` is a text input (``inputmode="decimal"``
brings up a phone's number pad with a comma) that reads what a Dane types and shows the value
back the Danish way. Every decimal field of a form uses it: declare it, or give a ModelForm
``formfield_callback = danish_formfield`` in its Meta (tests/portal/test_decimal_input.py
fails for a decimal form field that does neither).

Reading (`parse_decimal`), with the active language's separators; in Danish "," is the
decimal separator and "." groups thousands (in English the other way round):

- "1,5", "7,5", ",25", "-3,5", "1,500": the comma is the decimal separator.
- "125.000,50", "1.250.000", "1 250 000": dots (or spaces) group thousands. The first group
  has one to three digits and does not start with 0, every following group exactly three.
- "1.5", "7.25", "0.500", "1234.5": a single dot that cannot be Danish grouping is read as a
  decimal point, as a number field or an English keyboard writes it.
- "1.500", "125.000": refused with a message that asks for "1500" or "1,5". Danish writes
  one thousand five hundred so, but so do number fields and English one and a half, and
  either reading taken in silence could change the figure a thousandfold. An amount of
  kroner (`DanishMoneyField`) is the exception: "125.000" kr. can only mean 125000.
- anything else ("1,2,3", "1,234.5", "1.50,5", "12 kr", "1e3", "NaN"): refused as not a
  number, with an example of how to write one.

Showing (`format_decimal`): grouped by thousands, with as many decimals as the field keeps
("1,50", "8,00", "125.000,50" for two), so what is shown always has a decimal comma and is
read back as it was shown. Without a number of decimals a value gets those it needs ("1,5"),
and a whole number of a thousand or more ",00" ("125.000,00"), for the same reason.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from portal import formatting

# Spaces a person or a copied figure may group thousands with: plain, no-break, narrow.
SPACES = re.compile(r"[ \u00a0\u202f]")
MINUS_SIGNS = ("-", "\u2212")
DIGITS = re.compile(r"[0-9]*")
# A whole number grouped by thousands, written with "_" for the grouping character.
GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:_[0-9]{3})+")
# At or above this a whole number is shown with decimals, so its grouping is unambiguous.
GROUPING_FROM = 1000


class DecimalInputError(ValueError):
    """The text is no number (`code` "invalid") or can be read two ways ("ambiguous", with
    `readings`: the whole number and the decimal number it might mean)."""

    def __init__(self, code, readings=None):
        super().__init__(code)
        self.code = code
        self.readings = readings


def separators():
    """The active language's (decimal separator, thousands separator): Danish (",", ".")."""
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    return decimal, "." if decimal == "," else ","


def _grouped(text, group):
    """The digits of `text` when it is a whole number grouped by thousands, else None."""
    marked = SPACES.sub("_", text).replace(group, "_")
    return marked.replace("_", "") if GROUPED.fullmatch(marked) else None


def _whole(text, group, *, decimals_follow, whole_kroner=False):
    """The digits of the whole part `text`, its grouping taken out."""
    if DIGITS.fullmatch(text) and (text or decimals_follow):
        return text or "0"
    digits = _grouped(text, group)
    if digits is None:
        raise DecimalInputError("invalid")
    if (
        not decimals_follow
        and not whole_kroner
        and text.count(group) == 1
        and not SPACES.search(text)
    ):
        # "1.500": Danish grouping, or a decimal point followed by three decimals.
        head, tail = text.split(group)
        raise DecimalInputError("ambiguous", (Decimal(digits), Decimal(f"{head}.{tail}")))
    return digits


def parse_decimal(text, *, decimal_sep=None, group_sep=None, whole_kroner=False):
    """`text` as a Decimal, read as the module's docstring says; DecimalInputError if not.
    `whole_kroner`: "125.000" is an amount of kroner grouped by thousands (no one writes
    thousandths of a krone), so it is read as 125000, not refused as ambiguous."""
    if decimal_sep is None:
        decimal_sep, group_sep = separators()
    text = text.strip()
    sign = ""
    if text[:1] in MINUS_SIGNS:
        sign, text = "-", text[1:].lstrip()
    elif text[:1] == "+":
        text = text[1:].lstrip()
    if decimal_sep in text:
        whole, _sep, fraction = text.partition(decimal_sep)
    elif text.count(group_sep) == 1 and _grouped(text, group_sep) is None:
        # A lone dot that cannot be grouping ("1.5", "0.500"): a decimal point.
        whole, _sep, fraction = text.partition(group_sep)
        if not DIGITS.fullmatch(whole):
            raise DecimalInputError("invalid")
    else:
        whole, fraction = text, None
    if fraction is not None and not (fraction and DIGITS.fullmatch(fraction)):
        raise DecimalInputError("invalid")
    digits = _whole(
        whole, group_sep, decimals_follow=fraction is not None, whole_kroner=whole_kroner
    )
    return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")


def format_decimal(value, decimal_places=None):
    """`value` the way the field shows it (see the module's docstring)."""
    value = Decimal(value)
    if decimal_places:
        return formatting.number(value, decimal_pos=decimal_places)
    if value != value.to_integral():
        return formatting.number(value.normalize())
    if abs(value) >= GROUPING_FROM:
        return formatting.number(value, decimal_pos=2)
    return formatting.number(value.quantize(Decimal(1)))


class DecimalInput(forms.TextInput):
    """A text input for a decimal, shown the Danish way; what was typed is shown as typed."""

    # Set by the field: the value is shown with this many decimals.
    decimal_places = None

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_decimal(value, self.decimal_places)
        return super().format_value(value)


class DanishDecimalField(forms.DecimalField):
    """A DecimalField that reads "1,5", "7,5", "125.000,50" and "1.5" (see the module)."""

    # See `parse_decimal`; True for amounts of kroner (`DanishMoneyField`).
    whole_kroner = False

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Write a number, e.g. 7.5 or 1,234.50."),
        "ambiguous": _(
            "“%(value)s” can be read two ways: write %(whole)s for the whole number or "
            "%(decimal)s for the decimal number."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.widget, DecimalInput):
            self.widget.decimal_places = self.decimal_places

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return Decimal(str(value))
        text = str(value).strip()
        if not text:
            return None
        try:
            return parse_decimal(text, whole_kroner=self.whole_kroner)
        except DecimalInputError as error:
            params = {"value": text}
            if error.readings:
                whole, decimal = error.readings
                params["whole"] = str(whole)
                params["decimal"] = format_decimal(decimal)
            raise ValidationError(
                self.error_messages[error.code], code=error.code, params=params
            ) from error


class DanishMoneyField(DanishDecimalField):
    """An amount of kroner: as `DanishDecimalField`, except that "125.000" is 125.000 kr.
    (a budget is typed so; thousandths of a krone are not). A ModelForm names it for its
    kroner fields in `Meta.field_classes`."""

    whole_kroner = True


def danish_formfield(model_field, **kwargs):
    """A ModelForm's `formfield_callback`: decimal model fields get `DanishDecimalField`."""
    if isinstance(model_field, models.DecimalField):
        kwargs.setdefault("form_class", DanishDecimalField)
    return model_field.formfield(**kwargs)
