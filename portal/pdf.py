"""PDF rendering with WeasyPrint: Danish, with embedded fonts, title and language set, and
tagged for accessibility as far as WeasyPrint allows (PDF/UA-1)."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def static_fetcher(url, *args, **kwargs):
    """Serve static: URLs from the static files finders, so a PDF renders without a web
    server; anything else goes to WeasyPrint's own fetcher."""
    from weasyprint import default_url_fetcher

    if url.startswith("static:"):
        path = finders.find(url.removeprefix("static:"))
        if path:
            return {"file_obj": open(path, "rb"), "filename": path}  # noqa: SIM115
    return default_url_fetcher(url, *args, **kwargs)


def html_to_pdf(html):
    """(PDF bytes, page count) of an HTML document, laid out once."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=static_fetcher, base_url="static:").render(
        **PDF_OPTIONS
    )
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)


def render_pdf(template, context, *, request=None):
    """The bytes of a PDF rendered from an HTML template in the active language."""
    html = render_to_string(template, {"lang": translation.get_language(), **context}, request)
    return html_to_pdf(html)[0]


def pdf_response(template, context, *, filename, request=None, inline=True):
    response = HttpResponse(render_pdf(template, context, request=request), "application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    return response
