"""The vocabulary of the permission matrices: the actors, what each should get, and the check.

The actors are the fixtures of tests/conftest.py; a test's ``world`` maps their names to users.
"""

import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from django.urls import resolve, reverse

ACTORS = ["anonymous", "alice", "bob", "consultant", "steering", "leader"]
# An expected answer: a redirect to the login page.
LOGIN = "login"


def expect(anonymous, alice, bob, consultant, steering, leader):
    """Expected answers per actor, in ACTORS order."""
    return dict(zip(ACTORS, (anonymous, alice, bob, consultant, steering, leader), strict=True))


EVERYONE = dict.fromkeys(ACTORS, 200)
STAFF_ONLY = expect(LOGIN, 403, 403, 200, 403, 200)
# A POST that staff may make: it answers with a redirect.
STAFF_POST = expect(LOGIN, 403, 403, 302, 403, 302)
LEADER_ONLY = expect(LOGIN, 403, 403, 403, 403, 200)
LOGGED_IN = expect(LOGIN, 200, 200, 200, 200, 200)
# A POST-only URL fetched with GET: refused by role first, then by method (405).
LEADER_POST_ONLY = expect(LOGIN, 403, 403, 403, 403, 405)
STAFF_POST_ONLY = expect(LOGIN, 403, 403, 405, 403, 405)


def log_in_as(client, world, actor):
    """Log the client in as ``world[actor]``; the anonymous actor stays logged out."""
    if actor != "anonymous":
        client.force_login(world[actor])


def get_row(client, world, row):
    """GET the row's URL, after making sure it is the URL the row names: a row cannot cover
    one URL name while it requests another."""
    url = row.url(world)
    assert resolve(urlsplit(url).path).view_name == row.name, (row.id, url)
    return client.get(url)


def check(response, want):
    """The response is ``want``: a status code, or LOGIN for a redirect to the login page."""
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == want


# --- The matrices: one row per URL and case, each naming its URL as the resolver does ------


class Row(NamedTuple):
    """One row of a permission matrix: the URL's name as the resolver knows it
    ("mapping:case-list"), how to make the URL from the module's world, what each actor gets
    (a dict by ACTORS), and, where one URL has several rows, what sets this one apart."""

    name: str
    url: Callable[[dict], str]
    expected: dict
    variant: str = ""

    @property
    def id(self):
        return f"{self.name} ({self.variant})" if self.variant else self.name


def url(name, *args, query=""):
    """world -> the URL named `name`: each of `args` a key of the world whose object's pk is
    the argument, or a value used as it is (99999 for an object nobody has); `query` appended."""

    def make(world):
        values = [world[arg].pk if isinstance(arg, str) else arg for arg in args]
        return reverse(name, args=values) + query

    return make


# Every matrix registered so far, by the module that holds it.
_REGISTERS = re.compile(r"\bmatrix\(\s*__name__")
_MATRICES = {}


def matrix(module, rows):
    """Register `rows` as the permission matrix of `module` (its __name__), for the test
    that finds every URL of the portal in some matrix; the rows, as a list."""
    rows = list(rows)
    bad = [row for row in rows if not isinstance(row, Row)]
    assert not bad, f"{module}: rows that are no Row: {bad}"
    _MATRICES[module] = rows
    return rows


def row_ids(rows):
    return [row.id for row in rows]


def covered_url_names():
    """The URL names of every registered matrix. The test modules that register one (found by
    their text, so that a run of a single module still sees them all) are imported first."""
    tests = Path(__file__).resolve().parent
    for path in sorted(tests.rglob("test_*.py")):
        if _REGISTERS.search(path.read_text(encoding="utf-8")):
            importlib.import_module(".".join(path.relative_to(tests.parent).with_suffix("").parts))
    return {row.name for rows in _MATRICES.values() for row in rows}
