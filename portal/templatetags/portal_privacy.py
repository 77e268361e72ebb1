"""Showing the values of a person's export (`portal.privacy.Section` rows)."""

import datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaksbr
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def cell(row, column):
    """`row[column.key]`: a template cannot index a dict by a variable."""
    return row.get(column.key)


@register.filter
def personal_value(value):
    """A value as a person reads it: Danish dates, Yes/No, "–" for nothing, lines for lists."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_filter(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_filter(value, "SHORT_DATE_FORMAT")
    if isinstance(value, (list, tuple)):
        return format_html_join(mark_safe("<br>"), "{}", ((item,) for item in value))
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        return formats.localize(value, use_l10n=True)
    return linebreaksbr(conditional_escape(str(value)), autoescape=True)


@register.filter
def held(sections):
    """The sections that hold something about the person."""
    return [section for section in sections if section.rows]


@register.filter
def not_held(sections):
    return [section for section in sections if not section.rows]
