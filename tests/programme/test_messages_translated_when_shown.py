"""Messages about hours are translated when they are shown, in the reader's language, not
frozen in the language that was active when the code was imported; and the limit in them
comes from MAX_HOURS_PER_ENTRY."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.programme.forms.timesheets import TimeEntryForm
from portal.programme.models import TimeEntry
from portal.programme.models.plan import MAX_HOURS_PER_ENTRY

pytestmark = pytest.mark.django_db

LIMIT = str(MAX_HOURS_PER_ENTRY)


def hours_errors(language):
    entry = TimeEntry(hours=MAX_HOURS_PER_ENTRY + 1)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        entry.full_clean(exclude=["user", "activity", "date"])
    with translation.override(language):
        return refused.value.message_dict["hours"]


def test_the_models_hours_limit_is_in_the_readers_language():
    assert hours_errors("en") == [f"No more than {LIMIT} hours in one registration."]
    assert hours_errors("da") == [f"Højst {LIMIT} timer i én registrering."]


def test_the_hours_field_help_text_is_in_the_readers_language(consultant):
    with translation.override("en"):
        english = str(TimeEntryForm(user=consultant).fields["hours"].help_text)
    with translation.override("da"):
        danish = str(TimeEntryForm(user=consultant).fields["hours"].help_text)
    # The limit of a day, across all of a person's registrations (issue 11).
    assert english == (
        f"In hours and quarters of an hour. At most {LIMIT} on one day, all registrations together."
    )
    assert danish == (
        f"I timer og kvarte timer. Højst {LIMIT} på én dag, alle registreringer tilsammen."
    )


def test_the_database_constraints_message_names_the_limit_from_the_constant():
    [constraint] = [
        c for c in TimeEntry._meta.constraints if c.name == "portal_time_entry_hours_in_range"
    ]
    with translation.override("en"):
        message = constraint.get_violation_error_message()
    assert message == f"Hours must be more than 0 and at most {LIMIT}."


def test_an_entry_of_exactly_the_limit_is_allowed():
    entry = TimeEntry(hours=Decimal(MAX_HOURS_PER_ENTRY))
    entry.full_clean(exclude=["user", "activity", "date"])
