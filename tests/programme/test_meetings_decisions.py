"""Decisions with their follow-up tasks: recorded in one form, saved whole or not at all, and
listed for the project leader's "what did the steering group decide"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from portal.programme.models import Decision, FollowUpTask
from tests.conftest import make_user
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory
from tests.programme.form_data import decision_data, in_days

pytestmark = pytest.mark.django_db


def test_a_decision_is_saved_with_its_tasks(client, leader, consultant, steering):
    meeting = SteeringMeetingFactory(days=0)
    item = AgendaItemFactory(meeting=meeting, title="Tidsplan")
    client.force_login(leader)
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]),
        decision_data(
            tasks=[
                ("Udsende tidsplanen", consultant.pk, in_days(14)),
                ("Læse delrapporten", steering.pk, in_days(30)),
            ],
            agenda_item=item.pk,
        ),
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.meeting == meeting
    assert decision.agenda_item == item
    assert decision.recorded_by == leader
    tasks = {t.title: t for t in decision.tasks.all()}
    assert set(tasks) == {"Udsende tidsplanen", "Læse delrapporten"}
    assert tasks["Udsende tidsplanen"].owner == consultant
    assert tasks["Læse delrapporten"].due_on == timezone.localdate() + dt.timedelta(days=30)


def test_a_decision_may_have_no_tasks(client, leader):
    meeting = SteeringMeetingFactory(days=0)
    client.force_login(leader)
    client.post(reverse("programme:decision-create", args=[meeting.pk]), decision_data())
    assert Decision.objects.get().tasks.count() == 0


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (("Udsende tidsplanen", "", "DEADLINE"), "owner"),
        (("Udsende tidsplanen", "OWNER", ""), "due_on"),
        (("", "OWNER", "DEADLINE"), "title"),
        (("Udsende tidsplanen", "OWNER", "31-02-2026"), "due_on"),
    ],
    ids=["no owner", "no deadline", "no title", "no such date"],
)
def test_a_bad_task_saves_neither_the_decision_nor_any_task(client, leader, consultant, row, field):
    meeting = SteeringMeetingFactory(days=0)
    title, owner, due = row
    bad = (
        title,
        consultant.pk if owner == "OWNER" else owner,
        in_days(7) if due == "DEADLINE" else due,
    )
    client.force_login(leader)
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]),
        decision_data(tasks=[("Godt nok", consultant.pk, in_days(7)), bad]),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors[field]
    assert gettext("Nothing was saved. Please correct the fields marked below.") in (
        response.content.decode()
    )
    assert Decision.objects.count() == 0
    assert FollowUpTask.objects.count() == 0


def test_a_deadline_before_the_meeting_is_refused(client, leader, consultant):
    meeting = SteeringMeetingFactory(days=10)
    client.force_login(leader)
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]),
        decision_data(tasks=[("For tidligt", consultant.pk, in_days(1))]),
    )
    assert response.context["formset"].forms[0].errors["due_on"] == [
        gettext("The deadline cannot be before the meeting.")
    ]
    assert Decision.objects.count() == 0


def test_a_task_owner_must_follow_the_programme(client, leader, alice):
    meeting = SteeringMeetingFactory(days=0)
    client.force_login(leader)
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]),
        decision_data(tasks=[("Til en virksomhed", alice.pk, in_days(7))]),
    )
    assert response.context["formset"].forms[0].errors["owner"]
    assert Decision.objects.count() == 0


def test_an_empty_decision_is_refused(client, leader):
    meeting = SteeringMeetingFactory(days=0)
    client.force_login(leader)
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]), decision_data(text="")
    )
    assert response.context["form"].errors["text"]
    assert Decision.objects.count() == 0


def test_a_decision_cannot_hang_under_another_meetings_item(client, leader):
    meeting, other = SteeringMeetingFactory(days=0), SteeringMeetingFactory(days=20)
    item = AgendaItemFactory(meeting=other, title="Andet møde")
    client.force_login(leader)
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]),
        decision_data(agenda_item=item.pk),
    )
    assert response.context["form"].errors["agenda_item"]
    assert Decision.objects.count() == 0


def test_the_meeting_page_shows_decisions_and_task_states(client, steering, consultant):
    meeting = SteeringMeetingFactory(days=-20)
    decision = Decision.objects.create(meeting=meeting, text="Kortlægningen udvides til Årø.")
    FollowUpTask.objects.create(
        decision=decision,
        title="Aftale møde på Årø",
        owner=consultant,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    client.force_login(steering)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Kortlægningen udvides til Årø." in page
    assert "Aftale møde på Årø" in page
    assert gettext("Overdue") in page


def test_the_decision_list_shows_the_newest_meeting_first_with_tasks(client, leader, consultant):
    old = SteeringMeetingFactory(days=-60)
    new = SteeringMeetingFactory(days=-5)
    first = Decision.objects.create(meeting=old, text="Tidsplanen godkendes.")
    second = Decision.objects.create(meeting=new, text="Delrapporten får et kapitel om samspil.")
    FollowUpTask.objects.create(
        decision=first, title="Udsende tidsplanen", owner=consultant, due_on=timezone.localdate()
    )
    client.force_login(leader)
    response = client.get(reverse("programme:decision-list"))
    rows = response.context["rows"]
    assert [row["decision"] for row in rows] == [second, first]
    assert [row.task.title for row in rows[1]["tasks"]] == ["Udsende tidsplanen"]
    page = response.content.decode()
    assert page.index("Delrapporten får et kapitel") < page.index("Tidsplanen godkendes.")


def test_an_inactive_user_cannot_be_given_a_task(client, leader):
    gone = make_user("tidligere", "consultant", is_active=False)
    meeting = SteeringMeetingFactory(days=0)
    client.force_login(leader)
    response = client.post(
        reverse("programme:decision-create", args=[meeting.pk]),
        decision_data(tasks=[("Noget", gone.pk, in_days(7))]),
    )
    assert response.context["formset"].forms[0].errors["owner"]
    assert Decision.objects.count() == 0
