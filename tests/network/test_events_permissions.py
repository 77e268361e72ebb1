"""Every URL of the event lists, calendars and the staff's event pages, for every actor."""

import pytest
from django.urls import reverse

from network.models import CalendarKey, Event, SignUp
from tests.conftest import make_actors, once_per_module
from tests.factories.network_events import EventFactory, MaterialFactory, SignUpFactory
from tests.permissions import (
    ACTORS,
    EVERYONE,
    LOGGED_IN,
    LOGIN,
    STAFF_ONLY,
    STAFF_POST_ONLY,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
    url,
)

pytestmark = [pytest.mark.django_db]

NOBODY = dict.fromkeys(ACTORS, 404)
# A draft or an invited-only event's file: staff only, nobody else is told it exists.
STAFF_OR_404 = expect(404, 404, 404, 200, 404, 200)
STAFF_404 = expect(LOGIN, 403, 403, 404, 403, 404)
# A material of an event Alice is confirmed for: Alice and staff; Bob and the steering
# group are not told it exists.
PARTICIPANT_OR_STAFF = expect(LOGIN, 200, 404, 200, 404, 200)
LOGGED_IN_404 = expect(LOGIN, 404, 404, 404, 404, 404)
# The page of an invited-only event Alice is signed up for: Alice and staff; nobody else is
# told it exists.
INVITED_SEE = expect(404, 200, 404, 200, 404, 200)


def build_world():
    world = make_actors()
    event = EventFactory(title="Netværksmøde", organiser=world["consultant"])
    material = MaterialFactory(event=event)
    SignUpFactory(
        event=event, user=world["alice"], email="alice@example.dk", state=SignUp.State.CONFIRMED
    )
    key = CalendarKey.objects.create(email="alice@example.dk")
    invited = EventFactory(title="Lukket", audience=Event.Audience.INVITED)
    SignUpFactory(
        event=invited, user=world["alice"], email="alice@example.dk", state=SignUp.State.WAITING
    )
    return {
        **world,
        "event": event,
        "past": EventFactory(title="Forbi", past=True),
        "draft": EventFactory(title="Kladde", draft=True),
        "invited": invited,
        "cancelled": EventFactory(title="Aflyst", cancelled=True),
        "material": material,
        "key": key,
    }


module_data, world = once_per_module(build_world, "world")


MATRIX = matrix(
    __name__,
    [
        Row("network:events", url("network:events"), EVERYONE, "coming"),
        Row(
            "network:events",
            url("network:events", query="?kind=network&month=&place=haderslev"),
            EVERYONE,
            "filtered",
        ),
        Row("network:past-events", url("network:past-events"), EVERYONE),
        Row("network:event-ics", url("network:event-ics", "event"), EVERYONE, "public"),
        Row("network:event-ics", url("network:event-ics", "cancelled"), EVERYONE, "cancelled"),
        Row("network:event-ics", url("network:event-ics", "draft"), STAFF_OR_404, "draft"),
        Row("network:event-ics", url("network:event-ics", "invited"), STAFF_OR_404, "invited"),
        Row("network:event-ics", url("network:event-ics", 99999), NOBODY, "unknown"),
        Row("network:event", url("network:event", "invited"), INVITED_SEE, "invited-only"),
        Row("network:feed", url("network:feed"), EVERYONE),
        Row(
            "network:personal-feed",
            lambda w: reverse("network:personal-feed", args=[w["key"].token]),
            EVERYONE,
            "the key's token",
        ),
        Row(
            "network:personal-feed",
            lambda w: reverse("network:personal-feed", args=["not-a-token"]),
            NOBODY,
            "a wrong token",
        ),
        Row("network:calendar-key", url("network:calendar-key"), LOGGED_IN),
        Row("network:event-list-staff", url("network:event-list-staff"), STAFF_ONLY),
        Row("network:event-create", url("network:event-create"), STAFF_ONLY),
        Row("network:event-edit", url("network:event-edit", "event"), STAFF_ONLY, "published"),
        Row("network:event-edit", url("network:event-edit", "draft"), STAFF_ONLY, "draft"),
        Row("network:event-edit", url("network:event-edit", "past"), STAFF_ONLY, "past"),
        Row("network:event-edit", url("network:event-edit", 99999), STAFF_404, "unknown"),
        Row("network:event-publish", url("network:event-publish", "draft"), STAFF_POST_ONLY),
        Row("network:event-cancel", url("network:event-cancel", "event"), STAFF_ONLY, "asks"),
        Row("network:event-cancel", url("network:event-cancel", 99999), STAFF_404, "unknown"),
        Row("network:material-add", url("network:material-add", "event"), STAFF_POST_ONLY),
        Row(
            "network:material",
            url("network:material", "material"),
            PARTICIPANT_OR_STAFF,
            "of an event Alice is confirmed for",
        ),
        Row("network:material", url("network:material", 99999), LOGGED_IN_404, "unknown"),
        Row(
            "network:material-delete",
            url("network:material-delete", "material"),
            STAFF_POST_ONLY,
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


def test_every_view_of_the_staff_states_its_roles():
    from network.views import events_staff

    staff = {"project_leader", "consultant"}
    for pattern in events_staff.urlpatterns:
        roles = pattern.callback.allowed_roles
        assert roles == staff or pattern.name == "material", pattern.name
