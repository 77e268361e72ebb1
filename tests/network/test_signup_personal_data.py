"""A person's sign-ups in their export, and erased as the retention job erases them."""

import pytest

from network.models import CalendarKey, SignUp
from network.personal_data import NetworkProvider
from portal.personal_data import PersonMatcher
from portal.privacy import Person
from tests.network.signup_helpers import make_event, sign_up

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_persons_sign_ups_and_erasure_keeps_the_counts(consultant, alice):
    event = make_event(capacity=1)
    mine = sign_up(event, 1, by=consultant)
    other = sign_up(event, 2, by=consultant)
    SignUp.objects.filter(pk=other.pk).update(user=alice)
    CalendarKey.objects.create(email="p1@example.dk")
    person = Person(matcher=PersonMatcher(names=["Person 1"], emails=["p1@example.dk"]))
    sections = {s.key: s for s in NetworkProvider().export(person)}
    [row] = sections["network_signups"].rows
    assert row["email"] == "p1@example.dk"
    assert sections["network_signups"].retention
    assert len(sections["network_calendar_keys"].rows) == 1

    NetworkProvider().erase(person, by=consultant, marker="[slettet]")
    mine.refresh_from_db()
    assert (mine.name, mine.email, mine.user, mine.state) == ("", "", None, "confirmed")
    assert mine.erased_at is not None
    assert not CalendarKey.objects.exists()
    other.refresh_from_db()
    assert other.email == "p2@example.dk"
    # By account too.
    NetworkProvider().erase(Person(users=(alice,)), by=consultant, marker="x")
    other.refresh_from_db()
    assert other.erased_at is not None
