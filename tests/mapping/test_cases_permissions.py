"""Every case URL, every actor: who gets what."""

import pytest
from django.urls import reverse

from mapping.models import Case
from tests.conftest import make_actors, once_per_module
from tests.permissions import (
    ACTORS,
    EVERYONE,
    LOGIN,
    STAFF_ONLY,
    Row,
    check,
    expect,
    get_row,
    log_in_as,
    matrix,
    row_ids,
)

pytestmark = pytest.mark.django_db

NOBODY = dict.fromkeys(ACTORS, 404)


def build_world():
    world = make_actors()

    def case(title, published):
        return Case.objects.create(
            organisation=world["alice"].organisation,
            title=title,
            problem="Problem",
            method="Metode",
            published=published,
        )

    return {**world, "published": case("Offentlig", True), "draft": case("Kladde", False)}


module_data, world = once_per_module(build_world, "world")


def case_url(name, which):
    return lambda w: reverse(name, args=[w[which].pk])


MATRIX = matrix(
    __name__,
    [
        Row("mapping:case-list-public", lambda w: reverse("mapping:case-list-public"), EVERYONE),
        Row(
            "mapping:case-public",
            case_url("mapping:case-public", "published"),
            EVERYONE,
            "public page, published",
        ),
        Row(
            "mapping:case-public",
            case_url("mapping:case-public", "draft"),
            NOBODY,
            "public page, draft",
        ),
        Row(
            "mapping:case-public",
            lambda w: reverse("mapping:case-public", args=[999]),
            NOBODY,
            "public page, missing",
        ),
        Row("mapping:case-list", lambda w: reverse("mapping:case-list"), STAFF_ONLY, "staff list"),
        Row(
            "mapping:case-list",
            lambda w: reverse("mapping:case-list") + "?export=csv",
            STAFF_ONLY,
            "staff list csv",
        ),
        Row(
            "mapping:case-list",
            lambda w: reverse("mapping:case-list") + "?export=xlsx",
            STAFF_ONLY,
            "staff list xlsx",
        ),
        Row("mapping:case-create", lambda w: reverse("mapping:case-create"), STAFF_ONLY),
        Row(
            "mapping:case-detail",
            case_url("mapping:case-detail", "published"),
            STAFF_ONLY,
            "staff page, published",
        ),
        Row(
            "mapping:case-detail",
            case_url("mapping:case-detail", "draft"),
            STAFF_ONLY,
            "staff page, draft",
        ),
        Row(
            "mapping:case-edit",
            case_url("mapping:case-edit", "published"),
            STAFF_ONLY,
            "edit, published",
        ),
        Row("mapping:case-edit", case_url("mapping:case-edit", "draft"), STAFF_ONLY, "edit, draft"),
        Row(
            "mapping:case-detail",
            lambda w: reverse("mapping:case-detail", args=[999]),
            expect(LOGIN, 403, 403, 404, 403, 404),
            "staff page, missing",
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


def test_the_staff_views_state_their_roles():
    from mapping.views import cases

    for view in (cases.case_list, cases.case_create, cases.case_detail, cases.case_edit):
        assert view.allowed_roles == {"project_leader", "consultant"}


def _post(world):
    return {
        "organisation": world["alice"].organisation.pk,
        "title": "Overtaget",
        "problem": "x",
        "method": "x",
        "published": "on",
        "effects-TOTAL_FORMS": "0",
        "effects-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 302), ("alice", 403), ("bob", 403), ("steering", 403)],
)
def test_refused_posts_change_nothing(client, world, actor, status):
    log_in_as(client, world, actor)
    draft = world["draft"]
    edit = reverse("mapping:case-edit", args=[draft.pk])
    assert client.post(edit, _post(world)).status_code == status
    create = reverse("mapping:case-create")
    assert client.post(create, _post(world)).status_code == status
    draft.refresh_from_db()
    assert (draft.title, draft.published) == ("Kladde", False)
    assert Case.objects.count() == 2


def test_a_consultant_may_publish_a_draft(client, world):
    client.force_login(world["consultant"])
    draft = world["draft"]
    edit = reverse("mapping:case-edit", args=[draft.pk])
    assert client.post(edit, _post(world)).status_code == 302
    draft.refresh_from_db()
    assert draft.published
    assert client.get(draft.get_public_url()).status_code == 200
