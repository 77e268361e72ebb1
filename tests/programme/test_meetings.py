"""Steering group meetings: creating and editing them (with history), their agenda items and
what those point at."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from portal.programme.models import AgendaItem, Decision, FollowUpTask, SteeringMeeting
from tests.factories.mapping import ReportVersionFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory
from tests.programme.form_data import meeting_data

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def subject_key(obj):
    return f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"


def item_data(**changes):
    return {"position": "1", "title": "Delrapporten", "description": "", "points_at": "", **changes}


def errors_of(response, field):
    return [str(error) for error in response.context["form"].errors.get(field, [])]


# Creating and editing meetings


def test_it_creates_a_meeting_in_danish_time(client, leader):
    client.force_login(leader)
    response = client.post(reverse("programme:meeting-create"), meeting_data())
    meeting = SteeringMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    assert meeting.created_by == leader
    assert meeting.place == "Vojens Bibliotek, mødelokalet"


def test_it_refuses_a_meeting_that_ends_before_it_starts(client, leader):
    client.force_login(leader)
    response = client.post(
        reverse("programme:meeting-create"), meeting_data(ends_at="2026-11-27T09:00")
    )
    assert response.status_code == 200
    assert errors_of(response, "ends_at") == [gettext("A meeting must end after it starts.")]
    assert SteeringMeeting.objects.count() == 0


def test_it_refuses_a_meeting_without_a_place_or_a_valid_start(client, leader):
    client.force_login(leader)
    response = client.post(
        reverse("programme:meeting-create"), meeting_data(place="", starts_at="27-11-2026")
    )
    assert errors_of(response, "place")
    assert errors_of(response, "starts_at")
    assert SteeringMeeting.objects.count() == 0


def test_editing_records_minutes_and_the_change_in_the_history(client, leader):
    meeting = SteeringMeetingFactory(created_by=leader)
    client.force_login(leader)
    response = client.post(
        reverse("programme:meeting-edit", args=[meeting.pk]),
        meeting_data(minutes="Tidsplanen blev godkendt."),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "Tidsplanen blev godkendt."
    changes = list(meeting.history.order_by("history_date"))
    assert [c.history_type for c in changes] == ["+", "~"]
    assert changes[-1].history_user == leader
    assert changes[0].minutes == ""
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Tidsplanen blev godkendt." in page


def test_the_meeting_list_splits_upcoming_and_past(client, consultant):
    past = SteeringMeetingFactory(days=-30, place="Sundhedscenter Haderslev")
    upcoming = SteeringMeetingFactory(days=10, place="Vojens Bibliotek")
    client.force_login(consultant)
    response = client.get(reverse("programme:meeting-list"))
    assert response.context["upcoming"] == [upcoming]
    assert response.context["past"] == [past]
    assert "Sundhedscenter Haderslev" in response.content.decode()


# The agenda


def test_an_agenda_item_gets_the_next_number(client, leader):
    meeting = SteeringMeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Velkomst", position=1)
    AgendaItemFactory(meeting=meeting, title="Budget", position=2)
    client.force_login(leader)
    response = client.get(reverse("programme:agenda-item-create", args=[meeting.pk]))
    assert response.context["form"]["position"].initial == 3


def test_an_agenda_item_can_point_at_a_report_version_and_renders_its_link(
    client, leader, steering, report_subjects
):
    version = ReportVersionFactory(number=2, frozen_by=leader)
    meeting = SteeringMeetingFactory()
    client.force_login(leader)
    response = client.post(
        reverse("programme:agenda-item-create", args=[meeting.pk]),
        item_data(title="Delrapportens version 2", points_at=subject_key(version)),
    )
    assert response.status_code == 302
    item = meeting.agenda_items.get()
    assert item.subject == version
    assert item.points_at_budget is False
    client.force_login(steering)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{version.get_absolute_url()}">{version}</a>' in page


def test_the_choices_group_the_documents_by_their_label(client, leader, report_subjects):
    version = ReportVersionFactory(number=1, frozen_by=leader)
    meeting = SteeringMeetingFactory()
    client.force_login(leader)
    response = client.get(reverse("programme:agenda-item-create", args=[meeting.pk]))
    choices = response.context["form"].fields["points_at"].choices
    groups = {label: options for label, options in choices if isinstance(options, list)}
    assert groups[gettext("Interim report versions")] == [(subject_key(version), str(version))]


def test_an_agenda_item_can_point_at_the_budget(client, leader):
    meeting = SteeringMeetingFactory()
    client.force_login(leader)
    client.post(
        reverse("programme:agenda-item-create", args=[meeting.pk]),
        item_data(title="Budget og forbrug", points_at="budget"),
    )
    item = meeting.agenda_items.get()
    assert item.points_at_budget is True
    assert item.subject_type is None
    response = client.get(meeting.get_absolute_url())
    entry = response.context["entries"][0]
    assert entry.label == gettext("The budget")
    assert entry.url == reverse("programme:budget")
    assert f'<a href="{reverse("programme:budget")}">' in response.content.decode()


def test_editing_an_item_can_clear_what_it_points_at(client, leader, report_subjects):
    version = ReportVersionFactory(number=1, frozen_by=leader)
    meeting = SteeringMeetingFactory()
    item = AgendaItemFactory(
        meeting=meeting,
        title="Delrapporten",
        subject_type=ContentType.objects.get_for_model(version),
        subject_id=version.pk,
    )
    client.force_login(leader)
    url = reverse("programme:agenda-item-edit", args=[meeting.pk, item.pk])
    assert client.get(url).context["form"]["points_at"].initial == subject_key(version)
    client.post(url, item_data(title="Delrapporten", points_at=""))
    item.refresh_from_db()
    assert (item.subject_type, item.subject_id, item.points_at_budget) == (None, None, False)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"position": "0"}, "position"),
        ({"points_at": "9999:1"}, "points_at"),
        ({"points_at": "nonsense"}, "points_at"),
    ],
    ids=["no title", "number 0", "unknown document", "nonsense choice"],
)
def test_bad_agenda_items_are_refused(client, leader, changes, field):
    meeting = SteeringMeetingFactory()
    client.force_login(leader)
    response = client.post(
        reverse("programme:agenda-item-create", args=[meeting.pk]), item_data(**changes)
    )
    assert response.status_code == 200
    assert errors_of(response, field)
    assert AgendaItem.objects.count() == 0


def test_two_items_cannot_have_the_same_number(client, leader):
    meeting = SteeringMeetingFactory()
    AgendaItemFactory(meeting=meeting, title="Velkomst", position=1)
    client.force_login(leader)
    response = client.post(
        reverse("programme:agenda-item-create", args=[meeting.pk]), item_data(position="1")
    )
    assert errors_of(response, "position") == [
        gettext("Item %(number)s is already on the agenda: “%(title)s”. Choose another number.")
        % {"number": 1, "title": "Velkomst"}
    ]
    assert AgendaItem.objects.count() == 1


def test_an_item_keeps_its_own_number_when_edited(client, leader):
    meeting = SteeringMeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="Velkomst", position=1)
    client.force_login(leader)
    url = reverse("programme:agenda-item-edit", args=[meeting.pk, item.pk])
    response = client.post(url, item_data(position="1", title="Velkomst og præsentation"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Velkomst og præsentation"


def test_an_item_of_another_meeting_cannot_be_edited_here(client, leader):
    meeting, other = SteeringMeetingFactory(), SteeringMeetingFactory(days=20)
    item = AgendaItemFactory(meeting=other, title="Andet møde")
    client.force_login(leader)
    response = client.get(reverse("programme:agenda-item-edit", args=[meeting.pk, item.pk]))
    assert response.status_code == 404


def test_removing_an_agenda_item(client, leader):
    meeting = SteeringMeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="Eventuelt")
    client.force_login(leader)
    response = client.post(reverse("programme:agenda-item-delete", args=[meeting.pk, item.pk]))
    assert response.status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_item_whose_document_is_gone_says_so(client, leader, report_subjects):
    version = ReportVersionFactory(number=1, frozen_by=leader)
    meeting = SteeringMeetingFactory()
    AgendaItemFactory(
        meeting=meeting,
        title="Delrapporten",
        subject_type=ContentType.objects.get_for_model(version),
        subject_id=version.pk,
    )
    version.delete()
    client.force_login(leader)
    entry = client.get(meeting.get_absolute_url()).context["entries"][0]
    assert entry.label == gettext("A document that no longer exists")
    assert entry.url == ""


def test_the_meeting_page_runs_the_same_queries_for_more_decisions(client, consultant):
    meeting = SteeringMeetingFactory(days=-3)

    def add_decision(number):
        item = AgendaItemFactory(
            meeting=meeting, title=f"Punkt {number}", position=number, points_at_budget=True
        )
        decision = Decision.objects.create(meeting=meeting, agenda_item=item, text=f"B{number}")
        FollowUpTask.objects.create(
            decision=decision, title=f"T{number}", owner=consultant, due_on=timezone.localdate()
        )

    add_decision(1)
    client.force_login(consultant)
    url = meeting.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(2, 6):
        add_decision(number)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(response.context["decisions"]) == 5
    assert len(five) == len(one)
