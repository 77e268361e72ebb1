"""The vocabulary of the permission matrices: the actors, what each should get, and the check.

The actors are the fixtures of tests/conftest.py; a test's ``world`` maps their names to users.
"""

from django.urls import reverse

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


def log_in_as(client, world, actor):
    """Log the client in as ``world[actor]``; the anonymous actor stays logged out."""
    if actor != "anonymous":
        client.force_login(world[actor])


def check(response, want):
    """The response is ``want``: a status code, or LOGIN for a redirect to the login page."""
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == want
