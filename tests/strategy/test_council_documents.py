"""The recommendation to the city council as PDF and DOCX: the sections in the usual Danish
municipal form, the action plan, and the finances' table whose sums equal the actions'
budgets, in Danish money format."""

import io
import re
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from portal import formatting
from strategy.council.document import DOCUMENT_KIND, HEADINGS, SUBHEADINGS
from strategy.council.docx import CONTENT_TYPE, build_recommendation_docx
from strategy.council.pdf import render_recommendation_pdf
from strategy.economy import budget_by_year_and_focus_area
from strategy.models import Recommendation
from tests.factories.strategy import BUDGETS, TOTAL

pytestmark = pytest.mark.django_db


# The section headings in the usual Danish municipal form, as the document prints them.
DANISH_HEADINGS = {
    "summary": ("Summary", "Resumé"),
    "decision_points": ("Points for decision", "Beslutningspunkter"),
    "case": ("The case", "Sagsfremstilling"),
    "finances": ("Finances", "Økonomi"),
    "annexes": ("Annexes", "Bilag"),
}
TODAY = date(2026, 11, 24)


@pytest.fixture
def recommendation(plan_data):
    return Recommendation.objects.create(
        strategy=plan_data["strategy"],
        version=plan_data["latest"],
        summary="Strategien samler indsatsen for socialøkonomi i Haderslev.",
        decision_points=(
            "strategien godkendes\nhandleplanen igangsættes\nøkonomien afholdes af rammen"
        ),
        case_text="Styregruppen har behandlet planen.\n\nDen bygger på kortlægningen.",
        finance_text="Indsatserne finansieres inden for den eksisterende ramme.",
        annexes="Kortlægningen af socialøkonomien\nDelrapporten",
    )


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def danish(value):
    with translation.override("da"):
        return str(value)


def danish_money(amount):
    with translation.override("da"):
        return formatting.money(amount)


def headings_in_danish():
    return {key: danish(heading) for key, heading in HEADINGS.items()}


def test_the_headings_are_the_danish_municipal_ones():
    for key, (english, expected) in DANISH_HEADINGS.items():
        with translation.override("en"):
            assert str(HEADINGS[key]) == english
        with translation.override("da"):
            assert str(HEADINGS[key]) == expected, key


# The PDF


def test_it_prints_every_section_in_order(recommendation):
    pdf = render_recommendation_pdf(
        recommendation=recommendation, version=recommendation.version, today=TODAY
    )

    reader, text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF-")
    positions = [text.index(danish_word) for _english, danish_word in DANISH_HEADINGS.values()]
    assert positions == sorted(positions)  # Resumé, Beslutningspunkter, Sagsfremstilling, …
    assert danish(DOCUMENT_KIND) in text
    assert "Haderslev Kommune" in text
    assert "24.11.2026" in text
    assert "Strategien samler indsatsen for socialøkonomi i Haderslev." in text
    assert "1. strategien godkendes" in text
    assert "3. økonomien afholdes af rammen" in text
    assert "Den bygger på kortlægningen." in text
    assert "Kortlægningen af socialøkonomien" in text


def test_it_prints_the_action_plan_from_the_version(recommendation):
    pdf = render_recommendation_pdf(
        recommendation=recommendation, version=recommendation.version, today=TODAY
    )

    _reader, text = pdf_text(pdf)
    # The table's narrow columns hyphenate long words at the end of a line (U+2010).
    flat = " ".join(re.sub("[-\u2010]\n", "", text).split())
    for title in BUDGETS:
        assert title in flat
    assert "Haderslev er kendt for stærke socialøkonomiske virksomheder." in flat
    assert "Erhverv og Udvikling" in flat
    assert "10 nye virksomheder" in flat


def test_its_finances_sum_to_the_actions_budgets_in_danish_money(recommendation):
    pdf = render_recommendation_pdf(
        recommendation=recommendation, version=recommendation.version, today=TODAY
    )

    _reader, text = pdf_text(pdf)
    table = budget_by_year_and_focus_area(recommendation.version.snapshot)
    assert table.total == TOTAL == Decimal("1234567.50")
    assert table.years == [2027, 2028, 2029, 2030]
    assert danish_money(TOTAL) == "1.234.567,50 kr."
    assert "1.234.567,50 kr." in text  # the grand total
    for amount in table.year_totals:  # each year's total
        assert danish_money(amount) in text
    assert sum(table.year_totals) == TOTAL
    # Each focus area's row total is its actions' budgets.
    growth = BUDGETS["Socialøkonomisk kuvøse"] + BUDGETS["Netværksmøder for iværksættere"]
    assert [row.total for row in table.rows] == [
        growth,
        BUDGETS["Indkøb fra socialøkonomiske virksomheder"],
    ]
    assert "726.875,00 kr." in text and "507.692,50 kr." in text


