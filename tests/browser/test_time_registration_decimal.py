"""Danish hours in the browser: a consultant registers "1,5" hours in Chromium and sees 1,5
hours and 1.237,50 kr. back (the number field of old sent 15 hours, 12.375,00 kr.); the
ambiguous "1.500" is refused at the field, and the statement of the month shows the same
figures. axe-core scans the form, the form with its error, the list and the statement."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from playwright.sync_api import expect

from portal.models import User
from portal.programme.models import Activity, Phase, TimeEntry
from tests.browser.helpers import field, log_in
from tests.conftest import make_user

pytestmark = pytest.mark.browser

ACTIVITY = "Interview med foreningerne"


def named(text):
    return re.compile(rf"^\s*{re.escape(gettext(text))}\s*$")


@pytest.fixture
def activity():
    today = timezone.localdate()
    leader = make_user("leder", User.Role.PROJECT_LEADER)
    phase = Phase.objects.create(
        number=1,
        name="Kortlægning",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
        contracted=True,
    )
    return Activity.objects.create(
        phase=phase,
        position=1,
        name=ACTIVITY,
        estimated_hours=Decimal("40"),
        hourly_rate=Decimal("825.00"),
        planned_start=phase.starts_on,
        planned_end=phase.ends_on,
        responsible=leader,
    )


def test_a_consultant_registers_one_and_a_half_hours_the_danish_way(page, activity, axe):
    consultant = make_user("konsulent", User.Role.CONSULTANT)
    day = timezone.localdate()  # in this month, for the statement below
    log_in(page, consultant)

    page.goto(f"/programme/time/new/?activity={activity.pk}")
    hours = field(page, "hours")
    expect(hours).to_have_attribute("inputmode", "decimal")
    expect(hours).to_have_attribute("type", "text")
    axe(page)

    # "1.500" could be 1500 or 1,5: refused at the field, kept as typed, nothing saved.
    field(page, "date").fill(day.isoformat())
    hours.fill("1.500")
    page.get_by_role("main").get_by_role("button", name=named("Save")).click()
    error = page.locator("#error_1_id_hours")
    expect(error).to_contain_text("1500")
    expect(error).to_contain_text("1,5")
    expect(field(page, "hours")).to_have_value("1.500")
    assert not TimeEntry.objects.exists()
    axe(page)

    field(page, "hours").fill("1,5")
    field(page, "note").fill("Interview i Vojens")
    page.get_by_role("main").get_by_role("button", name=named("Save")).click()
    expect(page).to_have_url(re.compile(r"/programme/time/$"))
    entry = TimeEntry.objects.get()
    assert (entry.hours, entry.cost) == (Decimal("1.5"), Decimal("1237.50"))

    registered = gettext("%(hours)s hours on “%(activity)s” on %(date)s were registered.") % {
        "hours": "1,5",
        "activity": ACTIVITY,
        "date": day.strftime("%d.%m.%Y"),
    }
    expect(page.get_by_text(registered)).to_be_visible()
    row = page.get_by_role("main").get_by_role("row").filter(has_text=ACTIVITY)
    cells = row.get_by_role("cell")
    # Hours in the portal's tables keep two decimals when they have any: 1,50.
    expect(cells.nth(2)).to_have_text(re.compile(r"^1,50?$"))
    expect(cells.nth(3)).to_have_text(re.compile(r"^1\.237,50\s*kr\.$"))
    expect(page.get_by_role("main")).not_to_contain_text("12.375,00")
    axe(page)

    # Shown back the Danish way when the entry is changed.
    page.goto(f"/programme/time/{entry.pk}/edit/")
    expect(field(page, "hours")).to_have_value("1,50")

    # The statement of the month says the same.
    page.goto("/programme/time/")
    page.get_by_role("main").get_by_role(
        "link", name=named("Statement and export (XLSX, CSV)")
    ).click()
    expect(page).to_have_url(re.compile(r"/programme/time/export/$"))
    table = page.get_by_role("main").get_by_role("table")
    expect(table.locator("[data-total=hours]")).to_have_text(re.compile(r"^1,50?$"))
    expect(table.locator("[data-total=cost]")).to_have_text(re.compile(r"^1\.237,50\s*kr\.$"))
    axe(page)
