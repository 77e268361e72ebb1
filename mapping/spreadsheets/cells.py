"""Reading one cell of an import file as the value of the field its column fills."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mapping.models import LocalArea
from mapping.spreadsheets.columns import CHOICES, choice_table, normalise
from mapping.validators import validate_cvr, validate_postcode

THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # The apostrophe portal.export.defuse put before text that looks like a formula.
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def _number(value):
    """A whole number from a cell: 12, 12.0, '12', '12,0', '1.250' (Danish thousands)."""
    if isinstance(value, bool):
        raise ValidationError(_("This is not a number."))
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = cell_text(value).replace("\xa0", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif THOUSANDS.fullmatch(text):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(_("This is not a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("This is not a number."))
    if number != number.to_integral_value():
        raise ValidationError(_("This must be a whole number."))
    return int(number)


def _cvr(value):
    text = re.sub(r"[\s.\-]", "", cell_text(value))
    if text[:2].upper() == "DK":
        text = text[2:]
    validate_cvr(text)
    return text


def _postcode(value):
    text = cell_text(value).replace(" ", "")
    validate_postcode(text)
    return text


URL_FIELD = forms.URLField(assume_scheme="https", required=False)


class CellReader:
    """Turns cells into model values; the choice and area tables are built once per plan."""

    def __init__(self):
        self.choices = {name: choice_table(name) for name in CHOICES}
        self.areas = {}
        for area in LocalArea.objects.all():
            self.areas[normalise(area.name)] = area
            self.areas[normalise(area.slug)] = area
        self.area_names = sorted({area.name for area in self.areas.values()})

    def read(self, target, value):
        if target.kind == "number":
            return _number(value)
        if target.kind == "cvr":
            return _cvr(value)
        if target.kind == "postcode":
            return _postcode(value)
        if target.kind == "url":
            return URL_FIELD.clean(cell_text(value))
        if target.kind == "choice":
            found = self.choices[target.field].get(normalise(cell_text(value)))
            if found is None:
                known = ", ".join(str(label) for _v, label in CHOICES[target.field].choices)
                raise ValidationError(
                    _("Unknown %(field)s. Use one of: %(known)s.")
                    % {"field": str(target.label).lower(), "known": known}
                )
            return str(found)
        if target.kind == "area":
            found = self.areas.get(normalise(cell_text(value)))
            if found is None:
                raise ValidationError(
                    _("Unknown local area. Use one of: %(known)s.")
                    % {"known": ", ".join(self.area_names) or "–"}
                )
            return found
        return cell_text(value)
