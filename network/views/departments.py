"""The municipality's departments and units (offer 8.2): the table the project leader keeps
(the consultants read it), the contact persons in each department, the support structure as
the municipality's staff see it, and where the training of staff has reached."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from network.forms.departments import ContactPersonForm, DepartmentForm
from network.selectors import departments as selectors
from network.services import departments as services
from portal import refusals
from portal.access import PROJECT_LEADER, STAFF, role_required
from portal.concurrency import edit_is_current
from portal.forms import model_values
from portal.models import User

# Who sees the support structure: the municipality's staff, and the programme's.
MUNICIPAL_STAFF = (User.Role.MUNICIPAL_EMPLOYEE, *STAFF)


def _table_url(anchor=""):
    url = reverse("network:departments")
    return f"{url}#{anchor}" if anchor else url


@role_required(STAFF)
def departments(request):
    return render(
        request,
        "network/departments/department_list.html",
        {"departments": selectors.department_table(), "may_change": request.user.is_project_leader},
    )


def _department_form_page(request, form, department):
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    saved = services.department_save(department=department, **model_values(form))
                    messages.success(request, _("%(name)s was saved.") % {"name": saved})
                    return redirect(_table_url(f"department-{saved.pk}"))
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "network/departments/department_form.html",
        {"form": form, "department": department},
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def department_create(request):
    form = DepartmentForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    return _department_form_page(request, form, None)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def department_edit(request, pk):
    department = selectors.department_get_for_user(user=request.user, pk=pk, for_change=True)
    form = DepartmentForm(request.POST or None, instance=department)
    return _department_form_page(request, form, department)


def _contact_form_page(request, form, person):
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    saved = services.contact_person_save(
                        contact_person=person, **model_values(form)
                    )
                    messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
                    return redirect(_table_url(f"department-{saved.department_id}"))
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "network/departments/contact_person_form.html",
        {"form": form, "person": person},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def contact_person_create(request, pk):
    department = selectors.department_get_for_user(user=request.user, pk=pk, for_change=True)
    form = ContactPersonForm(request.POST or None, initial={"department": department})
    return _contact_form_page(request, form, None)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def contact_person_edit(request, pk):
    person = selectors.contact_person_get_for_user(user=request.user, pk=pk, for_change=True)
    form = ContactPersonForm(request.POST or None, instance=person)
    return _contact_form_page(request, form, person)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def contact_person_delete(request, pk):
    """GET asks to confirm; POST deletes."""
    person = selectors.contact_person_get_for_user(user=request.user, pk=pk, for_change=True)
    if request.method == "POST":
        services.contact_person_delete(contact_person=person)
        messages.success(request, _("%(name)s was removed.") % {"name": person.name})
        return redirect(_table_url(f"department-{person.department_id}"))
    return render(request, "network/departments/contact_person_delete.html", {"person": person})


@role_required(MUNICIPAL_STAFF)
def contacts_for_staff(request):
    return render(
        request,
        "network/departments/contacts_for_staff.html",
        {"departments": selectors.contacts_for_staff()},
    )


@role_required(STAFF)
def training_reach(request):
    return render(
        request, "network/departments/training_reach.html", {"reach": selectors.training_reach()}
    )


urlpatterns = [
    path("departments/", departments, name="departments"),
    path("departments/new/", department_create, name="department-create"),
    path("departments/<int:pk>/edit/", department_edit, name="department-edit"),
    path(
        "departments/<int:pk>/contact-persons/new/",
        contact_person_create,
        name="contact-person-create",
    ),
    path("contact-persons/<int:pk>/edit/", contact_person_edit, name="contact-person-edit"),
    path("contact-persons/<int:pk>/delete/", contact_person_delete, name="contact-person-delete"),
    path("ask/", contacts_for_staff, name="contacts-for-staff"),
    path("training/", training_reach, name="training-reach"),
]
