"""How public pages name an organisation: `{{ organisation|public_name }}`."""

from django import template

from mapping.selectors import public_organisation_name

register = template.Library()


@register.filter
def public_name(organisation):
    """The organisation's name, or a neutral phrase when it may not be named in public."""
    return public_organisation_name(organisation)
