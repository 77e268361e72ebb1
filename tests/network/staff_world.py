"""Shared builders of the network's staff-page tests (participants, departments, training
reach, dashboard): the eight kinds of actor, events and sign-ups made directly."""

import datetime as dt

from django.utils import timezone

from network.models import ContactPerson, Department, Event, SignUp
from portal.models import User
from tests.conftest import make_actors, make_user
from tests.permissions import LOGIN

# Every kind of person, by role: the matrices of these pages have a column for each.
ACTORS = [
    "anonymous",
    "enterprise",
    "company",
    "municipal_employee",
    "mentor",
    "steering_group",
    "consultant",
    "project_leader",
]


def make_all_actors():
    """The conftest's actors under their role's name, plus a company user, a municipal
    employee and a mentor."""
    world = make_actors()
    return {
        **world,
        "enterprise": world["alice"],
        "steering_group": world["steering"],
        "consultant": world["consultant"],
        "project_leader": world["leader"],
        "company": make_user("firma", User.Role.COMPANY),
        "municipal_employee": make_user(
            "medarbejder", User.Role.MUNICIPAL_EMPLOYEE, email="medarbejder@haderslev.dk"
        ),
        "mentor": make_user("mentor", User.Role.MENTOR),
    }


def expect(default=403, **answers):
    """Expected answers per actor: LOGIN for the anonymous, `default` for the rest unless
    named in `answers`."""
    want = dict.fromkeys(ACTORS, default)
    want["anonymous"] = LOGIN
    want.update(answers)
    return want


STAFF_ONLY = expect(consultant=200, project_leader=200)
STAFF_404 = expect(consultant=404, project_leader=404)
STAFF_POST_ONLY = expect(consultant=405, project_leader=405)
LEADER_ONLY = expect(project_leader=200)
LEADER_CHANGES = expect(consultant=403, project_leader=200)


def in_days(days, hour=10):
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_event(**fields):
    values = {
        "title": "Netværksmøde i Vojens",
        "description": "Vi mødes og deler erfaringer.",
        "kind": Event.Kind.NETWORK,
        "audience": Event.Audience.PUBLIC,
        "place": "Vojens Bibliotek",
        "starts_at": in_days(7),
        "ends_at": in_days(7, hour=12),
        "capacity": 3,
        "state": Event.State.PUBLISHED,
    }
    values.update(fields)
    return Event.objects.create(**values)


def add_signup(event, name, state=SignUp.State.CONFIRMED, **fields):
    """A sign-up in `state`, made directly (the state machine is tested on its own)."""
    email = fields.pop("email", f"{name.split()[0].lower()}@example.dk")
    values = {"name": name, "email": email, "state": state, "organisation_name": "Café Kvist"}
    if state == SignUp.State.WAITING and "position" not in fields:
        values["position"] = event.signups.count() + 1
    if state == SignUp.State.OFFERED and "offer_expires_at" not in fields:
        values["offer_expires_at"] = timezone.now() + dt.timedelta(hours=48)
    values.update(fields)
    return SignUp.objects.create(event=event, **values)


def make_department(name, parent=None, **fields):
    return Department.objects.create(name=name, parent=parent, **fields)


def make_contact_person(department, name="Mette Holm", **fields):
    values = {
        "email": f"{name.split()[0].lower()}@haderslev.dk",
        "topic": ContactPerson.Topic.BUYING,
        "title": "Indkøbskonsulent",
    }
    values.update(fields)
    return ContactPerson.objects.create(department=department, name=name, **values)


def record_notices(monkeypatch):
    """The sign-up state machine's e-mails (its own tests check them), recorded instead of
    sent: a list of (template, address) in the order they went."""
    notices = []

    def notify(signup, template, **kwargs):
        notices.append((template, signup.email))

    monkeypatch.setattr("network.services.signups.notify", notify)
    return notices
