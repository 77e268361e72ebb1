"""Follow-up tasks: open, overdue and done; the dashboard panel; marking done; the task list."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.models import User
from portal.programme.dashboard_steering import panels
from portal.programme.models import Decision, FollowUpTask
from tests.conftest import make_user
from tests.factories.programme import SteeringMeetingFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)
State = FollowUpTask.State


def make_task(owner, *, due_on, title="Opgave", done=False, decision=None):
    if decision is None:
        meeting = SteeringMeetingFactory(days=-30)
        decision = Decision.objects.create(meeting=meeting, text="En beslutning")
    return FollowUpTask.objects.create(
        decision=decision,
        title=title,
        owner=owner,
        due_on=due_on,
        done_at=timezone.now() if done else None,
    )


def today():
    return timezone.localdate()


# state() and the queryset


@pytest.mark.parametrize(
    ("due_on", "done", "state"),
    [
        (TODAY + dt.timedelta(days=1), False, State.OPEN),
        (TODAY, False, State.OPEN),
        (TODAY - dt.timedelta(days=1), False, State.OVERDUE),
        (TODAY - dt.timedelta(days=1), True, State.DONE),
        (TODAY + dt.timedelta(days=1), True, State.DONE),
    ],
    ids=["due tomorrow", "due today", "due yesterday", "done late", "done early"],
)
def test_the_state_of_a_task(consultant, due_on, done, state):
    task = make_task(consultant, due_on=due_on, done=done)
    assert task.state(TODAY) == state


def test_the_queryset_finds_open_and_overdue_tasks(consultant):
    tomorrow = make_task(consultant, due_on=TODAY + dt.timedelta(days=1), title="i morgen")
    due_today = make_task(consultant, due_on=TODAY, title="i dag")
    late = make_task(consultant, due_on=TODAY - dt.timedelta(days=1), title="i går")
    make_task(consultant, due_on=TODAY - dt.timedelta(days=5), title="færdig", done=True)
    assert set(FollowUpTask.objects.open()) == {tomorrow, due_today, late}
    assert list(FollowUpTask.objects.overdue(TODAY)) == [late]


# The dashboard


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def panel_of(user, template="programme/steering/panel_tasks.html"):
    return next((p for p in panels(request_for(user)) if p.template == template), None)


def test_a_persons_own_tasks_are_on_my_tasks_not_in_this_panel(consultant, steering):
    # One list of a person's tasks from every app (portal.followup): this panel is the project
    # leader's overview of everyone's.
    make_task(consultant, due_on=today() + dt.timedelta(days=3), title="Min opgave")
    make_task(steering, due_on=today(), title="En andens")
    assert panel_of(consultant) is None
    assert panel_of(steering) is None


def test_the_project_leader_sees_every_open_task(leader, consultant, steering):
    make_task(consultant, due_on=today(), title="Konsulentens")
    make_task(steering, due_on=today() + dt.timedelta(days=1), title="Styregruppens")
    make_task(steering, due_on=today(), title="Færdig", done=True)
    panel = panel_of(leader)
    assert [row.task.title for row in panel.context["rows"]] == ["Konsulentens", "Styregruppens"]
    assert panel.context["open_count"] == 2
    assert panel.context["overdue_count"] == 0
    assert all(row.may_complete for row in panel.context["rows"])


def test_someone_without_tasks_gets_no_task_panel(consultant):
    assert panel_of(consultant) is None


def test_enterprise_users_and_visitors_see_nothing(alice):
    assert panels(request_for(alice)) == []
    assert panels(request_for(AnonymousUser())) == []


def test_the_next_meeting_panel_shows_the_next_meeting(steering):
    SteeringMeetingFactory(days=-3, place="Forbi")
    later = SteeringMeetingFactory(days=20, place="Senere")
    soon = SteeringMeetingFactory(days=5, place="Snart")
    panel = panel_of(steering, "programme/steering/panel_next_meeting.html")
    assert panel.context["meeting"] == soon
    assert later != soon


def test_the_task_panel_renders_the_open_tasks_with_their_state(leader, consultant):
    make_task(consultant, due_on=today() - dt.timedelta(days=1), title="Udsende tidsplanen")
    make_task(consultant, due_on=today(), title="Allerede gjort", done=True)
    request = request_for(leader)
    panel = panel_of(leader)
    html = render_to_string(panel.template, {"panel": panel.context}, request)
    assert "Udsende tidsplanen" in html
    assert "Allerede gjort" not in html
    assert str(State.OVERDUE.label) in html
    assert reverse("programme:task-list") in html


# Marking done


def test_the_owner_marks_their_task_done(client, consultant):
    task = make_task(consultant, due_on=today())
    client.force_login(consultant)
    response = client.post(reverse("programme:task-done", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done_at is not None
    assert task.done_by == consultant
    assert task.state() == State.DONE


def test_another_consultant_may_not_mark_it_done(client, consultant):
    task = make_task(consultant, due_on=today())
    other = make_user("konsulent2", User.Role.CONSULTANT)
    client.force_login(other)
    response = client.post(reverse("programme:task-done", args=[task.pk]))
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.done_at is None


def test_the_project_leader_marks_any_task_done(client, leader, steering):
    task = make_task(steering, due_on=today())
    client.force_login(leader)
    client.post(reverse("programme:task-done", args=[task.pk]))
    task.refresh_from_db()
    assert task.done_by == leader


def test_marking_done_goes_back_to_the_page_it_came_from_inside_the_portal(client, consultant):
    task = make_task(consultant, due_on=today())
    client.force_login(consultant)
    url = reverse("programme:task-done", args=[task.pk])
    back = client.post(url, {"next": "/programme/steering/decisions/"})
    assert back["Location"] == "/programme/steering/decisions/"
    task.done_at = None
    task.save()
    away = client.post(url, {"next": "https://example.com/"})
    assert away["Location"] == reverse("programme:task-list")


def test_marking_an_unknown_task_done_is_404(client, leader):
    client.force_login(leader)
    assert client.post(reverse("programme:task-done", args=[99999])).status_code == 404


# The task list


def titles(response):
    return [row.task.title for row in response.context["rows"]]


@pytest.fixture
def tasks(consultant, steering):
    return [
        make_task(consultant, due_on=today() - dt.timedelta(days=2), title="Konsulent, for sent"),
        make_task(consultant, due_on=today() + dt.timedelta(days=2), title="Konsulent, åben"),
        make_task(consultant, due_on=today(), title="Konsulent, færdig", done=True),
        make_task(steering, due_on=today() + dt.timedelta(days=1), title="Styregruppe, åben"),
    ]


def test_the_task_list_shows_my_open_tasks_by_default(client, consultant, tasks):
    client.force_login(consultant)
    response = client.get(reverse("programme:task-list"))
    assert titles(response) == ["Konsulent, for sent", "Konsulent, åben"]


def test_the_task_list_filters_everyone_and_overdue(client, consultant, tasks):
    client.force_login(consultant)
    url = reverse("programme:task-list")
    assert titles(client.get(url, {"whose": "all"})) == [
        "Konsulent, for sent",
        "Styregruppe, åben",
        "Konsulent, åben",
    ]
    assert titles(client.get(url, {"whose": "all", "state": "overdue"})) == ["Konsulent, for sent"]
    assert titles(client.get(url, {"state": "done"})) == ["Konsulent, færdig"]


def test_the_project_leader_sees_everyones_open_tasks_by_default(client, leader, tasks):
    client.force_login(leader)
    response = client.get(reverse("programme:task-list"))
    assert len(titles(response)) == 3
    assert all(row.may_complete for row in response.context["rows"])


def test_a_steering_group_member_gets_no_done_button_even_for_their_own_task(
    client, steering, tasks
):
    client.force_login(steering)
    response = client.get(reverse("programme:task-list"), {"whose": "all"})
    may = {row.task.title: row.may_complete for row in response.context["rows"]}
    assert may == {
        "Konsulent, for sent": False,
        "Styregruppe, åben": False,
        "Konsulent, åben": False,
    }
    page = response.content.decode()
    assert reverse("programme:task-done", args=[tasks[3].pk]) not in page


def test_a_consultant_gets_the_done_button_for_their_own_tasks_only(client, consultant, tasks):
    client.force_login(consultant)
    response = client.get(reverse("programme:task-list"), {"whose": "all"})
    may = {row.task.title: row.may_complete for row in response.context["rows"]}
    assert may == {
        "Konsulent, for sent": True,
        "Styregruppe, åben": False,
        "Konsulent, åben": True,
    }
    page = response.content.decode()
    assert page.count(reverse("programme:task-done", args=[tasks[0].pk])) == 1
    assert reverse("programme:task-done", args=[tasks[3].pk]) not in page


def test_a_steering_group_member_may_not_mark_their_own_task_done(client, steering):
    task = make_task(steering, due_on=today())
    client.force_login(steering)
    response = client.post(reverse("programme:task-done", args=[task.pk]))
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.done_at is None


def test_a_steering_group_member_can_still_be_given_a_task(steering):
    from portal.programme.forms.steering import TaskForm

    assert steering in TaskForm().fields["owner"].queryset
