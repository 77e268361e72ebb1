"""The action plan with its progress as XLSX (one row per action) and PDF (A4 landscape,
grouped by focus area, Danish money and dates)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from strategy.models import Action
from strategy.services.progress import progress_add
from tests.factories.strategy import NOTE, days_ago
from tests.pdf_layout import pdf_text

pytestmark = pytest.mark.django_db

State = Action.State


@pytest.fixture
def progressed(live_plan, consultant):
    progress_add(
        action=live_plan["meetings"],
        by=consultant,
        date=days_ago(3),
        state=State.UNDER_WAY,
        percent_done=65,
        indicator_value=Decimal("18.5"),
        note=NOTE,
    )
    return live_plan


def export(client, user, strategy, export_format):
    client.force_login(user)
    return client.get(
        reverse("strategy:plan-export", args=[strategy.pk]), {"format": export_format}
    )


def test_it_exports_one_row_per_action_to_xlsx(client, progressed, leader):
    response = export(client, leader, progressed["strategy"], "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 5
    assert len(header) == 19
    by_title = {row[3]: list(row) for row in body}  # the fourth column: the action
    values = by_title["Netværksmøder hver måned"]
    assert values[1] == "Netværk og synlighed"  # focus area
    assert values[2] == "Et levende lokalt netværk"  # goal
    assert values[4] == "Konsulent"  # owner
    assert values[7] == 226875  # budget, a number
    assert values[8] == 120  # hours
    assert values[11:14] == [5, 18.5, 25]  # baseline, latest value, target
    assert values[15] == pytest.approx(0.65)  # 65 % done, a spreadsheet's percentage
    assert values[18].date() == days_ago(3)  # last update
    assert by_title["Kuvøseforløb for iværksættere"][16] == "ja"  # late, in Danish
    assert by_title["Netværksmøder hver måned"][16] == "nej"


def test_it_never_puts_the_internal_note_in_the_xlsx(client, progressed, leader):
    response = export(client, leader, progressed["strategy"], "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(value) for row in sheet.iter_rows(values_only=True) for value in row]
    assert NOTE not in cells


def test_it_exports_a_pdf_with_the_actions_grouped_by_focus_area(client, progressed, consultant):
    response = export(client, consultant, progressed["strategy"], "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = " ".join(pdf_text(response.content).split())
    for title in [
        "Netværksmøder hver måned",
        "Kuvøseforløb for iværksættere",
        "Kortlægning afsluttet",
        "Droppet messe",
        "Slutter i dag",
    ]:
        assert title in text
    assert text.index("Netværk og synlighed") < text.index("Kuvøse og sparring")
    assert "226.875,00 kr." in text  # Danish money
    assert days_ago(3).strftime("%d.%m.%Y") in text  # Danish dates
    assert NOTE not in text
