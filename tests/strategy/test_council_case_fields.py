"""The recommendation as a Danish municipal document: the case's number (sagsnummer),
committee (udvalg) and meeting date (mødedato) are stored with it, written on its edit page,
printed on the PDF, and in the Word file as named content controls; the Word file is A4 with
the municipality in the header and "Side X af Y" page fields in the footer."""

import io
from datetime import date

import docx
import pytest
from django.conf import settings
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from strategy.council.docx import build_recommendation_docx
from strategy.council.pdf import render_recommendation_pdf
from strategy.models import Recommendation
from tests.pdf_layout import assert_text_fits
from tests.strategy.form_data import TEXTS, recommendation_url

pytestmark = pytest.mark.django_db


CASE = {
    "case_number": "24.10.00-P20-1-26",
    "committee": "Erhvervs- og Beskæftigelsesudvalget",
    "meeting_date": date(2027, 2, 24),
}


@pytest.fixture
def recommendation(plan_data):
    return Recommendation.objects.create(
        strategy=plan_data["strategy"], version=plan_data["latest"], **TEXTS, **CASE
    )


def open_docx(recommendation):
    data = build_recommendation_docx(recommendation=recommendation, version=recommendation.version)
    return docx.Document(io.BytesIO(data))


def content_controls(document):
    """{tag: text} of the document's content controls, as a case system reads them."""
    values = {}
    for sdt in document.element.body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is not None:
            texts = sdt.iter(qn("w:t"))
            placeholder = sdt.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None
            values[tag.get(qn("w:val"))] = "" if placeholder else "".join(t.text for t in texts)
    return values


def field_codes(part_element):
    return [" ".join(text.text.split()) for text in part_element.iter(qn("w:instrText"))]


# The edit page


def test_the_leader_stores_the_case_fields_with_the_recommendation(client, leader, plan_data):
    client.force_login(leader)
    data = {
        "version": plan_data["submitted"].pk,
        **TEXTS,
        "case_number": CASE["case_number"],
        "committee": CASE["committee"],
        "meeting_date": "24.02.2027",
    }

    response = client.post(recommendation_url(plan_data["strategy"]), data)

    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert recommendation.case_number == CASE["case_number"]
    assert recommendation.committee == CASE["committee"]
    assert recommendation.meeting_date == CASE["meeting_date"]
    page = client.get(recommendation_url(plan_data["strategy"])).content.decode()
    assert 'name="case_number"' in page
    assert CASE["case_number"] in page  # the form and the preview


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"meeting_date": "31.02.2027"}, "meeting_date"),
        ({"meeting_date": "24.02.1027"}, "meeting_date"),
        ({"case_number": "x" * 51}, "case_number"),
        ({"committee": "x" * 201}, "committee"),
    ],
)
def test_it_refuses_bad_case_fields_and_saves_nothing(client, leader, plan_data, changes, field):
    client.force_login(leader)
    data = {"version": plan_data["submitted"].pk, **TEXTS, **changes}

    response = client.post(recommendation_url(plan_data["strategy"]), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Recommendation.objects.exists()


def test_a_consultant_cannot_set_the_case_fields(client, consultant, recommendation):
    client.force_login(consultant)

    response = client.post(
        recommendation_url(recommendation.strategy),
        {"version": recommendation.version.pk, **TEXTS, "case_number": "99.99.99-A00-1-27"},
    )

    recommendation.refresh_from_db()
    assert response.status_code == 403
    assert recommendation.case_number == CASE["case_number"]


# The documents


def test_the_pdf_prints_the_case_fields(recommendation):
    pdf = render_recommendation_pdf(recommendation=recommendation, version=recommendation.version)

    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    for label in ("Sagsnummer", "Udvalg", "Mødedato"):
        assert label in text
    for value in (CASE["case_number"], CASE["committee"], "24.02.2027"):
        assert value in text
    assert_text_fits(pdf, name="the council recommendation")


def test_the_docx_is_a4_portrait_with_the_usual_margins(recommendation):
    document = open_docx(recommendation)

    for section in document.sections:
        # Word stores twentieths of a point: A4 is 11906 × 16838, not Letter's 12240 × 15840.
        short, long = sorted((section.page_width, section.page_height))
        assert abs(short - Mm(210)) < Mm(0.1)
        assert abs(long - Mm(297)) < Mm(0.1)
    assert document.sections[0].page_width < document.sections[0].page_height
    assert abs(document.sections[0].left_margin - Mm(25)) < Mm(0.1)


def test_the_docx_has_the_municipality_in_its_header(recommendation):
    document = open_docx(recommendation)

    header = document.sections[0].header
    assert settings.PORTAL_MUNICIPALITY in header.paragraphs[0].text
    assert "Indstilling til byrådet" in header.paragraphs[0].text


def test_the_docx_footer_numbers_the_pages_with_word_fields(recommendation):
    document = open_docx(recommendation)

    footer = document.sections[0].footer
    assert field_codes(footer._element) == ["PAGE", "NUMPAGES"]
    text = footer.paragraphs[0].text
    assert text.startswith("Side ") and " af " in text


def test_the_docx_carries_the_case_fields_as_named_content_controls(recommendation):
    document = open_docx(recommendation)

    assert content_controls(document) == {
        "sagsnummer": CASE["case_number"],
        "udvalg": CASE["committee"],
        "moededato": "24.02.2027",
    }
    picker = document.element.body.find(f".//{qn('w:date')}")
    assert picker.get(qn("w:fullDate")).startswith("2027-02-24")
    # python-docx's paragraph.text skips content controls; Word shows them in the line.
    lines = ["".join(t.text for t in p._p.iter(qn("w:t"))) for p in document.paragraphs]
    assert f"Sagsnummer: {CASE['case_number']}" in lines


def test_the_docx_leaves_empty_case_fields_for_the_case_system(plan_data):
    recommendation = Recommendation.objects.create(
        strategy=plan_data["strategy"], version=plan_data["latest"], **TEXTS
    )

    document = open_docx(recommendation)

    assert content_controls(document) == {
        "sagsnummer": "",
        "udvalg": "",
        "moededato": "",
    }


def test_two_leaders_writing_the_recommendation_lose_nothing(plan_data, recommendation, leader):
    """Issue 10, item 4: the second save used to overwrite the first one's text."""
    from portal.models import User
    from tests.concurrency import logged_in, race
    from tests.conftest import make_user

    second_leader = make_user("leder2", User.Role.PROJECT_LEADER)
    race(
        recommendation_url(plan_data["strategy"]),
        logged_in(leader),
        logged_in(second_leader),
        "summary",
        "Byrådet bedes vedtage handleplanen.",
        "Byrådet bedes tage handleplanen til efterretning.",
        stored=lambda: Recommendation.objects.get(pk=recommendation.pk).summary,
    )
