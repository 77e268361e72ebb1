"""Every steering group URL for every actor: staff and the steering group read, only the
project leader changes, enterprise users see nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import SteeringGroupMember
from portal.programme.models import AgendaItem, Decision, FollowUpTask, SteeringMeeting
from tests.conftest import make_actors, once_per_module
from tests.factories.portal import SteeringGroupMemberFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory
from tests.permissions import (
    ACTORS,
    LEADER_ONLY,
    LOGIN,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
)

pytestmark = pytest.mark.django_db

READ = expect(LOGIN, 403, 403, 200, 200, 200)
READ_404 = expect(LOGIN, 403, 403, 404, 404, 404)
LEADER_404 = expect(LOGIN, 403, 403, 403, 403, 404)
# A POST-only URL fetched with GET: refused by role first, then by method.
POST_ONLY = expect(LOGIN, 403, 403, 403, 403, 405)
LEADER_POST = expect(LOGIN, 403, 403, 403, 403, 302)


def build_world():
    world = make_actors()
    leader, consultant, steering = world["leader"], world["consultant"], world["steering"]
    meeting = SteeringMeetingFactory(created_by=leader, days=10)
    item = AgendaItemFactory(meeting=meeting, title="Budget", points_at_budget=True)
    decision = Decision.objects.create(meeting=meeting, text="Budgettet godkendes.")
    task = FollowUpTask.objects.create(
        decision=decision, title="Sende budgettet", owner=consultant, due_on=timezone.localdate()
    )
    member = SteeringGroupMemberFactory(
        name="Sofie Skovgaard", email="sofie@example.dk", user=steering
    )
    return {
        **world,
        "decision": decision,
        "meeting": meeting,
        "item": item,
        "task": task,
        "member": member,
    }


module_data, world = once_per_module(build_world, "world")


def meeting_url(name):
    return lambda w: reverse(name, args=[w["meeting"].pk])


def item_url(name):
    return lambda w: reverse(name, args=[w["meeting"].pk, w["item"].pk])


MATRIX = matrix(
    __name__,
    [
        Row("programme:member-list", lambda w: reverse("programme:member-list"), READ),
        Row("programme:member-create", lambda w: reverse("programme:member-create"), LEADER_ONLY),
        Row(
            "programme:member-edit",
            lambda w: reverse("programme:member-edit", args=[w["member"].pk]),
            LEADER_ONLY,
            "member edit",
        ),
        Row("programme:meeting-list", lambda w: reverse("programme:meeting-list"), READ),
        Row("programme:meeting-create", lambda w: reverse("programme:meeting-create"), LEADER_ONLY),
        Row(
            "programme:meeting-detail",
            meeting_url("programme:meeting-detail"),
            READ,
            "meeting detail",
        ),
        Row(
            "programme:meeting-edit",
            meeting_url("programme:meeting-edit"),
            LEADER_ONLY,
            "meeting edit",
        ),
        Row(
            "programme:agenda-item-create", meeting_url("programme:agenda-item-create"), LEADER_ONLY
        ),
        Row("programme:agenda-item-edit", item_url("programme:agenda-item-edit"), LEADER_ONLY),
        Row("programme:agenda-item-delete", item_url("programme:agenda-item-delete"), POST_ONLY),
        Row("programme:decision-create", meeting_url("programme:decision-create"), LEADER_ONLY),
        Row(
            "programme:meeting-send-agenda", meeting_url("programme:meeting-send-agenda"), POST_ONLY
        ),
        Row("programme:meeting-agenda-pdf", meeting_url("programme:meeting-agenda-pdf"), READ),
        Row("programme:meeting-ics", meeting_url("programme:meeting-ics"), READ, "meeting ics"),
        Row("programme:decision-list", lambda w: reverse("programme:decision-list"), READ),
        Row("programme:task-list", lambda w: reverse("programme:task-list"), READ),
        Row(
            "programme:task-done",
            lambda w: reverse("programme:task-done", args=[w["task"].pk]),
            expect(LOGIN, 403, 403, 405, 403, 405),
        ),
        Row(
            "programme:decision-edit",
            lambda w: reverse("programme:decision-edit", args=[w["decision"].pk]),
            LEADER_ONLY,
            "decision edit",
        ),
        Row(
            "programme:decision-delete",
            lambda w: reverse("programme:decision-delete", args=[w["decision"].pk]),
            LEADER_ONLY,
        ),
        Row(
            "programme:task-edit",
            lambda w: reverse("programme:task-edit", args=[w["task"].pk]),
            LEADER_ONLY,
            "task edit",
        ),
        Row(
            "programme:task-delete",
            lambda w: reverse("programme:task-delete", args=[w["task"].pk]),
            LEADER_ONLY,
            "task delete",
        ),
        Row(
            "programme:decision-edit",
            lambda w: reverse("programme:decision-edit", args=[99999]),
            LEADER_404,
            "unknown decision",
        ),
        Row(
            "programme:task-edit",
            lambda w: reverse("programme:task-edit", args=[99999]),
            LEADER_404,
            "unknown task",
        ),
        Row(
            "programme:task-delete",
            lambda w: reverse("programme:task-delete", args=[99999]),
            LEADER_404,
            "unknown task delete",
        ),
        Row(
            "programme:meeting-detail",
            lambda w: reverse("programme:meeting-detail", args=[99999]),
            READ_404,
            "unknown meeting",
        ),
        Row(
            "programme:meeting-ics",
            lambda w: reverse("programme:meeting-ics", args=[99999]),
            READ_404,
            "unknown meeting ics",
        ),
        Row(
            "programme:meeting-edit",
            lambda w: reverse("programme:meeting-edit", args=[99999]),
            LEADER_404,
            "unknown meeting edit",
        ),
        Row(
            "programme:member-edit",
            lambda w: reverse("programme:member-edit", args=[99999]),
            LEADER_404,
            "unknown member",
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


def later(days, hour):
    return (timezone.localtime() + dt.timedelta(days=days)).strftime(f"%Y-%m-%dT{hour:02d}:00")


def snapshot():
    """Everything a change could touch, to prove a refused POST changed nothing."""
    return (
        list(SteeringGroupMember.objects.values_list("name", "email", "active")),
        list(SteeringMeeting.objects.values_list("place", "minutes", "agenda_sent_at")),
        list(AgendaItem.objects.values_list("title", "position")),
        list(Decision.objects.values_list("text")),
        list(FollowUpTask.objects.values_list("title", "done_at")),
    )


def changes(world):
    """(name, url, data) of every change; each is valid, so the leader's succeeds."""
    meeting, item = world["meeting"], world["item"]
    member = {
        "name": "Ny Person",
        "organisation": "Haderslev Kommune",
        "group_role": "member",
        "email": "ny@example.dk",
        "active": "on",
    }
    meeting_data = {"starts_at": later(3, 10), "ends_at": later(3, 12), "place": "Nyt sted"}
    return [
        ("member create", reverse("programme:member-create"), member),
        ("member edit", reverse("programme:member-edit", args=[world["member"].pk]), member),
        ("meeting create", reverse("programme:meeting-create"), meeting_data),
        (
            "meeting edit",
            reverse("programme:meeting-edit", args=[meeting.pk]),
            {**meeting_data, "minutes": "Referat"},
        ),
        (
            "agenda item create",
            reverse("programme:agenda-item-create", args=[meeting.pk]),
            {"position": "2", "title": "Nyt punkt", "points_at": ""},
        ),
        (
            "agenda item edit",
            reverse("programme:agenda-item-edit", args=[meeting.pk, item.pk]),
            {"position": "1", "title": "Ændret", "points_at": ""},
        ),
        (
            "decision create",
            reverse("programme:decision-create", args=[meeting.pk]),
            {
                "text": "Ny beslutning",
                "tasks-TOTAL_FORMS": "0",
                "tasks-INITIAL_FORMS": "0",
                "tasks-MIN_NUM_FORMS": "0",
                "tasks-MAX_NUM_FORMS": "20",
            },
        ),
        ("send agenda", reverse("programme:meeting-send-agenda", args=[meeting.pk]), {}),
        (
            "decision edit",
            reverse("programme:decision-edit", args=[world["decision"].pk]),
            {
                "text": "Rettet beslutning",
                "tasks-TOTAL_FORMS": "0",
                "tasks-INITIAL_FORMS": "0",
                "tasks-MIN_NUM_FORMS": "0",
                "tasks-MAX_NUM_FORMS": "20",
            },
        ),
        ("decision delete", reverse("programme:decision-delete", args=[world["decision"].pk]), {}),
        (
            "task edit",
            reverse("programme:task-edit", args=[world["task"].pk]),
            {
                "title": "Rettet opgave",
                "owner": world["consultant"].pk,
                "due_on": timezone.localdate(meeting.starts_at).isoformat(),
            },
        ),
        ("task delete", reverse("programme:task-delete", args=[world["task"].pk]), {}),
        (
            "agenda item delete",
            reverse("programme:agenda-item-delete", args=[meeting.pk, item.pk]),
            {},
        ),
    ]


