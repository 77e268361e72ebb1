"""The table of the municipality's departments and units, their contact persons, and the
support structure as the municipality's staff see it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import ContactPerson, Department
from network.services.departments import department_save
from tests.network.staff_world import make_contact_person, make_department

pytestmark = pytest.mark.django_db

DUPLICATE = "Der er allerede en forvaltning med dette navn her."


@pytest.fixture
def tree(db):
    children = make_department("Børn og Familie")
    technical = make_department("Teknik og Miljø")
    return {
        "children": children,
        "technical": technical,
        "schools": make_department("Skoler", parent=children),
        "daycare": make_department("Dagtilbud", parent=children),
        "old": make_department("Arbejdsmarked", active=False),
        "aero": make_department("Årø Skole", parent=children),
    }


def names(departments):
    return [department.name for department in departments]


def test_the_table_lists_units_under_their_department(client, consultant, tree):
    make_contact_person(tree["schools"], "Mette Holm")
    client.force_login(consultant)
    response = client.get(reverse("network:departments"))
    assert names(response.context["departments"]) == [
        "Arbejdsmarked",
        "Børn og Familie",
        "Dagtilbud",
        "Skoler",
        "Årø Skole",
        "Teknik og Miljø",
    ]
    assert [d.depth for d in response.context["departments"]] == [0, 0, 1, 1, 1, 0]
    page = response.content.decode()
    assert "Mette Holm" in page
    # The consultants read; only the project leader changes.
    assert reverse("network:department-create") not in page
    assert reverse("network:department-edit", args=[tree["schools"].pk]) not in page


def test_the_project_leader_gets_the_buttons(client, leader, tree):
    client.force_login(leader)
    page = client.get(reverse("network:departments")).content.decode()
    assert reverse("network:department-edit", args=[tree["schools"].pk]) in page
    assert reverse("network:contact-person-create", args=[tree["schools"].pk]) in page


def test_the_table_costs_the_same_queries_however_long(client, consultant):
    client.force_login(consultant)
    counts = []
    for size in (2, 30):
        for number in range(size):
            department = make_department(f"Forvaltning {size}-{number}")
            unit = make_department(f"Enhed {number}", parent=department)
            make_contact_person(unit, f"Person {size}-{number}")
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("network:departments"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_project_leader_adds_a_department_and_a_unit(client, leader, tree):
    client.force_login(leader)
    response = client.post(
        reverse("network:department-create"), {"name": " Kultur og Fritid ", "active": "on"}
    )
    assert response.status_code == 302
    culture = Department.objects.get(name="Kultur og Fritid")
    assert culture.parent is None and culture.active
    response = client.post(
        reverse("network:department-create"),
        {"name": "Skoler", "parent": culture.pk, "active": "on"},
    )
    assert response.status_code == 302
    # The same name under another department is another unit.
    assert Department.objects.filter(name="Skoler").count() == 2


@pytest.mark.parametrize(
    ("name", "parent"),
    [("Skoler", "children"), ("skoler", "children"), ("Teknik og Miljø", None)],
)
def test_a_duplicate_name_is_refused_at_the_name(client, leader, tree, name, parent):
    client.force_login(leader)
    before = Department.objects.count()
    data = {"name": name, "active": "on"}
    if parent:
        data["parent"] = tree[parent].pk
    response = client.post(reverse("network:department-create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"name": [DUPLICATE]}
    assert Department.objects.count() == before


def test_renaming_onto_a_sibling_is_refused(client, leader, tree):
    client.force_login(leader)
    schools = tree["schools"]
    response = client.post(
        reverse("network:department-edit", args=[schools.pk]),
        {"name": "Dagtilbud", "parent": tree["children"].pk, "active": "on"},
    )
    assert response.context["form"].errors == {"name": [DUPLICATE]}
    schools.refresh_from_db()
    assert schools.name == "Skoler"


def test_a_department_cannot_be_put_under_its_own_unit(client, leader, tree):
    client.force_login(leader)
    children = tree["children"]
    page = client.get(reverse("network:department-edit", args=[children.pk]))
    choices = {choice.pk for choice in page.context["form"].fields["parent"].queryset}
    assert children.pk not in choices and tree["schools"].pk not in choices
    response = client.post(
        reverse("network:department-edit", args=[children.pk]),
        {"name": "Børn og Familie", "parent": tree["schools"].pk, "active": "on"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["parent"]
    children.refresh_from_db()
    assert children.parent is None


def test_the_service_refuses_a_cycle_and_a_duplicate(tree):
    with pytest.raises(ValidationError) as cycle:
        department_save(department=tree["children"], name="Børn og Familie", parent=tree["schools"])
    assert list(cycle.value.error_dict) == ["parent"]
    with pytest.raises(ValidationError) as duplicate:
        department_save(name="SKOLER", parent=tree["children"])
    assert list(duplicate.value.error_dict) == ["name"]


def test_a_department_needs_a_name(client, leader):
    client.force_login(leader)
    response = client.post(reverse("network:department-create"), {"name": ""})
    assert response.context["form"].errors == {"name": ["Dette felt er påkrævet."]}
    assert not Department.objects.exists()


def test_a_department_is_closed_but_kept(client, leader, tree):
    client.force_login(leader)
    technical = tree["technical"]
    response = client.post(
        reverse("network:department-edit", args=[technical.pk]), {"name": "Teknik og Miljø"}
    )
    assert response.status_code == 302
    technical.refresh_from_db()
    assert technical.active is False


# --- Contact persons ---------------------------------------------------------------------


def _person(where, **data):
    values = {
        "department": where.pk,
        "topic": ContactPerson.Topic.BOTH,
        "name": "Jens Juhl",
        "title": "Indkøber",
        "email": "jens@haderslev.dk",
        "phone": "74 34 34 34",
    }
    values.update(data)
    return values


def test_the_project_leader_names_a_contact_person(client, leader, tree, municipal_employee):
    client.force_login(leader)
    schools = tree["schools"]
    page = client.get(reverse("network:contact-person-create", args=[schools.pk]))
    assert page.context["form"]["department"].value() == schools.pk
    response = client.post(
        reverse("network:contact-person-create", args=[schools.pk]),
        _person(schools, user=municipal_employee.pk),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#department-{schools.pk}")
    person = ContactPerson.objects.get()
    assert (person.department, person.name, person.user) == (
        schools,
        "Jens Juhl",
        municipal_employee,
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "ikke-en-adresse"}, "email", "Indtast en gyldig e-mail-adresse."),
        ({"name": ""}, "name", "Dette felt er påkrævet."),
        ({"topic": ""}, "topic", "Dette felt er påkrævet."),
        ({"department": ""}, "department", "Dette felt er påkrævet."),
    ],
)
def test_bad_input_for_a_contact_person_is_refused(client, leader, tree, data, field, message):
    client.force_login(leader)
    response = client.post(
        reverse("network:contact-person-create", args=[tree["schools"].pk]),
        _person(tree["schools"], **data),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert not ContactPerson.objects.exists()


def test_a_contact_person_is_edited_and_removed(client, leader, tree):
    person = make_contact_person(tree["schools"], "Mette Holm")
    client.force_login(leader)
    response = client.post(
        reverse("network:contact-person-edit", args=[person.pk]),
        _person(tree["daycare"], name="Mette Holm-Hansen", email="mhh@haderslev.dk"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.department, person.name) == (tree["daycare"], "Mette Holm-Hansen")
    url = reverse("network:contact-person-delete", args=[person.pk])
    assert "Mette Holm-Hansen" in client.get(url).content.decode()
    assert ContactPerson.objects.exists()  # asking removes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not ContactPerson.objects.exists()


# --- The support structure, as the municipality's staff see it ----------------------------


@pytest.fixture
def municipal_employee(db):
    from portal.models import User
    from tests.conftest import make_user

    return make_user("medarbejder", User.Role.MUNICIPAL_EMPLOYEE)


def test_municipal_staff_see_whom_to_ask(client, municipal_employee, tree):
    make_contact_person(tree["schools"], "Mette Holm", phone="74 34 34 34")
    make_contact_person(tree["technical"], "Jens Juhl")
    make_contact_person(tree["old"], "Gammel Kontakt")
    client.force_login(municipal_employee)
    response = client.get(reverse("network:contacts-for-staff"))
    assert response.status_code == 200
    # Departments with someone to ask, active ones only.
    assert names(response.context["departments"]) == ["Skoler", "Teknik og Miljø"]
    page = response.content.decode()
    assert "Mette Holm" in page and "mette@haderslev.dk" in page and "tel:74343434" in page
    assert "Gammel Kontakt" not in page


def test_nobody_named_yet(client, municipal_employee):
    client.force_login(municipal_employee)
    page = client.get(reverse("network:contacts-for-staff")).content.decode()
    assert "Der er endnu ikke udpeget kontaktpersoner." in page
