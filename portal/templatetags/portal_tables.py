"""``{% table_region %}…{% endtable_region %}``: the one wrapper every table scrolls in.

On a phone a wide table scrolls sideways inside its box. A keyboard user can scroll it only
if the box takes focus, and a screen reader names it only if it is a labelled region (axe's
scrollable-region-focusable, WCAG 2.1.1): the box gets ``tabindex="0"``, ``role="region"``
and the table's own name, from its ``<caption>`` or its ``aria-labelledby``, or ``label=``.
"""

import html
import re

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.DOTALL)
LABELLED_BY = re.compile(r'<table[^>]*\saria-labelledby="([^"]+)"')


class TableRegionNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        inner = self.nodelist.render(context)
        options = {key: value.resolve(context) for key, value in self.options.items()}
        css_class = " ".join(filter(None, ["table-responsive", options.get("class")]))
        label = options.get("label")
        if not label and (labelled_by := LABELLED_BY.search(inner)):
            return format_html(
                '<div class="{}" tabindex="0" role="region" aria-labelledby="{}">{}</div>',
                css_class,
                labelled_by.group(1),
                mark_safe(inner),  # noqa: S308 (the template's own rendered, escaped output)
            )
        if not label and (caption := CAPTION.search(inner)):
            label = " ".join(html.unescape(strip_tags(caption.group(1))).split())
        return format_html(
            '<div class="{}" tabindex="0" role="region" aria-label="{}">{}</div>',
            css_class,
            label or gettext("Table"),
            mark_safe(inner),  # noqa: S308 (the template's own rendered, escaped output)
        )


@register.tag
def table_region(parser, token):
    """``{% table_region %}`` or ``{% table_region label=… class="mb-4" %}``."""
    bits = token.split_contents()[1:]
    options = {}
    for bit in bits:
        key, sep, value = bit.partition("=")
        if not sep or key not in {"label", "class"}:
            raise template.TemplateSyntaxError(f"table_region takes label= and class=, not {bit}")
        options[key] = parser.compile_filter(value)
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(nodelist, options)
