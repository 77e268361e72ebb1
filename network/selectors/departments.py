"""Reads about the municipality's departments and units: the table the staff keep, the
contact persons shown to the municipality's staff, and where training has reached."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Coalesce, Collate

from network.models import ContactPerson, Department, Event, SignUp
from portal.access import get_for_user, staff_only
from portal.collation import COLLATION, sort_key


def department_get_for_user(*, user, pk, for_change=False):
    """A department, for the programme's staff; only the project leader changes one."""
    return get_for_user(
        staff_only(Department.objects.select_related("parent"), user),
        pk=pk,
        for_change=for_change,
        may_change=lambda department: user.is_project_leader,
    )


def contact_person_get_for_user(*, user, pk, for_change=False):
    """A department's contact person, for the programme's staff; only the project leader
    changes one."""
    return get_for_user(
        staff_only(ContactPerson.objects.select_related("department__parent"), user),
        pk=pk,
        for_change=for_change,
        may_change=lambda person: user.is_project_leader,
    )


def in_tree_order(departments):
    """`departments` with each unit right after the department it is part of, Danish
    alphabetical order at each level; each gets `depth` (0 for a department). A unit whose
    department is not among them is shown as a department."""
    departments = list(departments)
    present = {department.pk for department in departments}
    children = {}
    for department in departments:
        parent = department.parent_id if department.parent_id in present else None
        children.setdefault(parent, []).append(department)
    ordered = []

    def visit(parent, depth):
        for department in sorted(children.get(parent, []), key=lambda d: sort_key(d.name)):
            department.depth = depth
            ordered.append(department)
            visit(department.pk, depth + 1)

    visit(None, 0)
    return ordered


def department_choices(*, active_only=True, include=None):
    """Departments and units for a picker (the active ones, and `include`'s pk, a current
    choice), each unit after its department."""
    departments = Department.objects.all()
    if active_only:
        departments = departments.filter(Q(active=True) | Q(pk=include))
    return departments.select_related("parent").order_by(
        Collate(Coalesce("parent__name", "name"), COLLATION),
        F("parent").asc(nulls_first=True),
        Collate("name", COLLATION),
    )


def department_table():
    """Every department and unit, active or not, with its contact persons: two queries."""
    contacts = ContactPerson.objects.order_by("name", "pk")
    departments = Department.objects.select_related("parent").prefetch_related(
        Prefetch("contact_persons", queryset=contacts)
    )
    return in_tree_order(departments)


def contacts_for_staff():
    """The support structure as the municipality's staff see it: the active departments
    that have contact persons, each with them (two queries)."""
    contacts = ContactPerson.objects.order_by("name", "pk")
    departments = (
        Department.objects.filter(active=True, contact_persons__isnull=False)
        .distinct()
        .select_related("parent")
        .prefetch_related(Prefetch("contact_persons", queryset=contacts))
    )
    return in_tree_order(departments)


# Who counts as signed up for a training: everyone still expecting to come, or who came.
SIGNED_UP = SignUp.ACTIVE


@dataclass
class TrainingReach:
    departments: list
    events: int
    signed_up: int
    attended: int
    without_department: int

    @property
    def not_reached(self):
        """The active departments and units nobody from has attended a training yet."""
        return [d for d in self.departments if d.active and not d.attended]


def _training(prefix=""):
    return Q(
        **{
            f"{prefix}event__kind": Event.Kind.TRAINING,
            f"{prefix}state__in": SIGNED_UP,
        }
    ) & ~Q(**{f"{prefix}event__state": Event.State.CANCELLED})


def training_reach():
    """Per department, how many signed up for and attended the training events (cancelled
    events left out): three queries, however many departments and sign-ups."""
    attended = Q(signups__state=SignUp.State.ATTENDED)
    departments = Department.objects.select_related("parent").annotate(
        signed_up=Count("signups", filter=_training("signups__")),
        attended=Count("signups", filter=_training("signups__") & attended),
        events=Count("signups__event", filter=_training("signups__"), distinct=True),
        events_attended=Count(
            "signups__event", filter=_training("signups__") & attended, distinct=True
        ),
    )
    totals = SignUp.objects.filter(_training()).aggregate(
        signed_up=Count("pk"),
        attended=Count("pk", filter=Q(state=SignUp.State.ATTENDED)),
        without_department=Count("pk", filter=Q(department__isnull=True)),
    )
    events = (
        Event.objects.filter(kind=Event.Kind.TRAINING)
        .exclude(state__in=(Event.State.CANCELLED, Event.State.DRAFT))
        .count()
    )
    return TrainingReach(departments=in_tree_order(departments), events=events, **totals)


def department_name_taken(*, name, parent, department=None):
    """Whether another department or unit with `name` (in any case) is part of `parent` (or,
    without one, is a department of its own)."""
    others = Department.objects.filter(parent=parent, name__iexact=(name or "").strip())
    if department is not None and department.pk is not None:
        others = others.exclude(pk=department.pk)
    return others.exists()


def descendants_of(department):
    """The pks of `department` and every unit under it, at any depth (one query)."""
    children = {}
    for pk, parent in Department.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [department.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found
