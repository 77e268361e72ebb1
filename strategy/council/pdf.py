"""The recommendation to the city council as a tagged PDF (portal.pdf), A4, in Danish."""

from django.template.loader import render_to_string
from django.utils import translation

from portal.pdf import html_to_pdf
from strategy.council.document import DOCUMENT_LANGUAGE, document_context

PDF_TEMPLATE = "strategy/council/pdf/recommendation.html"
BODY_TEMPLATE = "strategy/council/includes/document.html"

PDF_HEADINGS = {"title": 1, "section": 2, "sub": 3, "subsub": 4}
# In the browser the page has the h1; the document's own headings start at h2.
PREVIEW_HEADINGS = {"title": 2, "section": 3, "sub": 4, "subsub": 5}


def render_recommendation_pdf(*, recommendation, version, language=DOCUMENT_LANGUAGE, today=None):
    """The PDF's bytes: rendered on request from the version's snapshot, never stored."""
    with translation.override(language):
        context = document_context(recommendation=recommendation, version=version, today=today)
        context.update(lang=language, h=PDF_HEADINGS)
        html = render_to_string(PDF_TEMPLATE, context)
        return html_to_pdf(html)[0]


def preview_html(*, recommendation, version, language=DOCUMENT_LANGUAGE, today=None):
    """The document as HTML for the browser (only the `<article>`), in the document's
    language, as the PDF prints it."""
    with translation.override(language):
        context = document_context(recommendation=recommendation, version=version, today=today)
        context.update(h=PREVIEW_HEADINGS)
        return render_to_string(BODY_TEMPLATE, context)
