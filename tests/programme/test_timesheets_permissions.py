"""Every URL of time registration, every actor. Consultants register and change their own
time only: another's entry is 404 to them; the project leader sees everyone's entries but
changes only their own (403); the steering group and enterprise users register nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.programme.models import TimeEntry
from portal.programme.services.timesheets import time_entry_create
from tests.conftest import make_actors, make_user, once_per_module
from tests.factories.programme import build_offer_plan, days
from tests.permissions import (
    ACTORS,
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

# An entry of the consultant's own / of another consultant's.
OWN_ENTRY = expect(LOGIN, 403, 403, 200, 403, 403)
OTHERS_ENTRY = expect(LOGIN, 403, 403, 404, 403, 403)
LEADERS_ENTRY = expect(LOGIN, 403, 403, 404, 403, 200)


def build_world():
    world = make_actors()
    leader, consultant = world["leader"], world["consultant"]
    plan = build_offer_plan(leader)
    colleague = make_user("kollega", "consultant")
    activity = plan["Kortlægning"]

    def entry(user, note):
        return time_entry_create(
            user=user, activity=activity, date=days(-1), hours=Decimal("2"), note=note
        )

    return {
        **world,
        "activity": activity,
        "own": entry(consultant, "konsulentens"),
        "others": entry(colleague, "kollegaens"),
        "leaders": entry(leader, "lederens"),
    }


module_data, world = once_per_module(build_world, "world")


def entry_url(name, key):
    return lambda w: reverse(name, args=[w[key].pk])


MATRIX = matrix(
    __name__,
    [
        Row("programme:time-list", lambda w: reverse("programme:time-list"), STAFF_ONLY),
        Row("programme:time-add", lambda w: reverse("programme:time-add"), STAFF_ONLY),
        Row("programme:time-export", lambda w: reverse("programme:time-export"), STAFF_ONLY),
        Row(
            "programme:time-edit",
            entry_url("programme:time-edit", "own"),
            OWN_ENTRY,
            "edit own entry",
        ),
        Row(
            "programme:time-delete",
            entry_url("programme:time-delete", "own"),
            OWN_ENTRY,
            "delete own entry",
        ),
        Row(
            "programme:time-edit",
            entry_url("programme:time-edit", "others"),
            OTHERS_ENTRY,
            "edit another's entry",
        ),
        Row(
            "programme:time-delete",
            entry_url("programme:time-delete", "others"),
            OTHERS_ENTRY,
            "delete another's entry",
        ),
        Row(
            "programme:time-edit",
            entry_url("programme:time-edit", "leaders"),
            LEADERS_ENTRY,
            "edit the leader's entry",
        ),
        Row(
            "programme:time-edit",
            lambda w: reverse("programme:time-edit", args=[99999]),
            expect(LOGIN, 403, 403, 404, 403, 404),
            "missing entry",
        ),
    ],
)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", MATRIX, ids=row_ids(MATRIX))
def test_who_gets_what(client, world, actor, row):
    log_in_as(client, world, actor)
    check(get_row(client, world, row), row.expected[actor])


def test_every_url_of_time_registration_is_in_the_matrix():
    from portal.programme.views import timesheets

    names = {pattern.name for pattern in timesheets.urlpatterns}
    assert names == {"time-list", "time-add", "time-edit", "time-delete", "time-export"}


def _entries():
    return sorted(TimeEntry.objects.values_list("note", "hours", "user_id"))


def _edit(w, key):
    return (
        reverse("programme:time-edit", args=[w[key].pk]),
        {"date": days(-2).isoformat(), "activity": w["activity"].pk, "hours": "3", "note": "x"},
    )


POSTS = [
    (
        "register",
        lambda w: (
            reverse("programme:time-add"),
            {"date": days(-2).isoformat(), "activity": w["activity"].pk, "hours": "3"},
        ),
        expect(LOGIN, 403, 403, 302, 403, 302),
    ),
    ("edit own", lambda w: _edit(w, "own"), expect(LOGIN, 403, 403, 302, 403, 403)),
    ("edit another's", lambda w: _edit(w, "others"), expect(LOGIN, 403, 403, 404, 403, 403)),
    (
        "delete own",
        lambda w: (reverse("programme:time-delete", args=[w["own"].pk]), {}),
        expect(LOGIN, 403, 403, 302, 403, 403),
    ),
    (
        "delete another's",
        lambda w: (reverse("programme:time-delete", args=[w["others"].pk]), {}),
        expect(LOGIN, 403, 403, 404, 403, 403),
    ),
]


@pytest.mark.parametrize(
    ("post", "actor", "want"),
    [(case[1], actor, case[2][actor]) for case in POSTS for actor in ACTORS],
    ids=[f"{case[0]}-{actor}" for case in POSTS for actor in ACTORS],
)
def test_refused_posts_change_nothing(client, world, post, actor, want):
    before = _entries()
    log_in_as(client, world, actor)
    path, data = post(world)
    check(client.post(path, data), want)
    if want == 302:
        assert _entries() != before
    else:
        assert _entries() == before


def test_an_entry_is_registered_for_the_person_logged_in(client, world):
    client.force_login(world["leader"])
    client.post(
        reverse("programme:time-add"),
        {"date": days(-2).isoformat(), "activity": world["activity"].pk, "hours": "1.25"},
    )
    entry = TimeEntry.objects.get(hours=Decimal("1.25"))
    assert entry.user == world["leader"]
