"""Time registration: good input saved; every kind of bad input refused with a clear message
next to the field that caused it and nothing saved; one's own entries only."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from portal.programme.models import TimeEntry
from portal.programme.services import timesheets as services
from tests.factories.programme import build_offer_plan, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(leader):
    return build_offer_plan(leader)


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def entry_data(activity, **changes):
    data = {
        "date": days(-1).isoformat(),
        "activity": activity.pk,
        "hours": "7.5",
        "note": "Interview",
    }
    return {**data, **changes}


def field_error(html, field):
    """The message crispy shows under `field`, or None."""
    found = re.search(rf'<[^>]+id="error_1_id_{field}"[^>]*>(.*?)</', html, re.S)
    return found.group(1) if found else None


def test_it_registers_time_for_the_consultant(client, plan, consultant):
    client.force_login(consultant)
    response = client.post(reverse("programme:time-add"), entry_data(plan["Kortlægning"]))
    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert (entry.user, entry.activity, entry.hours, entry.date) == (
        consultant,
        plan["Kortlægning"],
        Decimal("7.5"),
        days(-1),
    )
    assert entry.cost == Decimal("6187.50")


def test_it_ignores_a_user_field_smuggled_into_the_form(client, plan, consultant, leader):
    client.force_login(consultant)
    client.post(
        reverse("programme:time-add"), {**entry_data(plan["Kortlægning"]), "user": leader.pk}
    )
    assert TimeEntry.objects.get().user == consultant


BAD_INPUT = [
    ("zero hours", {"hours": "0"}, "hours", "Hours must be more than 0."),
    ("negative hours", {"hours": "-3"}, "hours", "Hours cannot be negative."),
    ("absurd hours", {"hours": "17"}, "hours", "No more than 16 hours in one entry"),
    ("a thousand hours", {"hours": "1000"}, "hours", "No more than 16 hours in one entry"),
    ("under a quarter", {"hours": "0.1"}, "hours", "at least a quarter of an hour"),
    ("not a number", {"hours": "lots"}, "hours", "Write the hours as a number"),
    ("no date", {"date": ""}, "date", "Give the day the time was spent."),
    ("a future date", {"date": days(1).isoformat()}, "date", "cannot be registered in the future"),
    ("before the phase", {"date": days(-200).isoformat()}, "date", "The date must lie within"),
]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_it_refuses_bad_input_with_the_message_next_to_the_field(
    english, plan, consultant, changes, field, message
):
    english.force_login(consultant)
    response = english.post(
        reverse("programme:time-add"), entry_data(plan["Kortlægning"], **changes)
    )
    assert response.status_code == 200
    error = field_error(response.content.decode(), field)
    assert error is not None
    assert message in error
    assert not TimeEntry.objects.exists()


def test_it_refuses_an_activity_of_a_phase_that_is_not_contracted(english, plan, consultant):
    english.force_login(consultant)
    response = english.post(reverse("programme:time-add"), entry_data(plan["Aktivitet 0"]))
    error = field_error(response.content.decode(), "activity")
    assert "is not contracted; no time can be registered on it" in error
    assert not TimeEntry.objects.exists()


def test_it_refuses_more_than_16_hours_on_one_day(english, plan, consultant):
    activity = plan["Kortlægning"]
    for hours in ("6", "6"):
        services.time_entry_create(
            user=consultant, activity=activity, date=days(-1), hours=Decimal(hours)
        )
    english.force_login(consultant)
    response = english.post(reverse("programme:time-add"), entry_data(activity, hours="4.25"))
    error = field_error(response.content.decode(), "hours")
    assert "No more than 16 hours can be registered on one day" in error
    assert "12 are already registered" in error
    assert "at most 4 more" in error
    assert TimeEntry.objects.count() == 2
    # exactly 16 is a full day, and allowed
    response = english.post(reverse("programme:time-add"), entry_data(activity, hours="4"))
    assert response.status_code == 302
    assert TimeEntry.objects.count() == 3


def test_the_16_hour_day_holds_when_an_entry_is_changed(english, plan, consultant):
    activity = plan["Kortlægning"]
    services.time_entry_create(user=consultant, activity=activity, date=days(-1), hours=Decimal(10))
    entry = services.time_entry_create(
        user=consultant, activity=activity, date=days(-1), hours=Decimal(2)
    )
    english.force_login(consultant)
    response = english.post(
        reverse("programme:time-edit", args=[entry.pk]), entry_data(activity, hours="7")
    )
    error = field_error(response.content.decode(), "hours")
    assert "10 are already registered" in error
    assert "at most 6 more" in error
    entry.refresh_from_db()
    assert entry.hours == Decimal(2)


def test_the_service_keeps_the_16_hour_day_too(plan, consultant):
    activity = plan["Kortlægning"]
    services.time_entry_create(user=consultant, activity=activity, date=days(-2), hours=Decimal(9))
    with pytest.raises(ValidationError) as refused:
        services.time_entry_create(
            user=consultant, activity=activity, date=days(-2), hours=Decimal(8)
        )
    assert "hours" in refused.value.error_dict
    assert TimeEntry.objects.count() == 1


def test_it_counts_only_the_persons_own_hours_on_a_day(plan, consultant, leader):
    activity = plan["Kortlægning"]
    services.time_entry_create(user=leader, activity=activity, date=days(-1), hours=Decimal(16))
    services.time_entry_create(user=consultant, activity=activity, date=days(-1), hours=Decimal(16))
    assert TimeEntry.objects.count() == 2


def test_it_lets_the_consultant_change_their_own_entry(client, plan, consultant):
    entry = services.time_entry_create(
        user=consultant, activity=plan["Kortlægning"], date=days(-3), hours=Decimal("16")
    )
    client.force_login(consultant)
    response = client.post(
        reverse("programme:time-edit", args=[entry.pk]),
        entry_data(plan["Opsamling"], date=days(-3).isoformat(), hours="12"),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.activity, entry.hours) == (plan["Opsamling"], Decimal("12"))


def test_a_bad_change_leaves_the_entry_as_it_was(english, plan, consultant):
    entry = services.time_entry_create(
        user=consultant, activity=plan["Kortlægning"], date=days(-3), hours=Decimal("5")
    )
    english.force_login(consultant)
    response = english.post(
        reverse("programme:time-edit", args=[entry.pk]),
        entry_data(plan["Kortlægning"], hours="-1"),
    )
    assert "Hours cannot be negative." in field_error(response.content.decode(), "hours")
    entry.refresh_from_db()
    assert entry.hours == Decimal("5")


def test_it_removes_an_own_entry(client, plan, consultant):
    entry = services.time_entry_create(
        user=consultant, activity=plan["Kortlægning"], date=days(-3), hours=Decimal("5")
    )
    client.force_login(consultant)
    assert client.get(reverse("programme:time-delete", args=[entry.pk])).status_code == 200
    assert TimeEntry.objects.exists()
    client.post(reverse("programme:time-delete", args=[entry.pk]))
    assert not TimeEntry.objects.exists()


def test_a_consultant_sees_only_their_own_time(client, plan, consultant, make_colleague):
    colleague = make_colleague
    services.time_entry_create(
        user=consultant, activity=plan["Kortlægning"], date=days(-3), hours=Decimal("5"), note="Min"
    )
    services.time_entry_create(
        user=colleague, activity=plan["Kortlægning"], date=days(-3), hours=Decimal("6"), note="Din"
    )
    client.force_login(consultant)
    response = client.get(reverse("programme:time-list"), {"person": colleague.pk})
    assert [entry.note for entry in response.context["entries"]] == ["Min"]


def test_the_project_leader_sees_everyones_time_and_filters_by_person(
    client, plan, consultant, leader, make_colleague
):
    colleague = make_colleague
    for user, note in ((consultant, "Min"), (colleague, "Din")):
        services.time_entry_create(
            user=user, activity=plan["Kortlægning"], date=days(-3), hours=Decimal("5"), note=note
        )
    client.force_login(leader)
    response = client.get(reverse("programme:time-list"))
    assert sorted(entry.note for entry in response.context["entries"]) == ["Din", "Min"]
    assert response.context["total"] == Decimal("10")
    response = client.get(reverse("programme:time-list"), {"person": colleague.pk})
    assert [entry.note for entry in response.context["entries"]] == ["Din"]
    html = response.content.decode()
    assert reverse("programme:time-edit", args=[response.context["entries"][0].pk]) not in html


@pytest.fixture
def make_colleague(db):
    from tests.conftest import make_user

    return make_user("kollega", "consultant")


def test_the_day_limit_message_is_clear_in_english(plan, consultant):
    activity = plan["Kortlægning"]
    services.time_entry_create(user=consultant, activity=activity, date=days(-1), hours=Decimal(10))
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.check_day_total(
                user=consultant, date=days(-1), hours=Decimal("8.5"), exclude=None
            )
        text = " ".join(refused.value.message_dict["hours"])
    assert "10 are already registered on" in text
    assert days(-1).strftime("%d/%m/%Y") in text  # the British date of the English pages
    assert "at most 6 more" in text


def test_a_full_day_is_called_full(plan, consultant):
    activity = plan["Kortlægning"]
    services.time_entry_create(user=consultant, activity=activity, date=days(-1), hours=Decimal(16))
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            services.check_day_total(user=consultant, date=days(-1), hours=Decimal("0.25"))
        text = " ".join(refused.value.message_dict["hours"])
    assert text == (
        "No more than 16 hours can be registered on one day, and 16 are already registered on "
        f"{days(-1).strftime('%d/%m/%Y')}."
    )
