"""Every URL of the network's mailings, for every actor: the project leader writes and sends,
the programme's staff read, the public reads the sent ones and unsubscribes by its link."""

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import Mailing, OptOut
from network.services.mailings import unsubscribe_token
from tests.conftest import once_per_module
from tests.factories.network_members import (
    ACTORS,
    EVERYONE,
    LEADER_ONLY,
    LEADER_POST_ONLY,
    LOGIN,
    STAFF_ONLY,
    expect,
    make_mailing,
    make_network_actors,
)
from tests.permissions import Row, check, get_row, log_in_as, matrix, row_ids, url

pytestmark = pytest.mark.django_db

STAFF_404 = expect(LOGIN, 403, 403, 403, 403, 403, 403, 404, 404)
LEADER_404 = expect(LOGIN, 403, 403, 403, 403, 403, 403, 403, 404)
# A sent mailing's edit page sends the project leader back to the mailing.
LEADER_REDIRECT = expect(LOGIN, 403, 403, 403, 403, 403, 403, 403, 302)
# A draft as a web page: the staff only; nobody else is told it exists.
DRAFT_NEWS = expect(404, 404, 404, 404, 404, 404, 404, 200, 200)
NOBODY = dict.fromkeys(ACTORS, 404)


def build_world():
    world = make_network_actors()
    leader = world["leader"]
    return {
        **world,
        "draft": make_mailing(by=leader, to_members=True),
        "sent": make_mailing(
            by=leader,
            subject="Sendt",
            state=Mailing.State.SENT,
            sent_at=timezone.now(),
            sent_by=leader,
        ),
    }


module_data, world = once_per_module(build_world, "world")


def unsubscribe_url(token):
    return lambda w: reverse("network:unsubscribe", args=[token])


MATRIX = matrix(
    __name__,
    [
        Row("network:mailings", url("network:mailings"), STAFF_ONLY),
        Row("network:mailing-create", url("network:mailing-create"), LEADER_ONLY),
        Row("network:mailing-edit", url("network:mailing-edit", "draft"), LEADER_ONLY, "draft"),
        Row("network:mailing-edit", url("network:mailing-edit", "sent"), LEADER_REDIRECT, "sent"),
        Row("network:mailing-edit", url("network:mailing-edit", 99999), LEADER_404, "unknown"),
        Row("network:mailing", url("network:mailing", "draft"), STAFF_ONLY, "draft"),
        Row("network:mailing", url("network:mailing", "sent"), STAFF_ONLY, "sent"),
        Row("network:mailing", url("network:mailing", 99999), STAFF_404, "unknown"),
        Row("network:mailing-send", url("network:mailing-send", "draft"), LEADER_POST_ONLY, "GET"),
        Row("network:news-archive", url("network:news-archive"), EVERYONE),
        Row("network:news", url("network:news", "sent"), EVERYONE, "sent"),
        Row("network:news", url("network:news", "draft"), DRAFT_NEWS, "draft"),
        Row("network:news", url("network:news", 99999), NOBODY, "unknown"),
        Row(
            "network:unsubscribe",
            unsubscribe_url(unsubscribe_token("someone@example.dk")),
            EVERYONE,
            "signed",
        ),
        Row("network:unsubscribe", unsubscribe_url("someone@example.dk"), NOBODY, "not signed"),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


@pytest.mark.parametrize("actor", ["alice", "company", "municipal", "steering", "consultant"])
def test_only_the_project_leader_may_send(client, world, actor, mailoutbox):
    client.force_login(world[actor])
    response = client.post(reverse("network:mailing-send", args=[world["draft"].pk]))
    assert response.status_code == 403
    world["draft"].refresh_from_db()
    assert world["draft"].state == Mailing.State.DRAFT
    assert not world["draft"].recipients.exists()


@pytest.mark.parametrize("actor", ["alice", "mentor", "consultant"])
def test_only_the_project_leader_may_write(client, world, actor):
    client.force_login(world[actor])
    response = client.post(
        reverse("network:mailing-edit", args=[world["draft"].pk]),
        {"subject": "Overtaget", "body": "x"},
    )
    assert response.status_code == 403
    response = client.post(reverse("network:mailing-create"), {"subject": "Ny", "body": "x"})
    assert response.status_code == 403
    world["draft"].refresh_from_db()
    assert world["draft"].subject == "Nyt fra netværket"
    assert Mailing.objects.count() == 2


def test_unsubscribing_needs_no_login(client):
    response = client.post(reverse("network:unsubscribe", args=[unsubscribe_token("X@Y.dk")]))
    assert response.status_code == 200
    assert OptOut.objects.get().email == "x@y.dk"
