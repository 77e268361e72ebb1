"""{% load portal_text %}: texts people write, with simple formatting (see portal.richtext)."""

from django import template

from portal.richtext import render_markdown

register = template.Library()


@register.filter(is_safe=True)
def markdown(value):
    """{{ narrative.introduction|markdown }}: lists, emphasis and links as safe HTML."""
    return render_markdown(str(value or ""))
