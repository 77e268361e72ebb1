"""The budget: estimated against used, the warnings at 90 % and 100 %, a fixed number of
queries, baselines compared with today's plan, and the XLSX and PDF exports."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from portal import formatting
from portal.programme.budget_pdf import render_budget_pdf
from portal.programme.models import Activity, BaselineLine, BudgetBaseline
from portal.programme.selectors import budget as selectors
from portal.programme.selectors.budget import Level, warning_level
from portal.programme.services import plan as plan_services
from tests.factories.programme import build_offer_plan, register_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(leader):
    return build_offer_plan(leader)


@pytest.mark.parametrize(
    ("used", "level"),
    [
        ("0", Level.FINE),
        ("89.99", Level.FINE),
        ("90", Level.NEAR),
        ("99.99", Level.NEAR),
        ("100", Level.OVER),
        ("130", Level.OVER),
    ],
)
def test_it_warns_at_90_and_again_at_100_percent(used, level):
    assert warning_level(used=Decimal(used), estimate=Decimal(100)) == level


def test_hours_on_an_activity_estimated_at_nothing_are_over_the_estimate():
    assert warning_level(used=Decimal(1), estimate=Decimal(0)) == Level.OVER
    assert warning_level(used=Decimal(0), estimate=Decimal(0)) == Level.FINE


def test_it_computes_used_and_remaining_per_activity_phase_and_programme(plan, consultant, leader):
    register_hours(consultant, plan["Projektetablering"], "27")  # 90 % of 30
    register_hours(leader, plan["Kortlægning"], "100")
    register_hours(consultant, plan["Opsamling"], "50")  # 100 % of 50
    overview = selectors.budget_overview()
    phase1 = overview["phases"][0]
    etablering, kortlaegning, opsamling, strategi = phase1.activity_list
    assert etablering.figures.used_hours == Decimal("27")
    assert etablering.figures.used_cost == Decimal("22275.00")
    assert etablering.figures.remaining_hours == Decimal("3")
    assert etablering.figures.percent_used == Decimal("90")
    assert etablering.figures.level == Level.NEAR
    assert kortlaegning.figures.level == Level.FINE
    assert kortlaegning.figures.remaining_cost == Decimal("20625.00")
    assert opsamling.figures.level == Level.OVER
    assert strategi.figures.used_hours == Decimal("0")
    assert phase1.figures.used_hours == Decimal("177")
    assert formatting.money(phase1.figures.used_cost) == "146.025,00 kr."
    assert formatting.money(phase1.figures.remaining_cost) == "80.850,00 kr."
    assert formatting.money(overview["totals"].used_cost_with_vat) == "182.531,25 kr."
    assert [activity.name for activity in overview["warnings"]] == [
        "Projektetablering",
        "Opsamling",
    ]


def test_it_uses_each_activitys_own_rate(plan, consultant):
    activity = plan["Strategi"]
    Activity.objects.filter(pk=activity.pk).update(hourly_rate=Decimal("900"))
    register_hours(consultant, activity, "10")
    figures = selectors.budget_overview()["phases"][0].activity_list[3].figures
    assert figures.used_cost == Decimal("9000.00")
    assert figures.estimated_cost == Decimal("63000.00")


def test_it_reads_the_budget_in_a_fixed_number_of_queries(
    plan, consultant, leader, django_assert_num_queries
):
    with django_assert_num_queries(2):
        selectors.budget_overview()
    for activity in Activity.objects.all():
        register_hours(consultant, activity, "12")
        register_hours(leader, activity, "3", start=-20)
    with django_assert_num_queries(2):
        overview = selectors.budget_overview()
    assert overview["totals"].used_hours == Decimal(15 * 12)


def test_it_shows_the_warnings_as_text_and_icon_on_the_budget_page(
    client, plan, consultant, steering
):
    register_hours(consultant, plan["Projektetablering"], "27")
    register_hours(consultant, plan["Opsamling"], "51")
    client.force_login(steering)
    html = client.get(reverse("programme:budget")).content.decode()
    near = html.count("portal-budget-near")
    over = html.count("portal-budget-over")
    assert near >= 1 and over >= 1
    # each warning has its icon and its words, not only a colour
    assert html.count('<svg aria-hidden="true"') >= near + over
    assert "226.875,00 kr." in html
    assert 'data-total="estimated-cost-with-vat">675.468,75 kr.' in html


def test_it_keeps_the_budget_as_a_baseline(client, plan, leader):
    client.force_login(leader)
    response = client.post(reverse("programme:baseline-create"), {"name": "Tilbud 2012"})
    baseline = BudgetBaseline.objects.get()
    assert response.status_code == 302
    assert (baseline.name, baseline.created_by) == ("Tilbud 2012", leader)
    assert baseline.lines.count() == 12
    line = baseline.lines.get(name="Kortlægning")
    assert (line.phase_number, line.hours, line.hourly_rate) == (1, Decimal("125"), Decimal("825"))


@pytest.mark.parametrize(
    ("name", "message"), [("", "Give the baseline a name."), ("tilbud 2012", "already exists")]
)
def test_it_refuses_a_baseline_without_a_new_name(client, plan, leader, settings, name, message):
    plan_services.baseline_create(name="Tilbud 2012", by=leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(leader)
    response = client.post(reverse("programme:baseline-create"), {"name": name})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert BudgetBaseline.objects.count() == 1
    assert BaselineLine.objects.count() == 12


def test_the_service_refuses_a_duplicate_baseline_name(plan, leader):
    plan_services.baseline_create(name="Tilbud 2012", by=leader)
    with pytest.raises(ValidationError):
        plan_services.baseline_create(name="Tilbud 2012", by=leader)
    assert BudgetBaseline.objects.count() == 1


def test_it_compares_a_baseline_with_todays_plan(plan, leader):
    baseline = plan_services.baseline_create(name="Tilbud 2012", by=leader)
    plan_services.activity_update(
        activity=plan["Kortlægning"], by=leader, reason="Udvidet", estimated_hours=Decimal("140")
    )
    plan_services.activity_delete(activity=plan["Aktivitet 7"], by=leader, reason="Udgår")
    phase2 = plan["phase2"]
    plan_services.activity_create(
        by=leader,
        reason="Ny",
        phase=phase2,
        name="Evaluering",
        estimated_hours=Decimal("40"),
        planned_start=phase2.starts_on,
        planned_end=phase2.ends_on,
        responsible=leader,
    )
    result = selectors.baseline_compare(baseline=baseline)
    phase1, phase2_group = result["phases"]
    row = next(r for r in phase1["rows"] if r["name"] == "Kortlægning")
    assert row["change"] == "changed"
    assert (row["then"].hours, row["now"].hours, row["difference"].hours) == (
        Decimal("125"),
        Decimal("140"),
        Decimal("15"),
    )
    assert row["difference"].cost == Decimal("12375.00")
    assert phase1["then"].cost == Decimal("226875.00")
    assert phase1["now"].cost == Decimal("239250.00")
    assert [r["name"] for r in result["added"]] == ["Evaluering"]
    assert [r["name"] for r in result["removed"]] == ["Aktivitet 7"]
    assert phase2_group["then"].hours == Decimal("380")
    assert phase2_group["now"].hours == Decimal("400")  # 380 - 20 + 40
    assert result["difference"].hours == Decimal("35")
    assert formatting.money(result["then"].cost_with_vat) == "675.468,75 kr."
    assert formatting.money(result["difference"].cost) == "28.875,00 kr."
    assert formatting.money(result["difference"].cost_with_vat) == "36.093,75 kr."


def test_the_compare_page_shows_the_numbers(client, plan, leader, steering):
    baseline = plan_services.baseline_create(name="Tilbud 2012", by=leader)
    plan_services.activity_update(
        activity=plan["Kortlægning"], by=leader, reason="Udvidet", estimated_hours=Decimal("140")
    )
    client.force_login(steering)
    response = client.get(reverse("programme:budget-compare"), {"baseline": baseline.pk})
    html = response.content.decode()
    assert 'data-total="then">540.375,00 kr.' in html
    assert 'data-total="now">552.750,00 kr.' in html
    assert 'data-total="difference">12.375,00 kr.' in html


def test_the_compare_page_refuses_an_unknown_baseline(client, plan, leader):
    plan_services.baseline_create(name="Tilbud 2012", by=leader)
    client.force_login(leader)
    response = client.get(reverse("programme:budget-compare"), {"baseline": "9999"})
    assert response.status_code == 400
    assert response.context["comparison"] is None


def test_it_exports_the_budget_as_xlsx(client, plan, consultant, settings):
    register_hours(consultant, plan["Opsamling"], "45")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(consultant)
    response = client.get(reverse("programme:budget"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == (
        "Phase",
        "Activity",
        "Estimated hours",
        "Hourly rate",
        "Estimated",
    )
    by_name = {row[1]: row for row in rows[1:]}
    opsamling = by_name["Opsamling"]
    assert opsamling[2] == 50
    assert opsamling[4] == 41250
    assert opsamling[5] == 45
    assert opsamling[6] == 37125
    assert opsamling[9] == pytest.approx(0.9)  # 90 %, as a spreadsheet's percentage
    assert opsamling[10] == "At least 90 % of the estimate used"
    totals = [row for row in rows if row[0] in ("", None)]
    assert totals[0][4] == 540375
    assert totals[1][4] == pytest.approx(675468.75)


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    # Words as the reader sees them, whatever the line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_budget_pdf_has_the_totals_in_danish(client, plan, consultant, steering):
    register_hours(consultant, plan["Opsamling"], "50")
    text = pdf_text(render_budget_pdf())
    for amount in ("226.875,00 kr.", "283.593,75 kr.", "313.500,00 kr.", "675.468,75 kr."):
        assert amount in text
    assert "41.250,00 kr." in text  # Opsamling used
    client.force_login(steering)
    response = client.get(reverse("programme:budget-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
