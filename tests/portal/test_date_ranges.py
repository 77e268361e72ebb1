"""Every date the portal keeps has a range that fits what it means, on the model, so a form,
an import and the admin refuse year 1 and year 9999 alike, with a message at the field
(issue 10, item 3)."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from mapping.models import Meeting, Organisation
from portal.programme.models import SteeringMeeting
from portal.validators import FIRST_DAY, LAST_DAY, DateRangeValidator, day_text
from strategy.models import Strategy
from tests.mapping.form_data import meeting_data as mapping_meeting_data
from tests.mapping.import_steps import commit, csv_file, errors_of, start_import
from tests.programme.form_data import meeting_data as steering_meeting_data

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# The models whose dates the issue names: the mapping, the programme and steering group,
# the strategy. Historical copies (simple_history) follow their model.
MODULES = (
    "mapping.models.",
    "portal.programme.models.",
    "strategy.models.",
)


def dated_fields():
    for model in apps.get_models():
        if not model.__module__.startswith(MODULES):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField):  # DateTimeField is one too
                yield pytest.param(model, field, id=f"{model.__name__}.{field.name}")


def bad_values(field):
    if isinstance(field, models.DateTimeField):
        return (dt.datetime(1, 1, 1, 12, tzinfo=UTC), dt.datetime(9999, 12, 31, 12, tzinfo=UTC))
    return (dt.date(1, 1, 1), dt.date(9999, 12, 31))


def range_message():
    with translation.override("da"):
        return str(
            DateRangeValidator.range_message
            % {"first": day_text(FIRST_DAY), "last": day_text(LAST_DAY)}
        )


def field_errors(instance, name):
    """The messages full_clean gives for field `name`, in Danish, the other fields aside."""
    others = [f.name for f in instance._meta.fields if f.name != name]
    with translation.override("da"):
        try:
            instance.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            return [str(message) for message in error.message_dict.get(name, [])]
    return []


def test_the_fields_are_found():
    found = {param.id for param in dated_fields()}
    assert {"Meeting.starts_at", "SteeringMeeting.ends_at", "Action.starts_on"} <= found
    assert len(found) > 40


@pytest.mark.parametrize(("model", "field"), list(dated_fields()))
def test_every_date_field_refuses_year_1_and_9999(model, field):
    for value in bad_values(field):
        instance = model(**{field.attname: value})
        assert field_errors(instance, field.name) == [range_message()], value


@pytest.mark.parametrize(("model", "field"), list(dated_fields()))
def test_every_date_field_accepts_a_date_of_the_programme(model, field):
    day = timezone.localdate() - dt.timedelta(days=1)
    value = dt.datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    instance = model(**{field.attname: value if isinstance(field, models.DateTimeField) else day})
    assert field_errors(instance, field.name) == []


def test_the_range_is_counted_in_danish_days():
    """Midnight in Denmark on the first day is still 31 December in UTC: it is accepted."""
    first_moment = dt.datetime(1999, 12, 31, 23, 30, tzinfo=UTC)
    assert field_errors(Meeting(starts_at=first_moment), "starts_at") == []
    too_early = dt.datetime(1999, 12, 31, 22, 30, tzinfo=UTC)
    assert field_errors(Meeting(starts_at=too_early), "starts_at") == [range_message()]


@pytest.mark.parametrize(
    ("model", "name", "message"),
    [
        ("mapping.Organisation", "rsv_checked_on", "The date cannot be in the future."),
        ("mapping.Contact", "last_contacted_on", "The date cannot be in the future."),
        ("mapping.Interaction", "date", "An interaction cannot be in the future."),
        ("programme.TimeEntry", "date", "Time cannot be registered in the future."),
        ("strategy.ProgressUpdate", "date", "The date cannot be in the future."),
        (
            "strategy.CouncilDecision",
            "decided_on",
            "The date of the decision cannot be in the future.",
        ),
    ],
)
def test_the_days_that_already_happened_are_not_in_the_future(model, name, message):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    instance = apps.get_model(model)(**{name: tomorrow})
    with translation.override("da"):
        expected = translation.gettext(message)
    assert field_errors(instance, name) == [expected]
    instance = apps.get_model(model)(**{name: timezone.localdate()})
    assert field_errors(instance, name) == []


@pytest.mark.parametrize(
    ("year", "msgid"),
    [
        (1, "Enter a year from %(first)s to %(last)s."),
        (1799, "Enter a year from %(first)s to %(last)s."),
        (9999, "The founding year cannot be in the future."),
    ],
)
def test_the_founding_year_lies_from_1800_to_this_year(year, msgid):
    this_year = timezone.localdate().year
    with translation.override("da"):
        expected = translation.gettext(msgid) % {"first": 1800, "last": this_year}
    assert field_errors(Organisation(founded_year=year), "founded_year") == [expected]
    for good in (1800, this_year):
        assert field_errors(Organisation(founded_year=good), "founded_year") == []


# --- Through a form of each app, and the import ---------------------------------------------


def form_errors(response, field):
    assert response.status_code == 200
    return [str(error) for error in response.context["form"].errors.get(field, [])]


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_the_mapping_meeting_form_refuses_the_year(client, consultant, year):
    client.force_login(consultant)
    data = mapping_meeting_data(starts_at=f"{year}-01-01T10:00", ends_at=f"{year}-01-01T12:00")
    response = client.post(reverse("mapping:meeting-create"), data)
    assert form_errors(response, "starts_at") == [range_message()]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_the_steering_meeting_form_refuses_the_year(client, leader, year):
    client.force_login(leader)
    data = steering_meeting_data(starts_at=f"{year}-06-01T10:00", ends_at=f"{year}-06-01T12:00")
    response = client.post(reverse("programme:meeting-create"), data)
    assert form_errors(response, "starts_at") == [range_message()]
    assert form_errors(response, "ends_at") == [range_message()]
    assert not SteeringMeeting.objects.exists()


@pytest.mark.parametrize(("field", "day"), [("starts_on", "0001-01-01"), ("ends_on", "9999-12-31")])
def test_the_strategy_form_refuses_the_year(client, consultant, field, day):
    client.force_login(consultant)
    data = {
        "title": "Ny strategi",
        "vision": "",
        "starts_on": "2027-01-01",
        "ends_on": "2029-12-31",
    }
    response = client.post(reverse("strategy:strategy-create"), {**data, field: day})
    assert form_errors(response, field) == [range_message()]
    assert not Strategy.objects.exists()


def test_the_import_refuses_the_dates_and_years_no_one_means(client, leader, settings):
    settings.LANGUAGE_CODE = "da"
    client.force_login(leader)
    data = csv_file(
        [
            ["Navn", "Sektor", "Type", "Stiftet", "RSV kontrolleret"],
            ["Gammel Forening", "civil", "association", "1", "01.01.2020"],
            ["Fremtidig Forening", "civil", "association", "2019", "31.12.9999"],
            ["God Forening", "civil", "association", "2019", "01.03.2024"],
        ]
    )
    batch, preview = start_import(client, data)
    with translation.override("da"):
        too_early = translation.gettext("Enter a year from %(first)s to %(last)s.") % {
            "first": 1800,
            "last": timezone.localdate().year,
        }
    assert [message for _column, message in errors_of(preview, 2)] == [too_early]
    assert [message for _column, message in errors_of(preview, 3)] == [range_message()]
    assert errors_of(preview, 4) == []
    commit(client, batch, preview)
    assert list(Organisation.objects.values_list("name", flat=True)) in ([], ["God Forening"])
    assert not Organisation.objects.filter(name__in=["Gammel Forening", "Fremtidig Forening"])
