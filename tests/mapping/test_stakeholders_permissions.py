"""Every stakeholder URL, every actor: only the programme's staff get in.

The stakeholder analysis and the interaction log are internal: an enterprise user is refused
even on their own organisation, and the steering group never sees contacts.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mapping.models import Interaction, OrganisationRelation, StakeholderAssessment, Task
from tests.conftest import make_actors, once_per_module
from tests.permissions import (
    ACTORS,
    STAFF_ONLY,
    STAFF_POST,
    STAFF_POST_ONLY,
    Row,
    check,
    get_row,
    log_in_as,
    matrix,
    row_ids,
    url,
)

pytestmark = pytest.mark.django_db


def build_world():
    world = make_actors()
    return {**world, "alice_org": world["alice"].organisation, "bob_org": world["bob"].organisation}


module_data, world = once_per_module(build_world, "world")


def alice_org(name):
    return lambda w: reverse(name, args=[w["alice_org"].pk])


def plain(name):
    return lambda w: reverse(name)


GETS = matrix(
    __name__,
    [
        Row(
            "mapping:stakeholder-list",
            plain("mapping:stakeholder-list"),
            STAFF_ONLY,
            "stakeholder list",
        ),
        Row(
            "mapping:stakeholder-list",
            lambda w: reverse("mapping:stakeholder-list") + "?export=csv",
            STAFF_ONLY,
            "stakeholder list as csv",
        ),
        Row(
            "mapping:stakeholder-grid",
            plain("mapping:stakeholder-grid"),
            STAFF_ONLY,
            "stakeholder grid",
        ),
        Row(
            "mapping:stakeholder-grid",
            lambda w: reverse("mapping:stakeholder-grid") + "?export=xlsx",
            STAFF_ONLY,
            "stakeholder grid as xlsx",
        ),
        Row("mapping:assessment-edit", alice_org("mapping:assessment-edit"), STAFF_ONLY),
        Row("mapping:relation-create", alice_org("mapping:relation-create"), STAFF_ONLY),
        Row("mapping:interaction-list", alice_org("mapping:interaction-list"), STAFF_ONLY),
        Row("mapping:interaction-create", alice_org("mapping:interaction-create"), STAFF_ONLY),
        Row("mapping:task-list", plain("mapping:task-list"), STAFF_ONLY, "task list"),
        Row(
            "mapping:task-list",
            lambda w: reverse("mapping:task-list") + "?export=xlsx",
            STAFF_ONLY,
            "task list as xlsx",
        ),
        Row("mapping:potential-list", plain("mapping:potential-list"), STAFF_ONLY),
        Row("mapping:potential-edit", alice_org("mapping:potential-edit"), STAFF_ONLY),
        Row("mapping:contact-list", plain("mapping:contact-list"), STAFF_ONLY, "contact list"),
        Row(
            "mapping:contact-list",
            lambda w: reverse("mapping:contact-list") + "?export=csv",
            STAFF_ONLY,
            "contact list as csv",
        ),
        # Removing a relation and completing a task take a POST (test_post_permission_matrix);
        # the method is refused before the object is looked up.
        Row(
            "mapping:relation-delete", url("mapping:relation-delete", 99999), STAFF_POST_ONLY, "GET"
        ),
        Row("mapping:task-done", url("mapping:task-done", 99999), STAFF_POST_ONLY, "GET"),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", GETS, ids=row_ids(GETS))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


def _relation(w):
    return OrganisationRelation.objects.create(
        source=w["alice_org"], kind="partner", target=w["bob_org"]
    )


def _task(w):
    # The consultant's own task: the consultant and the project leader may complete it.
    return Task.objects.create(
        title="Ring", owner=w["consultant"], due_on=timezone.localdate() + timedelta(days=1)
    )


POSTS = [
    ("remove a relation", "mapping:relation-delete", _relation, STAFF_POST),
    ("complete a task", "mapping:task-done", _task, STAFF_POST),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "url_name", "make", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_post_permission_matrix(client, world, actor, name, url_name, make, expected):
    target = make(world)
    log_in_as(client, world, actor)
    response = client.post(reverse(url_name, args=[target.pk]))
    want = expected[actor]
    check(response, want)
    changed = (
        not OrganisationRelation.objects.filter(pk=target.pk).exists()
        if isinstance(target, OrganisationRelation)
        else Task.objects.get(pk=target.pk).done_at is not None
    )
    assert changed == (want == 302 and actor != "anonymous")


@pytest.mark.parametrize("url_name", ["mapping:relation-delete", "mapping:task-done"])
def test_the_post_only_urls_refuse_get(client, world, url_name):
    target = _relation(world) if url_name == "mapping:relation-delete" else _task(world)
    client.force_login(world["leader"])
    assert client.get(reverse(url_name, args=[target.pk])).status_code == 405


@pytest.mark.parametrize(
    "url_name",
    [
        "mapping:assessment-edit",
        "mapping:relation-create",
        "mapping:interaction-create",
        "mapping:interaction-list",
        "mapping:potential-edit",
    ],
)
def test_an_unknown_organisation_is_404_for_staff(client, world, url_name):
    client.force_login(world["consultant"])
    assert client.get(reverse(url_name, args=[999999])).status_code == 404


@pytest.mark.parametrize("url_name", ["mapping:relation-delete", "mapping:task-done"])
def test_an_unknown_object_is_404_for_staff(client, world, url_name):
    client.force_login(world["leader"])
    assert client.post(reverse(url_name, args=[999999])).status_code == 404


@pytest.mark.parametrize("actor", ["alice", "bob", "steering"])
def test_refused_posts_to_the_forms_change_nothing(client, world, actor):
    client.force_login(world[actor])
    organisation = world["alice_org"]
    today = timezone.localdate().isoformat()
    responses = [
        client.post(
            reverse("mapping:assessment-edit", args=[organisation.pk]),
            {"influence": "5", "interest": "5", "attitude": "supportive"},
        ),
        client.post(
            reverse("mapping:interaction-create", args=[organisation.pk]),
            {"date": today, "kind": "call", "summary": "x"},
        ),
        client.post(
            reverse("mapping:relation-create", args=[organisation.pk]),
            {"relation": "partner", "other": world["bob_org"].pk},
        ),
        client.post(reverse("mapping:potential-edit", args=[organisation.pk]), {"stage": "growth"}),
    ]
    assert {response.status_code for response in responses} == {403}
    assert not StakeholderAssessment.objects.exists()
    assert not Interaction.objects.exists()
    assert not OrganisationRelation.objects.exists()
    assert not organisation.__class__.objects.filter(potential__isnull=False).exists()


def test_every_new_url_is_in_the_matrix():
    """A stakeholder URL added later without a row here fails this test."""
    from mapping.views import contacts, interactions, potentials, stakeholders

    patterns = (
        stakeholders.urlpatterns
        + interactions.urlpatterns
        + potentials.urlpatterns
        + contacts.urlpatterns
    )

    covered = {
        "stakeholder-list",
        "stakeholder-grid",
        "assessment-edit",
        "relation-create",
        "relation-delete",
        "interaction-list",
        "interaction-create",
        "task-list",
        "task-done",
        "potential-list",
        "potential-edit",
        "contact-list",
    }
    assert {pattern.name for pattern in patterns} == covered
    for pattern in patterns:
        assert pattern.callback.allowed_roles == frozenset({"project_leader", "consultant"}), (
            pattern.name
        )
