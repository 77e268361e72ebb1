"""The interim report's narrative takes simple formatting (Markdown), in the browser and the
PDF alike, and nothing a writer types can become markup of its own."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from mapping.reports import preview_html, render_interim_report
from portal.richtext import render_markdown
from tests.mapping.report_fakes import narrative
from tests.pdf_layout import pdf_text

pytestmark = pytest.mark.django_db

FORMATTED = (
    "Kortlægningen viser:\n\n"
    "- Første punkt om Årø\n"
    "- Andet punkt om Vojens\n\n"
    "Det er *vigtigt* og **afgørende**. Læs [rapporten](https://haderslev.dk/rapport)."
)

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    '<div style="position:fixed" onclick="steal()">overlay</div>',
    "<iframe src=https://evil.example></iframe>",
    "![billede](https://evil.example/x.png)",
    '<svg onload="alert(1)"></svg>',
]


def test_formatting_becomes_lists_emphasis_and_links():
    html = str(render_markdown(FORMATTED))
    assert "<ul>\n<li>Første punkt om Årø</li>" in html
    assert "<em>vigtigt</em>" in html
    assert "<strong>afgørende</strong>" in html
    assert '<a href="https://haderslev.dk/rapport" rel="noopener noreferrer nofollow">' in html


def test_a_text_without_formatting_keeps_its_line_breaks():
    assert str(render_markdown("Linje et\nLinje to")) == "<p>Linje et<br>\nLinje to</p>"


class _Elements(HTMLParser):
    """Every element and attribute in a piece of HTML, as a browser would read them."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html):
    parser = _Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_neutralised(text):
    for tag, attrs in elements(str(render_markdown(text))):
        assert tag in {"p", "br", "ul", "ol", "li", "em", "strong", "a", "blockquote", "code"}
        assert set(attrs) <= {"href", "title", "rel", "start"}, attrs
        if "href" in attrs:
            assert attrs["href"].startswith(("https://", "http://", "mailto:")), attrs


@pytest.mark.parametrize("text", HOSTILE)
def test_the_hostile_elements_are_not_there_at_all(text):
    tags = {tag for tag, _attrs in elements(str(render_markdown(text)))}
    assert not tags & {"script", "img", "iframe", "svg", "div"}


def test_a_heading_becomes_a_bold_paragraph_not_a_heading_of_its_own():
    html = str(render_markdown("## Baggrund\n\nTekst"))
    assert html == "<p><strong>Baggrund</strong></p>\n<p>Tekst</p>"


def test_raw_html_is_shown_as_text_not_dropped():
    assert str(render_markdown("Skriv <b>fed</b>")) == "<p>Skriv &lt;b&gt;fed&lt;/b&gt;</p>"


def test_the_html_preview_shows_the_formatting():
    html = preview_html(narrative=narrative(introduction=FORMATTED, method=HOSTILE[0]))
    assert "<li>Første punkt om Årø</li>" in html
    assert "<em>vigtigt</em>" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_the_reports_page_shows_the_formatting_to_readers(client, consultant):
    narrative(conclusions=FORMATTED)
    client.force_login(consultant)
    html = client.get(reverse("mapping:report-home")).content.decode()
    assert "<li>Andet punkt om Vojens</li>" in html
    assert "<strong>afgørende</strong>" in html


def test_the_pdf_prints_the_formatting_not_the_marks():
    pdf, _pages = render_interim_report(
        narrative=narrative(introduction=FORMATTED, method=HOSTILE[6]), version_number=None
    )
    text = pdf_text(pdf)
    assert "Første punkt om Årø" in text
    assert "Andet punkt om Vojens" in text
    assert "•" in text  # the list's bullets
    assert "- Første punkt" not in text
    assert "*vigtigt*" not in text
    assert "**afgørende**" not in text
    assert "[rapporten]" not in text
    # The hostile markup is printed as the text it was, not obeyed.
    assert "overlay" in text
