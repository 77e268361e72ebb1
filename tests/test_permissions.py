"""Every URL, every actor: who gets what. A view that forgets its check fails here."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from portal.models import Job, User
from tests.conftest import make_actors, once_per_module
from tests.permissions import (
    ACTORS,
    EVERYONE,
    LEADER_ONLY,
    LEADER_POST_ONLY,
    LOGGED_IN,
    LOGIN,
    STAFF_ONLY,
    STAFF_POST,
    STAFF_POST_ONLY,
    Row,
    check,
    covered_url_names,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
    url,
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
        # A background job Alice started (an export, say): she and the staff may follow it.
        "alices_job": Job.objects.create(task="tests.count", created_by=world["alice"]),
    }


module_data, world = once_per_module(build_world, "world")


# Alice's own organisation: Bob is told nothing (404), the steering group may not (403).
ALICE_OR_STAFF = expect(LOGIN, 200, 404, 200, 403, 200)
ENTERPRISE_ONLY = expect(LOGIN, 200, 200, 403, 403, 403)
NOBODY = dict.fromkeys(ACTORS, 404)
# Everyone who may be given a task: the programme's staff and the steering group.
TASK_OWNERS = expect(LOGIN, 403, 403, 200, 200, 200)
TASK_OWNERS_POST_ONLY = expect(LOGIN, 403, 403, 405, 405, 405)
# A job: those who may not follow it are not told it exists (404).
JOB_FOLLOWERS = expect(LOGIN, 200, 404, 200, 404, 200)


MATRIX = matrix(
    __name__,
    [
        Row("home", url("home"), EVERYONE),
        Row("healthz", url("healthz"), EVERYONE),
        Row("accessibility-statement", url("accessibility-statement"), EVERYONE),
        Row("mapping:directory", url("mapping:directory"), EVERYONE),
        Row(
            "mapping:directory-detail",
            url("mapping:directory-detail", "alice_org"),
            EVERYONE,
            "approved",
        ),
        Row(
            "mapping:directory-detail",
            url("mapping:directory-detail", "bob_org"),
            NOBODY,
            "pending",
        ),
        Row("mapping:register", url("mapping:register"), EVERYONE),
        # The registration's CVR look-up exists only where a register is configured (the
        # tests of mapping/test_cvr_lookup.py configure a fake one); here none is.
        Row(
            "mapping:cvr-lookup",
            url("mapping:cvr-lookup", query="?cvr=31415926"),
            NOBODY,
            "no register configured",
        ),
        Row("mapping:organisation-list", url("mapping:organisation-list"), STAFF_ONLY),
        Row("mapping:organisation-create", url("mapping:organisation-create"), STAFF_ONLY),
        Row(
            "mapping:organisation-detail",
            url("mapping:organisation-detail", "alice_org"),
            ALICE_OR_STAFF,
        ),
        Row(
            "mapping:organisation-edit",
            url("mapping:organisation-edit", "alice_org"),
            ALICE_OR_STAFF,
        ),
        Row(
            "mapping:organisation-history",
            url("mapping:organisation-history", "alice_org"),
            LEADER_ONLY,
        ),
        Row("mapping:contact-create", url("mapping:contact-create", "alice_org"), ALICE_OR_STAFF),
        Row("mapping:contact-edit", url("mapping:contact-edit", "alice_contact"), ALICE_OR_STAFF),
        Row("mapping:my-organisations", url("mapping:my-organisations"), ENTERPRISE_ONLY),
        # Publishing: Alice's organisation is published already, so the page sends staff back
        # to it; taking it off the directory takes a POST.
        Row(
            "mapping:organisation-publish",
            url("mapping:organisation-publish", "alice_org"),
            STAFF_POST,
            "already published",
        ),
        Row(
            "mapping:organisation-unpublish",
            url("mapping:organisation-unpublish", "alice_org"),
            STAFF_POST_ONLY,
            "GET",
        ),
        # A contact's personal data: the project leader's only.
        Row("mapping:contact-retention", url("mapping:contact-retention"), LEADER_ONLY),
        Row(
            "mapping:contact-privacy", url("mapping:contact-privacy", "alice_contact"), LEADER_ONLY
        ),
        Row(
            "mapping:contact-export-json",
            url("mapping:contact-export-json", "alice_contact"),
            LEADER_ONLY,
        ),
        Row(
            "mapping:contact-export-pdf",
            url("mapping:contact-export-pdf", "alice_contact"),
            LEADER_ONLY,
        ),
        Row("mapping:contact-erase", url("mapping:contact-erase", "alice_contact"), LEADER_ONLY),
        Row("mapping:moderation-queue", url("mapping:moderation-queue"), LEADER_ONLY),
        Row("mapping:moderation-reject", url("mapping:moderation-reject", "bob_org"), LEADER_ONLY),
        # Approving takes a POST (test_only_the_project_leader_may_approve below).
        Row(
            "mapping:moderation-approve",
            url("mapping:moderation-approve", "bob_org"),
            LEADER_POST_ONLY,
            "GET",
        ),
        # Django's accounts pages: the login and the password reset for everyone, the
        # password change for those logged in; logging out takes a POST.
        Row("login", url("login"), EVERYONE),
        Row("logout", url("logout"), dict.fromkeys(ACTORS, 405), "GET"),
        Row("password_change", url("password_change"), LOGGED_IN),
        Row("password_change_done", url("password_change_done"), LOGGED_IN),
        Row("password_reset", url("password_reset"), EVERYONE),
        Row("password_reset_done", url("password_reset_done"), EVERYONE),
        Row(
            "password_reset_confirm",
            lambda w: reverse("password_reset_confirm", args=["MQ", "no-such-token"]),
            EVERYONE,
            "a link that is not valid",
        ),
        Row("password_reset_complete", url("password_reset_complete"), EVERYONE),
        Row("my-tasks", url("my-tasks"), TASK_OWNERS),
        # Marking a task done or open again takes a POST; the method is refused first.
        Row(
            "my-task-done",
            lambda w: reverse("my-task-done", args=["mapping", 99999]),
            TASK_OWNERS_POST_ONLY,
            "GET",
        ),
        Row(
            "my-task-reopen",
            lambda w: reverse("my-task-reopen", args=["mapping", 99999]),
            TASK_OWNERS_POST_ONLY,
            "GET",
        ),
        # The people page: the project leader's only.
        Row("people:person-list", url("people:person-list"), LEADER_ONLY),
        Row("people:person-invite", url("people:person-invite"), LEADER_ONLY),
        Row("people:person-role", url("people:person-role", "consultant"), LEADER_ONLY),
        *(
            Row(f"people:{name}", url(f"people:{name}", "consultant"), LEADER_POST_ONLY, "GET")
            for name in ("person-deactivate", "person-reactivate", "person-invitation-resend")
        ),
        Row("people:mail-retry", url("people:mail-retry"), LEADER_POST_ONLY, "GET"),
        # E-mails that did not go out: the project leader's list and "send again".
        Row("mail:delivery-failed-list", url("mail:delivery-failed-list"), LEADER_ONLY),
        Row("mail:delivery-retry", url("mail:delivery-retry"), LEADER_POST_ONLY, "GET"),
        Row("jobs:job-list", url("jobs:job-list"), LEADER_ONLY),
        # One job: the one who started it and the programme's staff follow it.
        Row("jobs:job-detail", url("jobs:job-detail", "alices_job"), JOB_FOLLOWERS),
        Row("jobs:job-status", url("jobs:job-status", "alices_job"), JOB_FOLLOWERS),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


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


# URLs that no matrix needs to cover, and why: Django's own, without data of ours.
NOT_IN_A_MATRIX = {
    # The language switch: a POST that sets a cookie and redirects, the same for everyone.
    "set_language",
}
# Django's admin checks its own permissions (ours are locked down and tested in
# tests/portal/test_admin_lockdown.py); a model registered there adds five URLs.
NAMESPACES_NOT_IN_A_MATRIX = {"admin"}


def _url_names(patterns, namespace=None):
    """Every named URL under `patterns`, with its namespaces ("mapping:case-list")."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _url_names(pattern.url_patterns, inner or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _our_url_names():
    return {
        name
        for name in _url_names(get_resolver().url_patterns)
        if name.split(":")[0] not in NAMESPACES_NOT_IN_A_MATRIX and name not in NOT_IN_A_MATRIX
    }


