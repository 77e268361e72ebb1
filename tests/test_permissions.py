"""Every URL, every actor: who gets what. A view that forgets its check fails here."""

import pytest
from django.urls import reverse

from tests.conftest import make_actors, once_per_module
from tests.permissions import (
    ACTORS,
    EVERYONE,
    LEADER_ONLY,
    LOGIN,
    STAFF_ONLY,
    check,
    expect,
    log_in_as,
)

pytestmark = pytest.mark.django_db


def build_world():
    world = make_actors()
    alice_org = world["alice"].organisation
    return {
        **world,
        "alice_org": alice_org,
        "bob_org": world["bob"].organisation,
        "alice_contact": alice_org.contacts.create(
            name="Alice A", email="a@example.dk", purpose="Kontakt"
        ),
    }


module_data, world = once_per_module(build_world, "world")


# Alice's own organisation: Bob is told nothing (404), the steering group may not (403).
ALICE_OR_STAFF = expect(LOGIN, 200, 404, 200, 403, 200)
ENTERPRISE_ONLY = expect(LOGIN, 200, 200, 403, 403, 403)
LOGGED_IN = expect(LOGIN, 200, 200, 200, 200, 200)
# A POST-only URL of the project leader's, fetched with GET: refused by role, then by method.
LEADER_POST_ONLY = expect(LOGIN, 403, 403, 403, 403, 405)


def alice_org(name):
    return lambda w: reverse(name, args=[w["alice_org"].pk])


