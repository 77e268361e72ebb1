"""The project leader corrects what was recorded: edits a decision (and adds a task it should
have had), removes it after a confirmation, edits a follow-up task, reopens a done one or
removes it. Each correction is kept in the history with who and when; bad input is refused
with a message next to the field and nothing saved."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.programme.models import Decision, FollowUpTask
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory
from tests.programme.form_data import decision_data, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def decision(leader, consultant):
    meeting = SteeringMeetingFactory(created_by=leader, days=-1)
    AgendaItemFactory(meeting=meeting, title="Budget", position=1)
    decision = Decision.objects.create(meeting=meeting, text="Budgettet godkendes.")
    FollowUpTask.objects.create(
        decision=decision, title="Sende budgettet", owner=consultant, due_on=timezone.localdate()
    )
    return decision


def task_data(task, **changes):
    data = {
        "title": task.title,
        "owner": task.owner_id,
        "due_on": task.due_on.isoformat(),
        "done": "on" if task.done_at else "",
    }
    return {**data, **changes}


def test_the_leader_corrects_a_decision_and_adds_a_task(client, leader, steering, decision):
    item = decision.meeting.agenda_items.get()
    client.force_login(leader)
    url = reverse("programme:decision-edit", args=[decision.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        decision_data(
            text="Budgettet godkendes med en rettelse.",
            agenda_item=item.pk,
            tasks=[("Læse rettelsen", steering.pk, in_days(7))],
        ),
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.text == "Budgettet godkendes med en rettelse."
    assert decision.agenda_item == item
    assert sorted(decision.tasks.values_list("title", flat=True)) == [
        "Læse rettelsen",
        "Sende budgettet",
    ]
    record = decision.history.latest()
    assert (record.history_type, record.history_user) == ("~", leader)
    added = FollowUpTask.history.get(title="Læse rettelsen")
    assert added.history_user == leader


def test_a_decision_without_text_is_refused_and_nothing_saved(english, leader, decision):
    english.force_login(leader)
    response = english.post(
        reverse("programme:decision-edit", args=[decision.pk]),
        decision_data(text="", tasks=[("Ny opgave", leader.pk, in_days(3))]),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    decision.refresh_from_db()
    assert decision.text == "Budgettet godkendes."
    assert decision.tasks.count() == 1
    assert decision.history.count() == 1  # the creation only


def test_removing_a_decision_asks_first_and_keeps_the_history(client, leader, decision):
    client.force_login(leader)
    url = reverse("programme:decision-delete", args=[decision.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Sende budgettet" in page.content.decode()
    assert Decision.objects.filter(pk=decision.pk).exists()
    response = client.post(url)
    assert response["Location"] == decision.meeting.get_absolute_url()
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert not FollowUpTask.objects.exists()
    removed = Decision.history.filter(id=decision.pk, history_type="-").get()
    assert removed.history_user == leader
    removed_task = FollowUpTask.history.filter(history_type="-").get()
    assert (removed_task.title, removed_task.history_user) == ("Sende budgettet", leader)


def test_the_leader_edits_a_task(client, leader, steering, decision):
    task = decision.tasks.get()
    client.force_login(leader)
    response = client.post(
        reverse("programme:task-edit", args=[task.pk]),
        task_data(task, title="Sende det rettede budget", owner=steering.pk, due_on=in_days(10)),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.owner, task.due_on.isoformat()) == (
        "Sende det rettede budget",
        steering,
        in_days(10),
    )
    assert task.history.latest().history_user == leader


def test_the_leader_reopens_a_task_marked_done_by_mistake(client, leader, consultant, decision):
    task = decision.tasks.get()
    task.done_at, task.done_by = timezone.now(), consultant
    task.save()
    client.force_login(leader)
    response = client.post(reverse("programme:task-edit", args=[task.pk]), task_data(task, done=""))
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.done_at, task.done_by) == (None, None)
    assert task.state() == FollowUpTask.State.OPEN
    record = task.history.latest()
    assert (record.done_at, record.history_user) == (None, leader)


def test_the_leader_marks_a_task_done_on_the_edit_page(client, leader, decision):
    task = decision.tasks.get()
    client.force_login(leader)
    client.post(reverse("programme:task-edit", args=[task.pk]), task_data(task, done="on"))
    task.refresh_from_db()
    assert task.done_at is not None
    assert task.done_by == leader


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"owner": ""}, "owner", "This field is required."),
        ({"due_on": "not a date"}, "due_on", "Enter a valid date."),
        ({"due_on": "2000-01-01"}, "due_on", "The deadline cannot be before the meeting."),
    ],
    ids=["no title", "no owner", "no date", "before the meeting"],
)
def test_bad_task_input_is_refused_and_nothing_saved(
    english, leader, decision, changes, field, message
):
    task = decision.tasks.get()
    english.force_login(leader)
    response = english.post(
        reverse("programme:task-edit", args=[task.pk]), task_data(task, **changes)
    )
    assert response.status_code == 200
    with translation.override("en"):
        assert message in " ".join(response.context["form"].errors[field])
    task.refresh_from_db()
    assert task.title == "Sende budgettet"
    assert task.history.count() == 1


def test_an_enterprise_user_cannot_be_made_owner(english, leader, alice, decision):
    task = decision.tasks.get()
    english.force_login(leader)
    response = english.post(
        reverse("programme:task-edit", args=[task.pk]), task_data(task, owner=alice.pk)
    )
    assert "owner" in response.context["form"].errors
    task.refresh_from_db()
    assert task.owner != alice


def test_removing_a_task_asks_first(client, leader, decision):
    task = decision.tasks.get()
    client.force_login(leader)
    url = reverse("programme:task-delete", args=[task.pk])
    assert client.get(url).status_code == 200
    assert FollowUpTask.objects.filter(pk=task.pk).exists()
    client.post(url)
    assert not FollowUpTask.objects.filter(pk=task.pk).exists()
    assert FollowUpTask.history.filter(id=task.pk, history_type="-").get().history_user == leader


def test_the_edit_page_shows_who_changed_what_and_when(client, leader, decision):
    task = decision.tasks.get()
    client.force_login(leader)
    client.post(reverse("programme:task-edit", args=[task.pk]), task_data(task, title="Rettet"))
    response = client.get(reverse("programme:decision-edit", args=[decision.pk]))
    history = response.context["history"]
    assert history[0].object == "Rettet"
    assert history[0].who == leader
    assert history[0].kind == "~"
    assert timezone.now() - history[0].when < dt.timedelta(minutes=1)
    assert str(leader) in response.content.decode()


def test_the_leader_sees_the_correction_links_and_others_do_not(
    client, leader, consultant, steering, decision
):
    edit = reverse("programme:decision-edit", args=[decision.pk])
    task_edit = reverse("programme:task-edit", args=[decision.tasks.get().pk])
    for url in (decision.meeting.get_absolute_url(), reverse("programme:decision-list")):
        client.force_login(leader)
        html = client.get(url).content.decode()
        assert edit in html and task_edit in html
        for reader in (consultant, steering):
            client.force_login(reader)
            html = client.get(url).content.decode()
            assert edit not in html and task_edit not in html
