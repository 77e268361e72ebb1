"""Every URL of the network's members and themes, for every actor: the public page for all,
applying for enterprise users, a membership for the staff and its own organisation's users
(404 for another's), decisions and themes for the project leader."""

import pytest
from django.urls import reverse

from network.models import Membership
from tests.conftest import make_organisation, once_per_module
from tests.factories.network_members import (
    ACTORS,
    EVERYONE,
    LEADER_ONLY,
    LEADER_POST_ONLY,
    LOGIN,
    STAFF_ONLY,
    expect,
    make_membership,
    make_network_actors,
    make_theme,
)
from tests.permissions import Row, check, get_row, log_in_as, matrix, row_ids, url

pytestmark = pytest.mark.django_db

ENTERPRISE_ONLY = expect(LOGIN, 200, 200, 403, 403, 403, 403, 403, 403)
# Alice's own membership: Bob is told nothing (404), who has no role here 403.
ALICE_OR_STAFF = expect(LOGIN, 200, 404, 403, 403, 403, 403, 200, 200)
STAFF_404 = expect(LOGIN, 404, 404, 403, 403, 403, 403, 404, 404)
# Bob's own (a pending organisation's application): Alice 404.
BOB_OR_STAFF = expect(LOGIN, 404, 200, 403, 403, 403, 403, 200, 200)
# A POST-only URL fetched with GET: refused by role first, then by method (405).
THEMES_POST_ONLY = expect(LOGIN, 405, 405, 403, 403, 403, 403, 403, 405)
ENTERPRISE_POST_ONLY = expect(LOGIN, 405, 405, 403, 403, 403, 403, 403, 403)


def build_world():
    world = make_network_actors()
    theme = make_theme("Indkøb")
    alice_membership = make_membership(world["alice"].organisation, themes=[theme])
    other = make_organisation("Andet Værksted")
    bob_membership = make_membership(other, status=Membership.Status.APPLIED)
    other.users.add(world["bob"])
    return {
        **world,
        "theme": theme,
        "alice_membership": alice_membership,
        "bob_membership": bob_membership,
    }


module_data, world = once_per_module(build_world, "world")


MATRIX = matrix(
    __name__,
    [
        Row("network:network", url("network:network"), EVERYONE),
        Row("network:member-apply", url("network:member-apply"), ENTERPRISE_ONLY),
        Row("network:members-staff", url("network:members-staff"), STAFF_ONLY),
        Row(
            "network:members-staff",
            url("network:members-staff", query="?status=applied"),
            STAFF_ONLY,
            "filtered",
        ),
        Row("network:member", url("network:member", "alice_membership"), ALICE_OR_STAFF, "alice"),
        Row("network:member", url("network:member", "bob_membership"), BOB_OR_STAFF, "bob"),
        Row("network:member", url("network:member", 99999), STAFF_404, "unknown"),
        Row(
            "network:member-decide",
            url("network:member-decide", "bob_membership"),
            LEADER_POST_ONLY,
            "GET",
        ),
        Row(
            "network:member-status",
            url("network:member-status", "alice_membership"),
            LEADER_POST_ONLY,
            "GET",
        ),
        Row(
            "network:member-themes",
            url("network:member-themes", "alice_membership"),
            THEMES_POST_ONLY,
            "GET",
        ),
        Row(
            "network:member-leave",
            url("network:member-leave", "alice_membership"),
            ENTERPRISE_POST_ONLY,
            "GET",
        ),
        Row("network:themes", url("network:themes"), STAFF_ONLY),
        Row("network:theme-create", url("network:theme-create"), LEADER_ONLY),
        Row("network:theme-edit", url("network:theme-edit", "theme"), LEADER_ONLY),
        Row(
            "network:theme-edit",
            url("network:theme-edit", 99999),
            expect(LOGIN, 403, 403, 403, 403, 403, 403, 403, 404),
            "unknown",
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


# The POSTs: who may, who is refused, and that a refusal changes nothing.
POSTS = [
    # (actor, url name, membership, data, status)
    ("consultant", "network:member-decide", "bob_membership", {"decision": "approve"}, 403),
    ("alice", "network:member-decide", "bob_membership", {"decision": "approve"}, 403),
    ("bob", "network:member-decide", "bob_membership", {"decision": "approve"}, 403),
    ("steering", "network:member-status", "alice_membership", {"change": "pause"}, 403),
    ("consultant", "network:member-status", "alice_membership", {"change": "pause"}, 403),
    ("alice", "network:member-status", "alice_membership", {"change": "pause"}, 403),
    ("bob", "network:member-leave", "alice_membership", {}, 404),
    ("bob", "network:member-themes", "alice_membership", {"themes": []}, 404),
    ("consultant", "network:member-themes", "alice_membership", {"themes": []}, 403),
    ("municipal", "network:member-leave", "alice_membership", {}, 403),
]


@pytest.mark.parametrize(("actor", "name", "target", "data", "status"), POSTS)
def test_posts_that_are_refused_change_nothing(client, world, actor, name, target, data, status):
    membership = world[target]
    themes_before = set(membership.themes.values_list("pk", flat=True))
    client.force_login(world[actor])
    response = client.post(reverse(name, args=[membership.pk]), {**data, "note": "x"})
    assert response.status_code == status
    membership.refresh_from_db()
    assert membership.status == world[target].status
    assert set(membership.themes.values_list("pk", flat=True)) == themes_before
    assert membership.changes.count() == world[target].changes.count()


def test_the_enterprise_user_may_change_their_own_themes_and_leave(client, world):
    client.force_login(world["alice"])
    membership = world["alice_membership"]
    response = client.post(reverse("network:member-themes", args=[membership.pk]), {"themes": []})
    assert response.status_code == 302
    assert membership.themes.count() == 0
    response = client.post(reverse("network:member-leave", args=[membership.pk]), {"note": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT


def test_the_project_leader_may_decide(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["leader"])
    membership = world["bob_membership"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:member-decide", args=[membership.pk]), {"decision": "approve"}
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