# (name, url factory, {actor: expected status})
MATRIX = [
    ("home", lambda w: reverse("home"), EVERYONE),
    ("healthz", lambda w: reverse("healthz"), EVERYONE),
    ("was", lambda w: reverse("accessibility-statement"), EVERYONE),
    ("directory", lambda w: reverse("mapping:directory"), EVERYONE),
    ("directory detail, approved", alice_org("mapping:directory-detail"), EVERYONE),
    (
        "directory detail, pending",
        lambda w: reverse("mapping:directory-detail", args=[w["bob_org"].pk]),
        dict.fromkeys(ACTORS, 404),
    ),
    ("register", lambda w: reverse("mapping:register"), EVERYONE),
    ("staff organisation list", lambda w: reverse("mapping:organisation-list"), STAFF_ONLY),
    ("staff organisation create", lambda w: reverse("mapping:organisation-create"), STAFF_ONLY),
    ("alice's organisation", alice_org("mapping:organisation-detail"), ALICE_OR_STAFF),
    ("edit alice's organisation", alice_org("mapping:organisation-edit"), ALICE_OR_STAFF),
    ("history of alice's organisation", alice_org("mapping:organisation-history"), LEADER_ONLY),
    ("add a contact to alice's", alice_org("mapping:contact-create"), ALICE_OR_STAFF),
    (
        "edit alice's contact",
        lambda w: reverse("mapping:contact-edit", args=[w["alice_contact"].pk]),
        ALICE_OR_STAFF,
    ),
    ("my organisations", lambda w: reverse("mapping:my-organisations"), ENTERPRISE_ONLY),
    ("moderation queue", lambda w: reverse("mapping:moderation-queue"), LEADER_ONLY),
    (
        "reject form for bob's registration",
        lambda w: reverse("mapping:moderation-reject", args=[w["bob_org"].pk]),
        LEADER_ONLY,
    ),
    ("password change", lambda w: reverse("password_change"), LOGGED_IN),
    # Everyone who may be given a task: the programme's staff and the steering group.
    ("my tasks", lambda w: reverse("my-tasks"), expect(LOGIN, 403, 403, 200, 200, 200)),
    # The people page: the project leader's only.
    ("people", lambda w: reverse("people:person-list"), LEADER_ONLY),
    ("invite a person", lambda w: reverse("people:person-invite"), LEADER_ONLY),
    (
        "change the consultant's role",
        lambda w: reverse("people:person-role", args=[w["consultant"].pk]),
        LEADER_ONLY,
    ),
    *(
        (
            f"{name} (GET)",
            lambda w, name=name: reverse(f"people:{name}", args=[w["consultant"].pk]),
            LEADER_POST_ONLY,
        )
        for name in ("person-deactivate", "person-reactivate", "person-invitation-resend")
    ),
    ("send people's mail again (GET)", lambda w: reverse("people:mail-retry"), LEADER_POST_ONLY),
    # E-mails that did not go out: the project leader's list and "send again".
    ("e-mails not sent", lambda w: reverse("mail:delivery-failed-list"), LEADER_ONLY),
    ("background jobs", lambda w: reverse("jobs:job-list"), LEADER_ONLY),
    ("send e-mails again (GET)", lambda w: reverse("mail:delivery-retry"), LEADER_POST_ONLY),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(client, world, actor, name, url, expected):
    log_in_as(client, world, actor)
    check(client.get(url(world)), expected[actor])


@pytest.mark.parametrize("actor", ["anonymous", "alice", "bob", "consultant", "steering"])
def test_only_the_project_leader_may_approve(client, world, actor):
    log_in_as(client, world, actor)
    client.post(reverse("mapping:moderation-approve", args=[world["bob_org"].pk]))
    world["bob_org"].refresh_from_db()
    assert world["bob_org"].moderation_state == "pending"


def test_bob_cannot_change_alices_profile_by_url(client, world):
    client.force_login(world["bob"])
    url = reverse("mapping:organisation-edit", args=[world["alice_org"].pk])
    response = client.post(url, {"name": "Overtaget", "kind": "company"})
    assert response.status_code == 404
    world["alice_org"].refresh_from_db()
    assert world["alice_org"].name == "Alices Café"


def test_bob_cannot_add_a_contact_to_alices_organisation(client, world):
    client.force_login(world["bob"])
    url = reverse("mapping:contact-create", args=[world["alice_org"].pk])
    client.post(url, {"name": "Indtrænger", "legal_basis": "consent", "purpose": "x"})
    assert not world["alice_org"].contacts.filter(name="Indtrænger").exists()


def test_every_view_states_its_roles():
    """Every non-public view of our apps carries role_required's marker."""
    from django.urls import get_resolver

    public = {
        "home",
        "healthz",
        "accessibility-statement",
        "directory",
        "directory-detail",
        "register",
        "case-list-public",
        "case-public",
        "cvr-lookup",  # the public registration form uses it; rate-limited
        "public-plan",  # the strategy and action plan in force, for citizens
        "public-action",
        "public-coming-plan",  # a plan the city council adopted for a later period
        "password_reset",  # Django's, rate-limited in portal.password_reset
    }
    for pattern in get_resolver().url_patterns:
        for sub in getattr(pattern, "url_patterns", [pattern]):
            callback = getattr(sub, "callback", None)
            if callback is None or not callback.__module__.startswith(
                ("mapping.", "portal.", "strategy.")
            ):
                continue
            if sub.name in public:
                continue
            assert hasattr(callback, "allowed_roles"), sub.name


@pytest.mark.parametrize(
    ("actor", "url_name", "target", "status"),
    [
        ("steering", "mapping:organisation-edit", "alice_org", 403),
        ("bob", "mapping:organisation-edit", "alice_org", 404),
        ("consultant", "mapping:moderation-reject", "bob_org", 403),
        ("alice", "mapping:moderation-reject", "bob_org", 403),
        ("steering", "mapping:moderation-approve", "bob_org", 403),
    ],
)
def test_posts_that_are_refused_change_nothing(client, world, actor, url_name, target, status):
    organisation = world[target]
    before = (organisation.name, organisation.moderation_state, organisation.description)
    client.force_login(world[actor])
    response = client.post(
        reverse(url_name, args=[organisation.pk]),
        {"name": "Overtaget", "kind": "company", "reason": "nej", "description": "x"},
    )
    assert response.status_code == status
    organisation.refresh_from_db()
    assert (organisation.name, organisation.moderation_state, organisation.description) == before


def test_the_project_leader_may_approve(client, world):
    client.force_login(world["leader"])
    response = client.post(reverse("mapping:moderation-approve", args=[world["bob_org"].pk]))
    assert response.status_code == 302
    world["bob_org"].refresh_from_db()
    assert world["bob_org"].moderation_state == "approved"