CHANGE_NAMES = [
    "member create",
    "member edit",
    "meeting create",
    "meeting edit",
    "agenda item create",
    "agenda item edit",
    "decision create",
    "send agenda",
    "agenda item delete",
    "decision edit",
    "decision delete",
    "task edit",
    "task delete",
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("change", CHANGE_NAMES)
def test_only_the_project_leader_changes_anything(client, world, actor, change, mailoutbox):
    name, url, data = next(row for row in changes(world) if row[0] == change)
    before = snapshot()
    log_in_as(client, world, actor)
    response = client.post(url, data)
    check(response, LEADER_POST[actor])
    if actor == "leader":
        assert snapshot() != before
    else:
        assert snapshot() == before
        assert mailoutbox == []


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", LOGIN),
        ("alice", 403),
        ("bob", 403),
        ("steering", 403),
        ("consultant", 302),
        ("leader", 302),
    ],
)
def test_only_the_owner_or_the_leader_marks_a_task_done(client, world, actor, expected):
    log_in_as(client, world, actor)
    response = client.post(reverse("programme:task-done", args=[world["task"].pk]))
    check(response, expected)
    world["task"].refresh_from_db()
    assert (world["task"].done_at is not None) == (expected == 302)


def test_every_url_of_the_steering_group_is_in_the_matrix():
    from portal.programme.views import decisions, meetings, steering

    names = {
        pattern.name for module in (steering, meetings, decisions) for pattern in module.urlpatterns
    }
    covered = {
        "member-list",
        "member-create",
        "member-edit",
        "meeting-list",
        "meeting-create",
        "meeting-detail",
        "meeting-edit",
        "agenda-item-create",
        "agenda-item-edit",
        "agenda-item-delete",
        "decision-create",
        "meeting-send-agenda",
        "meeting-agenda-pdf",
        "meeting-ics",
        "decision-list",
        "task-list",
        "task-done",
        "decision-edit",
        "decision-delete",
        "task-edit",
        "task-delete",
    }
    assert names == covered
    matrix_names = {row.name for row in MATRIX}
    for name in ("decision edit", "decision delete", "task edit", "task delete"):
        assert f"programme:{name.replace(' ', '-')}" in matrix_names and name in CHANGE_NAMES
