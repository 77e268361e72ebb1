"""The network's members, themes, mailings and the events they point at, and the phase-two
actors (company user, municipal employee, mentor) for the network's permission matrices."""

import datetime as dt

from django.utils import timezone

from network.models import Event, Mailing, Membership, MembershipChange, Theme
from portal.models import User
from tests.conftest import make_actors, make_user

# The actors of the network's permission matrices: the portal's named ones (alice, with an
# approved organisation that is a member; bob, whose organisation is still pending) and the
# phase-two roles.
ACTORS = [
    "anonymous",
    "alice",
    "bob",
    "company",
    "municipal",
    "mentor",
    "steering",
    "consultant",
    "leader",
]
LOGIN = "login"


def expect(anonymous, alice, bob, company, municipal, mentor, steering, consultant, leader):
    return dict(
        zip(
            ACTORS,
            (anonymous, alice, bob, company, municipal, mentor, steering, consultant, leader),
            strict=True,
        )
    )


EVERYONE = dict.fromkeys(ACTORS, 200)
STAFF_ONLY = expect(LOGIN, 403, 403, 403, 403, 403, 403, 200, 200)
LEADER_ONLY = expect(LOGIN, 403, 403, 403, 403, 403, 403, 403, 200)
LEADER_POST_ONLY = expect(LOGIN, 403, 403, 403, 403, 403, 403, 403, 405)


def make_network_actors():
    """make_actors() plus a company user, a municipal employee and a mentor."""
    world = make_actors()
    world["company"] = make_user("firma", User.Role.COMPANY)
    world["municipal"] = make_user("kommune", User.Role.MUNICIPAL_EMPLOYEE)
    world["mentor"] = make_user("mentor", User.Role.MENTOR)
    return world


def make_theme(name="Indkøb", **fields):
    return Theme.objects.create(name=name, **fields)


def make_membership(organisation, *, status=Membership.Status.ACTIVE, themes=(), by=None):
    """A membership in `status` (active by default, joined a month ago), with its history."""
    now = timezone.now()
    membership = Membership.objects.create(
        organisation=organisation,
        status=status,
        motivation="Vi vil gerne være med.",
        applied_by=by,
        applied_at=now - dt.timedelta(days=40),
        joined_on=(now - dt.timedelta(days=30)).date()
        if status in (Membership.Status.ACTIVE, Membership.Status.PAUSED)
        else None,
    )
    membership.themes.set(themes)
    MembershipChange.objects.create(
        membership=membership, status_before="", status=Membership.Status.APPLIED, changed_by=by
    )
    if status != Membership.Status.APPLIED:
        MembershipChange.objects.create(
            membership=membership, status_before=Membership.Status.APPLIED, status=status
        )
    return membership


def make_event(title="Netværksmøde", *, days=10, **fields):
    """A published network meeting `days` from now, two hours long, open to everyone."""
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    values = {
        "description": "Vi mødes.",
        "kind": Event.Kind.NETWORK,
        "audience": Event.Audience.PUBLIC,
        "place": "Haderslev Bibliotek",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "capacity": 20,
        "state": Event.State.PUBLISHED,
        **fields,
    }
    return Event.objects.create(title=title, **values)


def make_mailing(by=None, **fields):
    values = {
        "subject": "Nyt fra netværket",
        "body": "Kære alle\n\nLæs mere på https://example.dk/nyt",
        "is_marketing": False,
        "created_by": by,
        **fields,
    }
    return Mailing.objects.create(**values)
