"""PDF rendering with WeasyPrint: Danish, with embedded fonts, title and language set, and
tagged for accessibility as far as WeasyPrint allows."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def _static_fetcher(url, *args, **kwargs):
    """Serve /static/ files from the finders, so a PDF renders without a web server."""
    from weasyprint import default_url_fetcher

    if url.startswith("static:"):
        path = finders.find(url.removeprefix("static:"))
        if path:
            return {"file_obj": open(path, "rb"), "filename": path}  # noqa: SIM115
    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(template, context, *, request=None):
    """The bytes of a PDF rendered from an HTML template in the active language."""
    from weasyprint import HTML

    html = render_to_string(template, {"lang": translation.get_language(), **context}, request)
    return HTML(string=html, url_fetcher=_static_fetcher, base_url="static:").write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=False
    )


def pdf_response(template, context, *, filename, request=None, inline=True):
    response = HttpResponse(render_pdf(template, context, request=request), "application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    return response
