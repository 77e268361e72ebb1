"""Simple formatting in texts people write (lists, emphasis, links), as safe HTML.

The text is Markdown, read by Python-Markdown with raw HTML switched off (it is shown as
text), and the HTML that comes out is cleaned by nh3 against a short allow-list: no scripts,
no styles, no event handlers, no images, and links only to http, https and mailto. A heading
becomes a bold paragraph: the page or PDF around the text owns its heading levels.
Single line breaks stay line breaks, as the plain texts written before this showed them.
"""

import re

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a", "blockquote", "code", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<h[1-6]>(.*?)</h[1-6]>", re.DOTALL)


def _converter():
    converter = markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
    # Raw HTML is text here, not markup: Markdown escapes it instead of passing it through.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def render_markdown(text):
    """The text as sanitised HTML, marked safe for templates; '' for no text."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308  (nothing to escape)
    html = _HEADING.sub(r"<p><strong>\1</strong></p>", _converter().convert(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308  (cleaned by nh3 against the allow-list above)