def test_every_url_of_our_apps_is_in_a_permission_matrix():
    """The URL names come from the resolver: a view added without a matrix row fails here,
    named. A row is added to the matrix of the module that tests the view's app."""
    missing = sorted(_our_url_names() - covered_url_names())
    assert missing == [], "No permission matrix covers: " + ", ".join(missing)


def test_every_matrix_row_names_a_url_that_exists():
    every = set(_url_names(get_resolver().url_patterns))
    assert every >= NOT_IN_A_MATRIX
    assert sorted(covered_url_names() - every) == []


def test_every_view_states_its_roles():
    """Every non-public view of our apps carries role_required's marker."""
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
        # The network's public pages: events, the network, sent news mails, calendars (a
        # calendar program cannot log in), and the links in e-mails (their token is the key).
        "events",
        "past-events",
        "event",
        "event-ics",
        "feed",
        "personal-feed",
        "signup",
        "signup-material",
        "network",
        "news",
        "news-archive",
        "unsubscribe",
    }
    for pattern in get_resolver().url_patterns:
        for sub in getattr(pattern, "url_patterns", [pattern]):
            callback = getattr(sub, "callback", None)
            if callback is None or not callback.__module__.startswith(
                ("mapping.", "network.", "portal.", "strategy.")
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


def _our_views(patterns, namespace=None):
    """(URL name, view) for every named URL of our apps, at any depth."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _our_views(pattern.url_patterns, inner or namespace)
        elif pattern.name and pattern.callback.__module__.startswith(
            ("mapping.", "portal.", "strategy.")
        ):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.callback


# Phase 2's roles: no page of their own yet (the network and incubator issues add them).
PHASE_TWO_ROLES = {User.Role.COMPANY, User.Role.MENTOR, User.Role.MUNICIPAL_EMPLOYEE}


def test_the_phase_two_roles_reach_only_what_every_logged_in_person_may():
    """A view lets a company user, a mentor or a municipal employee in only where it lets
    every logged-in person in: no staff page opens to them by a role listed by mistake. (A
    person with several roles gets in on any of them: tests/portal/test_roles.py.)"""
    everyone = frozenset(User.Role)
    named = dict(_our_views(get_resolver().url_patterns))
    assert len(named) > 100
    wrong = sorted(
        name
        for name, view in named.items()
        if PHASE_TWO_ROLES & set(getattr(view, "allowed_roles", ()))
        and (view.allowed_roles != everyone)
    )
    assert wrong == []
    # And the other way round: the pages open to every logged-in person do let them in.
    assert any(getattr(view, "allowed_roles", None) == everyone for view in named.values())
