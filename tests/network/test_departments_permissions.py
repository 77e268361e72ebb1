"""Every URL of the departments, their contact persons, the support structure and the
training reach, for every kind of person."""

import pytest
from django.urls import reverse

from network.models import ContactPerson, Department
from tests.conftest import once_per_module
from tests.network.staff_world import (
    ACTORS,
    LEADER_CHANGES,
    LEADER_ONLY,
    STAFF_404,
    STAFF_ONLY,
    expect,
    make_all_actors,
    make_contact_person,
    make_department,
)
from tests.permissions import Row, check, get_row, log_in_as, matrix, row_ids, url

pytestmark = pytest.mark.django_db

# The support structure: the municipality's staff and the programme's.
MUNICIPAL_STAFF = expect(municipal_employee=200, consultant=200, project_leader=200)


def build_world():
    world = make_all_actors()
    department = make_department("Børn og Familie")
    return {
        **world,
        "department": department,
        "person": make_contact_person(department),
    }


module_data, world = once_per_module(build_world, "world")

MATRIX = matrix(
    __name__,
    [
        Row("network:departments", url("network:departments"), STAFF_ONLY),
        Row("network:department-create", url("network:department-create"), LEADER_ONLY),
        Row(
            "network:department-edit",
            url("network:department-edit", "department"),
            LEADER_CHANGES,
        ),
        Row(
            "network:contact-person-create",
            url("network:contact-person-create", "department"),
            LEADER_CHANGES,
        ),
        Row(
            "network:contact-person-edit",
            url("network:contact-person-edit", "person"),
            LEADER_CHANGES,
        ),
        Row(
            "network:contact-person-delete",
            url("network:contact-person-delete", "person"),
            LEADER_CHANGES,
            "the confirmation page",
        ),
        Row("network:contacts-for-staff", url("network:contacts-for-staff"), MUNICIPAL_STAFF),
        Row("network:training-reach", url("network:training-reach"), STAFF_ONLY),
        Row(
            "network:department-edit",
            url("network:department-edit", 99999),
            STAFF_404,
            "unknown department",
        ),
        Row(
            "network:contact-person-create",
            url("network:contact-person-create", 99999),
            STAFF_404,
            "unknown department",
        ),
        Row(
            "network:contact-person-edit",
            url("network:contact-person-edit", 99999),
            STAFF_404,
            "unknown contact person",
        ),
        Row(
            "network:contact-person-delete",
            url("network:contact-person-delete", 99999),
            STAFF_404,
            "unknown contact person",
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_permission_matrix(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


@pytest.mark.parametrize("actor", [actor for actor in ACTORS if actor != "project_leader"])
def test_only_the_project_leader_changes_departments(client, world, actor):
    log_in_as(client, world, actor)
    department, person = world["department"], world["person"]
    posts = [
        (reverse("network:department-create"), {"name": "Indtrængt"}),
        (reverse("network:department-edit", args=[department.pk]), {"name": "Overtaget"}),
        (
            reverse("network:contact-person-create", args=[department.pk]),
            {"department": department.pk, "name": "Ind", "email": "i@x.dk", "topic": "both"},
        ),
        (
            reverse("network:contact-person-edit", args=[person.pk]),
            {"department": department.pk, "name": "Ove", "email": "o@x.dk", "topic": "both"},
        ),
        (reverse("network:contact-person-delete", args=[person.pk]), {}),
    ]
    for target, data in posts:
        check(client.post(target, data), expect()[actor])
    assert list(Department.objects.values_list("name", flat=True)) == ["Børn og Familie"]
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Mette Holm"]


def test_every_department_view_states_its_roles():
    from network.views import departments

    staff = {"project_leader", "consultant"}
    roles = {pattern.name: pattern.callback.allowed_roles for pattern in departments.urlpatterns}
    assert roles == {
        "departments": staff,
        "department-create": {"project_leader"},
        # Consultants may open them, to be refused by the object's selector (403).
        "department-edit": staff,
        "contact-person-create": staff,
        "contact-person-edit": staff,
        "contact-person-delete": staff,
        "contacts-for-staff": staff | {"municipal_employee"},
        "training-reach": staff,
    }
