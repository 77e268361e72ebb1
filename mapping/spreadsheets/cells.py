"""Reading one cell of an import file as the value of the field its column fills."""

import re
import time
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mapping.models import LocalArea, PurposeArea
from mapping.spreadsheets.columns import (
    CHOICES,
    PURPOSE_SEPARATORS,
    choice_table,
    normalise,
    purpose_table,
    yes_no_table,
)
from mapping.validators import normalise_cvr, validate_cvr, validate_postcode

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
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
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
    text = normalise_cvr(cell_text(value))
    validate_cvr(text)
    return text


def _postcode(value):
    text = cell_text(value).replace(" ", "")
    validate_postcode(text)
    return text


def same_value(old, new):
    """Whether a cell's value says what the portal holds (or what another row says)."""
    if isinstance(old, tuple) or isinstance(new, tuple):  # purpose areas
        return {area.pk for area in old or ()} == {area.pk for area in new or ()}
    if isinstance(old, str) or isinstance(new, str):
        return _comparable(old) == _comparable(new)
    return old == new


def _comparable(value):
    # XLSX keeps line breaks as \n where a form saved \r\n: the same text.
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


URL_FIELD = forms.URLField(assume_scheme="https", required=False)
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y")
ISO_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(:\d{2})?")


def _date(value):
    """A date from a date cell, or written 27.11.2026, 27-11-2026, 27/11/2026 or 2026-11-27."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    with_time = ISO_WITH_TIME.fullmatch(text)
    text = with_time.group(1) if with_time else text.replace(" ", "")
    for pattern in DATE_FORMATS:
        try:
            return date(*time.strptime(text, pattern)[:3])
        except ValueError:
            continue
    raise ValidationError(_("This is not a date. Write it as 27.11.2026 or 2026-11-27."))


class CellReader:
    """Turns cells into model values; the choice and area tables are built once per plan."""

    def __init__(self):
        self.choices = {name: choice_table(name) for name in CHOICES}
        self.areas = {}
        for area in LocalArea.objects.all():
            self.areas[normalise(area.name)] = area
            self.areas[normalise(area.slug)] = area
        self.area_names = sorted({area.name for area in self.areas.values()})
        self.purposes = {purpose.code: purpose for purpose in PurposeArea.objects.all()}
        self.purpose_words = purpose_table()
        self.yes_no = yes_no_table()

    def _purposes(self, value):
        """Several purpose areas in one cell, e.g. 'Socialt, Beskæftigelse', in the portal's
        order; each a code or a Danish or English label."""
        text = cell_text(value)
        for separator in PURPOSE_SEPARATORS:
            text = text.replace(separator, ",")
        found = set()
        for part in (part.strip() for part in text.split(",")):
            code = self.purpose_words.get(normalise(part)) if part else None
            if part and (code is None or code not in self.purposes):
                known = ", ".join(str(purpose) for purpose in self.purposes.values())
                raise ValidationError(
                    _("Unknown purpose area “%(value)s”. Use one or more of: %(known)s.")
                    % {"value": part, "known": known or "–"}
                )
            if code:
                found.add(code)
        return tuple(purpose for code, purpose in self.purposes.items() if code in found)

    def _yes_no(self, value):
        if isinstance(value, bool):
            return value
        found = self.yes_no.get(normalise(cell_text(value)))
        if found is None:
            raise ValidationError(_("Write yes or no, or leave the cell empty."))
        return found

    def read(self, target, value):
        if target.kind == "number":
            return _number(value)
        if target.kind == "cvr":
            return _cvr(value)
        if target.kind == "postcode":
            return _postcode(value)
        if target.kind in ("bool", "yesno"):
            return self._yes_no(value)
        if target.kind == "date":
            return _date(value)
        if target.kind == "purposes":
            return self._purposes(value)
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
