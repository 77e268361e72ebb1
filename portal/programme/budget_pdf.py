"""The budget as a PDF: estimated against used hours and kroner per activity and phase, with
the totals excluding and including VAT. Rendered with WeasyPrint through `portal.pdf` (tagged,
fonts embedded), in Danish, the municipality's language, whoever asks for it."""

from django.utils import timezone, translation

from portal.pdf import pdf_response, render_pdf
from portal.programme.selectors.budget import budget_overview

PDF_TEMPLATE = "programme/budget/pdf.html"
BUDGET_LANGUAGE = "da"


def _context(overview):
    return {**overview, "printed_at": timezone.localtime()}


def render_budget_pdf(*, overview=None):
    """The PDF's bytes, from `overview` (see `budget_overview`) or today's budget."""
    overview = overview if overview is not None else budget_overview()
    with translation.override(BUDGET_LANGUAGE):
        return render_pdf(PDF_TEMPLATE, _context(overview))


def budget_pdf_response(*, overview=None):
    overview = overview if overview is not None else budget_overview()
    stamp = timezone.localdate().isoformat()
    with translation.override(BUDGET_LANGUAGE):
        return pdf_response(PDF_TEMPLATE, _context(overview), filename=f"budget-{stamp}")