def test_it_is_a_tagged_danish_a4_pdf_with_page_numbers(recommendation):
    pdf = render_recommendation_pdf(
        recommendation=recommendation, version=recommendation.version, today=TODAY
    )

    reader, text = pdf_text(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == f"{danish(DOCUMENT_KIND)}: Socialøkonomisk strategi 2027–2030"
    mediabox = reader.pages[0].mediabox
    assert (round(float(mediabox.width)), round(float(mediabox.height))) == (595, 842)
    pages = len(reader.pages)
    assert re.search(rf"\b1 / {pages}\b", text)


def test_it_serves_the_pdf_to_staff(client, consultant, recommendation):
    client.force_login(consultant)

    response = client.get(reverse("strategy:recommendation-pdf", args=[recommendation.strategy.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="indstilling-socialoekonomisk-strategi-2027-2030-v2.pdf"'
    )
    assert "1.234.567,50 kr." in pdf_text(response.content)[1]


def test_it_prints_a_recommendation_with_no_texts_yet(plan_data):
    recommendation = Recommendation(strategy=plan_data["strategy"])

    pdf = render_recommendation_pdf(recommendation=recommendation, version=plan_data["submitted"])

    _reader, text = pdf_text(pdf)
    assert all(heading in text for heading in headings_in_danish().values())
    assert "1.234.567,50 kr." in text


# The DOCX


def open_docx(data):
    return docx.Document(io.BytesIO(data))


def test_the_docx_has_word_headings_in_order(recommendation):
    document = open_docx(
        build_recommendation_docx(
            recommendation=recommendation, version=recommendation.version, today=TODAY
        )
    )

    level_1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level_1 == list(headings_in_danish().values())
    level_2_3 = [p.text for p in document.paragraphs if p.style.name in ("Heading 2", "Heading 3")]
    assert danish(SUBHEADINGS["plan"]) in level_2_3
    assert [text for text in level_2_3 if "Samspil med kommunen" in text]
    assert level_2_3.index(danish(SUBHEADINGS["vision"])) < next(
        i for i, text in enumerate(level_2_3) if "Flere socialøkonomiske virksomheder" in text
    )
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [
        "Socialøkonomisk strategi 2027–2030"
    ]


def test_the_docx_numbers_the_decision_points_and_the_annexes_each_from_one(recommendation):
    document = open_docx(
        build_recommendation_docx(recommendation=recommendation, version=recommendation.version)
    )

    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == [
        "strategien godkendes",
        "handleplanen igangsættes",
        "økonomien afholdes af rammen",
        "Kortlægningen af socialøkonomien",
        "Delrapporten",
    ]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert len(set(num_ids[:3])) == 1 and len(set(num_ids[3:])) == 1
    assert num_ids[0] != num_ids[3]  # the annexes start again at 1


def test_the_docx_economy_table_totals_the_actions_budgets(recommendation):
    document = open_docx(
        build_recommendation_docx(recommendation=recommendation, version=recommendation.version)
    )

    economy = document.tables[-1]
    header = [cell.text for cell in economy.rows[0].cells]
    assert header[1:5] == ["2027", "2028", "2029", "2030"]
    assert economy.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert economy.rows[-1].cells[-1].text == danish_money(TOTAL) == "1.234.567,50 kr."
    rows = {row.cells[0].text: row.cells[-1].text for row in economy.rows[1:-1]}
    assert rows == {
        "Flere socialøkonomiske virksomheder": "726.875,00 kr.",
        "Samspil med kommunen": "507.692,50 kr.",
    }
    action_tables = document.tables[:-1]
    titles = [row.cells[1].text for table in action_tables for row in table.rows[1:-1]]
    assert titles == list(BUDGETS)


def test_the_docx_has_its_core_properties(recommendation):
    document = open_docx(
        build_recommendation_docx(recommendation=recommendation, version=recommendation.version)
    )

    properties = document.core_properties
    assert properties.title == f"{danish(DOCUMENT_KIND)}: Socialøkonomisk strategi 2027–2030"
    assert properties.language == "da-DK"
    assert properties.author == "Haderslev Kommune"


def test_it_serves_the_docx_with_its_content_type_and_name(client, leader, recommendation):
    client.force_login(leader)

    response = client.get(
        reverse("strategy:recommendation-docx", args=[recommendation.strategy.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="indstilling-socialoekonomisk-strategi-2027-2030-v2.docx"'
    )
    assert open_docx(response.content).tables[-1].rows[-1].cells[-1].text == "1.234.567,50 kr."


def test_it_answers_404_for_a_document_of_a_plan_without_versions(client, leader):
    from strategy.models import Strategy

    strategy = Strategy.objects.create(title="Tom", created_by=leader)
    client.force_login(leader)

    for name in ("strategy:recommendation-pdf", "strategy:recommendation-docx"):
        assert client.get(reverse(name, args=[strategy.pk])).status_code == 404
