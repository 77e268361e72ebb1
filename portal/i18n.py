"""Texts that are saved, not shown: always in the municipality's language."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


def stored_text(message):
    """`message` (marked with gettext_noop) translated into the portal's default language.

    A change reason, a contact's purpose or an erased person's placeholder name is written to
    the database once and read by everyone afterwards, so it must not come out in English
    because the person who acted had chosen English.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)
