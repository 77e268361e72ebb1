"""Keeping the table of the municipality's departments and units, and their contact persons
(offer 8.2). The project leader's work."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.models import ContactPerson, Department
from network.selectors.departments import department_name_taken, descendants_of

DUPLICATE_NAME = "duplicate_name"


def department_save(*, department=None, name, parent=None, active=True):
    """Create a department (or a unit of `parent`), or change `department`. Its name is
    unique within what it is part of, and it cannot be part of itself or of its own units."""
    department = department or Department()
    with transaction.atomic():
        if (
            parent is not None
            and department.pk is not None
            and parent.pk in descendants_of(department)
        ):
            raise ValidationError(
                {"parent": _("A department cannot be part of itself or of one of its units.")},
                code="cycle",
            )
        if department_name_taken(name=name, parent=parent, department=department):
            raise ValidationError(
                {"name": _("There is already a department with this name here.")},
                code=DUPLICATE_NAME,
            )
        department.name = name.strip()
        department.parent = parent
        department.active = active
        department.full_clean()
        department.save()
    return department


def contact_person_save(
    *,
    contact_person=None,
    department,
    name,
    email,
    topic,
    title="",
    phone="",
    user=None,
):
    """Create or change a department's contact person."""
    person = contact_person or ContactPerson()
    person.department = department
    person.user = user
    person.name = name
    person.title = title
    person.email = email
    person.phone = phone
    person.topic = topic
    person.full_clean()
    person.save()
    return person


def contact_person_delete(*, contact_person):
    contact_person.delete()
