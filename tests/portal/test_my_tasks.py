"""The one "My tasks" list: every task a person owns, from every app, with its state in
words, what it is about, and "mark as done" where they may; the dashboard's panel and the
navigation link."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import Task
from portal.followup.selectors import followup_kind
from portal.models import User
from portal.programme.models import FollowUpTask
from tests.conftest import make_organisation, make_user
from tests.permissions import LOGIN, check, expect
from tests.portal.test_followup import mapping_task, steering_task

pytestmark = pytest.mark.django_db

URL = "/tasks/"


def today():
    return timezone.localdate()


def days(n):
    return today() + dt.timedelta(days=n)


def titles(rows):
    return [row.task.title for row in rows]


def done_url(task):
    return reverse("my-task-done", args=[followup_kind(type(task)), task.pk])


def reopen_url(task):
    return reverse("my-task-reopen", args=[followup_kind(type(task)), task.pk])


@pytest.fixture
def tasks(consultant, leader):
    organisation = make_organisation("Frivilligrådet")
    done = mapping_task(consultant, due_on=days(-5), title="Kortlægning, færdig")
    done.done_at, done.done_by = timezone.now(), consultant
    done.save()
    return {
        "mapping open": mapping_task(
            consultant, due_on=days(4), title="Kortlægning, åben", organisation=organisation
        ),
        "steering overdue": steering_task(consultant, due_on=days(-1), title="Styregruppe, sen"),
        "steering open": steering_task(consultant, due_on=days(2), title="Styregruppe, åben"),
        "mapping done": done,
        "leader's mapping": mapping_task(leader, due_on=days(1), title="Lederens kortlægning"),
        "leader's steering": steering_task(leader, due_on=days(1), title="Lederens styregruppe"),
    }


def test_the_url_and_its_name():
    assert reverse("my-tasks") == URL


@pytest.mark.parametrize(
    ("actor", "want"),
    expect(anonymous=LOGIN, alice=403, bob=403, consultant=200, steering=200, leader=200).items(),
)
def test_who_may_open_the_list(client, request, actor, want):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    check(client.get(URL), want)


def test_it_shows_both_apps_tasks_of_the_person_only_not_done_first(client, consultant, tasks):
    client.force_login(consultant)
    response = client.get(URL)
    assert titles(response.context["not_done"]) == [
        "Styregruppe, sen",
        "Styregruppe, åben",
        "Kortlægning, åben",
    ]
    assert titles(response.context["done"]) == ["Kortlægning, færdig"]
    html = response.content.decode()
    assert "Lederens" not in html


def test_each_row_says_what_it_is_about_links_to_it_and_shows_the_danish_date_and_state(
    client, consultant, tasks
):
    client.force_login(consultant)
    with translation.override("da"):
        html = client.get(URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()
        overdue, done = str(FollowUpTask.State.OVERDUE.label), str(Task.State.DONE.label)
    mapping_open = tasks["mapping open"]
    steering_late = tasks["steering overdue"]
    assert f'href="{mapping_open.organisation.get_absolute_url()}">Frivilligrådet</a>' in html
    assert f'href="{steering_late.get_absolute_url()}"' in html
    assert days(4).strftime("%d.%m.%Y") in html
    assert f">{overdue}</span>" in html and f">{done}</span>" in html


def test_the_list_costs_the_same_queries_whatever_the_number_of_tasks(
    client, consultant, django_assert_max_num_queries
):
    def add(count):
        for index in range(count):
            organisation = make_organisation(f"Org {index} {Task.objects.count()}")
            mapping_task(consultant, due_on=days(index), organisation=organisation)
            steering_task(consultant, due_on=days(index))

    client.force_login(consultant)
    add(2)
    with django_assert_max_num_queries(10) as small:
        response = client.get(URL)
    assert len(response.context["not_done"]) == 4
    add(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(response.context["not_done"]) == 34


def test_the_done_button_is_shown_where_the_person_may_use_it(client, steering, consultant):
    theirs = steering_task(steering, due_on=days(1), title="Læse delrapporten")
    mine = mapping_task(consultant, due_on=days(1))
    client.force_login(steering)
    response = client.get(URL)
    assert [row.may_complete for row in response.context["not_done"]] == [False]
    assert done_url(theirs) not in response.content.decode()
    client.force_login(consultant)
    assert done_url(mine) in client.get(URL).content.decode()


@pytest.mark.parametrize("which", ["mapping open", "steering overdue"])
def test_the_owner_marks_a_task_done_from_the_list_and_opens_it_again(
    client, consultant, tasks, which
):
    task = tasks[which]
    client.force_login(consultant)
    response = client.post(done_url(task), {"next": URL})
    assert response.status_code == 302 and response["Location"] == URL
    task.refresh_from_db()
    assert (task.state(), task.done_by) == (task.State.DONE, consultant)
    assert task.title in titles(client.get(URL).context["done"])
    client.post(reopen_url(task), {"next": URL})
    task.refresh_from_db()
    assert (task.done_at, task.done_by) == (None, None)


def test_going_back_stays_inside_the_portal(client, consultant, tasks):
    client.force_login(consultant)
    response = client.post(done_url(tasks["mapping open"]), {"next": "https://example.com/"})
    assert response["Location"] == URL


def test_the_project_leader_marks_anyones_task_done(client, leader, steering):
    task = steering_task(steering, due_on=days(1))
    client.force_login(leader)
    client.post(done_url(task))
    task.refresh_from_db()
    assert task.done_by == leader


def test_a_colleague_may_not_mark_my_task_done(client, tasks):
    client.force_login(make_user("kollega", User.Role.CONSULTANT))
    for task in (tasks["mapping open"], tasks["steering open"]):
        assert client.post(done_url(task)).status_code == 403
        task.refresh_from_db()
        assert task.done_at is None


def test_a_steering_group_member_is_told_nothing_of_others_tasks(client, steering, tasks):
    client.force_login(steering)
    assert client.post(done_url(tasks["mapping open"])).status_code == 404
    own = steering_task(steering, due_on=days(1))
    assert client.post(done_url(own)).status_code == 403


def test_an_unknown_kind_or_task_is_404(client, leader):
    client.force_login(leader)
    assert client.post(reverse("my-task-done", args=["portal.user", 1])).status_code == 404
    assert client.post(reverse("my-task-done", args=["mapping.task", 999999])).status_code == 404


@pytest.mark.parametrize(
    ("actor", "want"),
    expect(anonymous=LOGIN, alice=403, bob=403, consultant=405, steering=405, leader=405).items(),
)
def test_marking_done_is_a_post(client, request, consultant, actor, want):
    task = mapping_task(consultant, due_on=days(1))
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    check(client.get(done_url(task)), want)
    task.refresh_from_db()
    assert task.done_at is None


# The dashboard and the navigation


def my_panel(response):
    return next(
        (
            p
            for p in response.context["panels"]
            if p.template == "portal/followup/panel_my_tasks.html"
        ),
        None,
    )


def test_the_dashboard_counts_open_and_overdue_tasks_of_both_apps(client, consultant, tasks):
    client.force_login(consultant)
    response = client.get(reverse("home"))
    panel = my_panel(response)
    assert (panel.context["open_count"], panel.context["overdue_count"]) == (3, 1)
    assert titles(panel.context["rows"]) == [
        "Styregruppe, sen",
        "Styregruppe, åben",
        "Kortlægning, åben",
    ]
    assert URL in response.content.decode()


def test_a_steering_group_member_gets_the_panel_only_with_an_open_task(client, steering):
    client.force_login(steering)
    assert my_panel(client.get(reverse("home"))) is None
    steering_task(steering, due_on=days(1), title="Læse delrapporten")
    assert titles(my_panel(client.get(reverse("home"))).context["rows"]) == ["Læse delrapporten"]


@pytest.mark.parametrize(
    ("actor", "linked"),
    [("consultant", True), ("leader", True), ("steering", True), ("alice", False)],
)
def test_the_navigation_links_my_tasks_for_those_who_may_own_one(client, request, actor, linked):
    client.force_login(request.getfixturevalue(actor))
    html = client.get(reverse("home")).content.decode()
    assert (f'href="{URL}"' in html) is linked
    if linked:
        # In the person's own menu, by their name, so the bar keeps to one line.
        assert html.index(f'href="{URL}"') > html.index("dropdown-menu-end")
