"""Every URL of an event's participant pages for every kind of person: only the programme's
staff get in; a refused post changes nothing."""

import pytest
from django.urls import reverse

from network.models import SignUp
from tests.conftest import once_per_module
from tests.network.staff_world import (
    ACTORS,
    STAFF_404,
    STAFF_ONLY,
    STAFF_POST_ONLY,
    add_signup,
    expect,
    in_days,
    make_all_actors,
    make_event,
)
from tests.permissions import Row, check, get_row, log_in_as, matrix, row_ids, url

pytestmark = pytest.mark.django_db

State = SignUp.State


def build_world():
    world = make_all_actors()
    event = make_event(capacity=1, starts_at=in_days(-1), ends_at=in_days(-1, hour=12))
    return {
        **world,
        "event": event,
        "confirmed": add_signup(event, "Anna Andersen"),
        "waiting": add_signup(event, "Bent Berg", State.WAITING),
        "waiting_2": add_signup(event, "Carl Clausen", State.WAITING),
    }


module_data, world = once_per_module(build_world, "world")

MATRIX = matrix(
    __name__,
    [
        Row("network:participants", url("network:participants", "event"), STAFF_ONLY),
        Row("network:attendance", url("network:attendance", "event"), STAFF_ONLY),
        Row(
            "network:signup-cancel-staff",
            url("network:signup-cancel-staff", "confirmed"),
            STAFF_ONLY,
            "the confirmation page",
        ),
        # Adding, moving and marking take a POST (the tests below); GET is refused.
        Row("network:participant-add", url("network:participant-add", "event"), STAFF_POST_ONLY),
        Row("network:waiting-move", url("network:waiting-move", "waiting"), STAFF_POST_ONLY),
        Row(
            "network:attendance-mark", url("network:attendance-mark", "confirmed"), STAFF_POST_ONLY
        ),
        Row(
            "network:participants",
            url("network:participants", 99999),
            STAFF_404,
            "unknown event",
        ),
        Row("network:attendance", url("network:attendance", 99999), STAFF_404, "unknown event"),
        Row(
            "network:signup-cancel-staff",
            url("network:signup-cancel-staff", 99999),
            STAFF_404,
            "unknown sign-up",
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


REFUSED = [actor for actor in ACTORS if actor not in ("consultant", "project_leader")]


@pytest.mark.parametrize("actor", REFUSED)
def test_refused_posts_change_nothing(client, world, actor, mailoutbox):
    log_in_as(client, world, actor)
    event, confirmed, waiting = world["event"], world["confirmed"], world["waiting_2"]
    posts = [
        (
            reverse("network:participant-add", args=[event.pk]),
            {"add-name": "Indtrænger", "add-email": "ind@example.dk"},
        ),
        (reverse("network:waiting-move", args=[waiting.pk]), {"direction": "top"}),
        (reverse("network:signup-cancel-staff", args=[confirmed.pk]), {}),
        (reverse("network:attendance-mark", args=[confirmed.pk]), {"attended": "1"}),
    ]
    for target, data in posts:
        response = client.post(target, data)
        check(response, expect()[actor])
    states = dict(event.signups.values_list("name", "state"))
    assert states == {
        "Anna Andersen": State.CONFIRMED,
        "Bent Berg": State.WAITING,
        "Carl Clausen": State.WAITING,
    }
    waiting.refresh_from_db()
    assert waiting.position == 3
    assert mailoutbox == []


@pytest.mark.parametrize("actor", ["consultant", "project_leader"])
def test_staff_may_post(client, world, actor):
    log_in_as(client, world, actor)
    response = client.post(
        reverse("network:attendance-mark", args=[world["confirmed"].pk]), {"attended": "1"}
    )
    assert response.status_code == 302
    world["confirmed"].refresh_from_db()
    assert world["confirmed"].state == State.ATTENDED


def test_every_participant_view_states_its_roles():
    from network.views import participants

    for pattern in participants.urlpatterns:
        assert pattern.callback.allowed_roles == {"project_leader", "consultant"}, pattern.name
