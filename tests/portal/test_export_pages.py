"""Every XLSX export of the portal, made from the demo data as Danish Excel opens it: the
sheet named after its list (in Danish), a bold frozen header row with a filter over every
row, a width for every column; the budget and the action plan with kroner as kroner and
percentages as percentages, under the page's headings."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from mapping.models import Organisation, ReportNarrative, ReportVersion
from portal.export import MONEY_FORMAT, PERCENT_FORMAT
from portal.export_sheet import sheet_title
from portal.models import User
from strategy.models import Strategy
from tests.mapping.report_fakes import freeze_now

pytestmark = pytest.mark.django_db


def _exports():
    """(url, query, the list's name on its page) of every XLSX export."""
    organisation = Organisation.objects.order_by("pk").first()
    first, second = ReportVersion.objects.order_by("number")[:2]
    adopted = Strategy.objects.get(state="adopted")
    xlsx = {"export": "xlsx"}
    return [
        (reverse("mapping:organisation-list"), xlsx, gettext("Organisations")),
        (reverse("mapping:contact-list"), xlsx, gettext("Contacts")),
        (reverse("mapping:contact-retention"), xlsx, gettext("Retention")),
        (reverse("mapping:potential-list"), xlsx, gettext("Potentials")),
        (reverse("mapping:meeting-list"), xlsx, gettext("Meetings")),
        (reverse("mapping:feedback-by-theme"), xlsx, gettext("Feedback by theme")),
        (reverse("mapping:idea-list"), xlsx, gettext("Ideas for interplay")),
        (reverse("mapping:report-version-list"), xlsx, gettext("Interim report versions")),
        (
            reverse("mapping:report-compare"),
            {"a": first.pk, "b": second.pk, **xlsx},
            f"{gettext('Versions')} {first.number}–{second.number}",
        ),
        (reverse("mapping:stakeholder-list"), xlsx, gettext("Stakeholders")),
        (reverse("mapping:stakeholder-grid"), xlsx, gettext("Influence and interest grid")),
        (reverse("mapping:case-list"), xlsx, gettext("Local cases")),
        (
            reverse("mapping:interaction-list", args=[organisation.pk]),
            xlsx,
            gettext("Interactions with %(name)s") % {"name": organisation.name},
        ),
        (reverse("mapping:task-list"), xlsx, gettext("Tasks")),
        (reverse("programme:budget"), {"format": "xlsx"}, gettext("Budget")),
        (
            reverse("strategy:plan-export", args=[adopted.pk]),
            {"format": "xlsx"},
            gettext("Action plan"),
        ),
    ]


def _problems(sheet, expected_title):
    problems = []
    if sheet.title != sheet_title(expected_title):
        problems.append(f"named {sheet.title!r}, not {sheet_title(expected_title)!r}")
    if not all(cell.font.bold for cell in sheet[1]):
        problems.append("header row not bold")
    if sheet.freeze_panes != "A2":
        problems.append(f"frozen at {sheet.freeze_panes}")
    last = f"{get_column_letter(sheet.max_column)}{sheet.max_row}"
    if sheet.auto_filter.ref != f"A1:{last}":
        problems.append(f"filter over {sheet.auto_filter.ref}, not A1:{last}")
    for index, header in enumerate(sheet[1], start=1):
        width = sheet.column_dimensions[get_column_letter(index)].width
        if not width or width < min(len(str(header.value)), 60):
            problems.append(f"column {header.value!r} {width} wide")
    return problems


def _column(sheet, heading):
    headings = [cell.value for cell in sheet[1]]
    return [row[headings.index(heading)] for row in sheet.iter_rows(min_row=2)]


def test_every_xlsx_export_reads_well_in_danish_excel(client, settings):
    settings.DEBUG = True  # the demo data refuses to load without it
    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    leader = User.objects.get(username="leder")
    # A second version of the interim report, for the comparison of two.
    narrative = ReportNarrative.current()
    narrative.conclusions += " Opdateret efter styregruppens møde."
    narrative.save()
    freeze_now(by=leader)  # and its PDF, as the job makes it
    client.force_login(leader)
    sheets, problems = {}, {}
    with translation.override("da"):
        for url, query, title in _exports():
            response = client.get(url, query)
            assert response.status_code == 200, url
            assert response["Content-Type"].startswith("application/vnd.openxmlformats"), url
            sheet = load_workbook(io.BytesIO(response.content)).active
            sheets[title] = sheet
            problems[url] = _problems(sheet, title)
        budget, plan = sheets[gettext("Budget")], sheets[gettext("Action plan")]
        budget_used = _column(budget, gettext("Used (%)"))
        budget_money = _column(budget, gettext("Used"))  # the page's heading, no "(kr.)"
        plan_done = _column(plan, gettext("Done (%)"))
        plan_budget = _column(plan, gettext("Budget"))
    assert not any(problems.values()), problems
    used = [cell for cell in budget_used if cell.value is not None]
    assert used and all(cell.number_format == PERCENT_FORMAT for cell in used)
    # Shares: the demo's activities are between 0 % and a little over 100 % used.
    assert all(0 <= cell.value < 2 for cell in used)
    assert all(cell.number_format == MONEY_FORMAT for cell in budget_money if cell.value)
    done = [cell for cell in plan_done if cell.value is not None]
    assert done and all(cell.number_format == PERCENT_FORMAT for cell in done)
    assert all(0 <= cell.value <= 1 for cell in done)
    assert all(cell.number_format == MONEY_FORMAT for cell in plan_budget if cell.value)
