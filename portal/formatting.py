"""Danish formatting of money and numbers, the same wherever a figure is shown."""

from decimal import Decimal

from django.utils import formats, numberformat
from django.utils.translation import gettext as _


def money(amount):
    """226875 -> '226.875,00 kr.' in Danish, '226,875.00 kr.' in English."""
    if amount is None:
        return ""
    value = formats.number_format(
        Decimal(amount), decimal_pos=2, use_l10n=True, force_grouping=True
    )
    return _("%(amount)s kr.") % {"amount": value}


def number(value, decimal_pos=None):
    if value is None:
        return ""
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimal_pos,
        grouping=formats.get_format("NUMBER_GROUPING"),
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


# Counts about people are published only as aggregates; a figure under this is not shown.
SMALL_COUNT_LIMIT = 5


def people_count(value):
    """A public count of people: figures under 5 are shown as 'under 5'."""
    if value is None:
        return ""
    if 0 < value < SMALL_COUNT_LIMIT:
        return _("under %(limit)s") % {"limit": SMALL_COUNT_LIMIT}
    return number(value)
