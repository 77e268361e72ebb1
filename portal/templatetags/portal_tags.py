from django import template

from portal import formatting

register = template.Library()


@register.filter
def dkk(value):
    """{{ amount|dkk }} -> 226.875,00 kr."""
    return formatting.money(value)


@register.filter
def people_count(value):
    """{{ count|people_count }}: public counts of people, 'under 5' for small figures."""
    return formatting.people_count(value)


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current query string with some parameters changed (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return "?" + query.urlencode()
