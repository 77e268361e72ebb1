"""The participant's URLs for every actor: the event page and the personal page are public
on purpose (the link's token is the key, also to the event's materials once the person has a
place), a draft is staff's only, "my sign-ups" needs a login."""

import pytest
from django.urls import reverse

from network.models import Event, SignUp
from tests.conftest import make_actors, once_per_module
from tests.factories.network_events import MaterialFactory
from tests.network.signup_helpers import make_event
from tests.permissions import (
    ACTORS,
    EVERYONE,
    LOGGED_IN,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
    url,
)

pytestmark = pytest.mark.django_db

NOBODY = dict.fromkeys(ACTORS, 404)
STAFF_SEE = expect(404, 404, 404, 200, 404, 200)


def build_world():
    world = make_actors()
    event = make_event(capacity=5)
    draft = make_event(capacity=5, state=Event.State.DRAFT)
    signup = SignUp.objects.create(
        event=event, name="Ida Holm", email="ida@example.dk", state=SignUp.State.CONFIRMED
    )
    waiting = SignUp.objects.create(
        event=event, name="Bo Lund", email="bo@example.dk", state=SignUp.State.WAITING, position=1
    )
    material = MaterialFactory(event=event)
    elsewhere = MaterialFactory(event=make_event(capacity=5))
    return {
        **world,
        "event": event,
        "draft": draft,
        "signup": signup,
        "waiting": waiting,
        "material": material,
        "elsewhere": elsewhere,
    }


module_data, world = once_per_module(build_world, "world")


def token_url(key):
    return lambda w: reverse("network:signup", args=[w[key].token])


def material_url(signup, material):
    return lambda w: reverse("network:signup-material", args=[w[signup].token, w[material].pk])


MATRIX = matrix(
    __name__,
    [
        Row("network:event", url("network:event", "event"), EVERYONE, "published"),
        Row("network:event", url("network:event", "draft"), STAFF_SEE, "draft"),
        Row("network:event", url("network:event", 99999), NOBODY, "no such event"),
        Row("network:signup", token_url("signup"), EVERYONE, "own link"),
        Row(
            "network:signup",
            lambda w: reverse("network:signup", args=["not-a-token"]),
            NOBODY,
            "wrong token",
        ),
        Row("network:signup-material", material_url("signup", "material"), EVERYONE, "own link"),
        Row("network:signup-material", material_url("waiting", "material"), NOBODY, "no place"),
        Row(
            "network:signup-material",
            material_url("signup", "elsewhere"),
            NOBODY,
            "another event's",
        ),
        Row(
            "network:signup-material",
            lambda w: reverse("network:signup-material", args=["not-a-token", w["material"].pk]),
            NOBODY,
            "wrong token",
        ),
        Row("network:my-signups", url("network:my-signups"), LOGGED_IN),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


@pytest.mark.parametrize("actor", ACTORS)
def test_nobody_signs_up_for_a_draft(client, world, actor):
    log_in_as(client, world, actor)
    response = client.post(reverse("network:event", args=[world["draft"].pk]), {})
    assert response.status_code in (302, 404)
    assert not world["draft"].signups.exists()
