"""The follow-up task tables on a phone (390 px): the mapping's task list, the steering group's
task list and meeting page, and "my tasks" draw their tasks with the one shared table, which
scrolls sideways inside its own focusable, named region instead of widening the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mapping.models import Task
from portal.programme.models import Decision, FollowUpTask
from tests.browser.helpers import DESKTOP, PHONE, assert_reachable_tables, log_in
from tests.conftest import make_organisation
from tests.factories.programme import SteeringMeetingFactory

pytestmark = pytest.mark.browser

LONG = "Ring til foreningens formand og aftal en dato for det næste dialogmøde om samarbejdet"


@pytest.fixture
def meeting(leader):
    today = timezone.localdate()
    Task.objects.create(
        title=LONG,
        organisation=make_organisation("Frivilligcenter Haderslev med et meget langt navn"),
        owner=leader,
        due_on=today + dt.timedelta(days=3),
    )
    meeting = SteeringMeetingFactory(days=-7)
    decision = Decision.objects.create(meeting=meeting, text="Styregruppen godkender planen.")
    FollowUpTask.objects.create(
        decision=decision, title=LONG, owner=leader, due_on=today - dt.timedelta(days=1)
    )
    return meeting


@pytest.mark.parametrize("page_of", ["mapping", "programme", "meeting", "mine"])
def test_it_scrolls_each_task_table_in_its_region_on_a_phone(
    new_context, axe, leader, meeting, page_of
):
    path = {
        "mapping": reverse("mapping:task-list") + "?whose=all",
        "programme": reverse("programme:task-list"),
        "meeting": meeting.get_absolute_url(),
        "mine": reverse("my-tasks"),
    }[page_of]
    page = new_context().new_page()
    page.set_viewport_size(DESKTOP)  # the navigation folds away on a phone
    log_in(page, leader)
    page.set_viewport_size(PHONE)
    page.goto(path)
    page.get_by_text(LONG).first.wait_for()
    regions = assert_reachable_tables(page, axe)
    assert any(region["scrolls"] for region in regions), regions
