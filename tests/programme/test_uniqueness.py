"""An agenda item's number is unique within its meeting, and a baseline's name is unique
whatever its case: kept by the database, not only by Python, and a race that gets past the
check is told as a clear message on the field."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from portal.forms import model_values
from portal.programme.forms.steering import AgendaItemForm
from portal.programme.models import AgendaItem, BudgetBaseline
from portal.programme.services import plan as plan_services
from portal.programme.services import steering as steering_services
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory, build_offer_plan

pytestmark = pytest.mark.django_db


def test_the_database_refuses_two_items_with_one_number_in_a_meeting(leader):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Velkomst", position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=1, title="Også 1")
    # Another meeting may use the number.
    AgendaItemFactory(
        meeting=SteeringMeetingFactory(created_by=leader, days=14), title="Velkomst", position=1
    )


def test_the_database_refuses_a_baseline_name_in_another_case(leader):
    BudgetBaseline.objects.create(name="Tilbud 2012", created_by=leader)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetBaseline.objects.create(name="TILBUD 2012", created_by=leader)


def test_the_model_says_so_before_the_database_does(leader):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Velkomst", position=1)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        AgendaItem(meeting=meeting, position=1, title="Også 1").full_clean()
    assert "has this number" in str(refused.value)


def item_form(meeting, user, position):
    form = AgendaItemForm(
        {"position": str(position), "title": "Budget", "description": "", "points_at": ""},
        meeting=meeting,
        user=user,
    )
    assert form.is_valid(), form.errors
    return form


def _save(meeting, form):
    return steering_services.agenda_item_save(
        meeting=meeting, **model_values(form), **form.pointed_at()
    )


def test_an_agenda_item_saved_in_a_race_is_refused_on_its_number(leader):
    """Both forms were valid (each saw the number free); the second save is refused."""
    meeting = SteeringMeetingFactory(created_by=leader)
    first, second = item_form(meeting, leader, 2), item_form(meeting, leader, 2)
    _save(meeting, first)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _save(meeting, second)
    assert "has this number" in " ".join(refused.value.message_dict["position"])
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [2]


def test_the_integrity_error_of_a_race_becomes_a_message(leader, monkeypatch):
    """A race that even full_clean() does not see: the constraint's IntegrityError is told
    as the same message, and the transaction stays usable."""
    meeting = SteeringMeetingFactory(created_by=leader)
    form = item_form(meeting, leader, 1)
    AgendaItemFactory(meeting=meeting, title="Kom først", position=1)
    monkeypatch.setattr(AgendaItem, "validate_constraints", lambda self, **kwargs: None)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _save(meeting, form)
    assert "has this number" in " ".join(refused.value.message_dict["position"])
    assert meeting.agenda_items.count() == 1


def test_a_baseline_name_taken_in_a_race_is_refused_on_the_name(leader, monkeypatch):
    build_offer_plan(leader)
    plan_services.baseline_create(name="Tilbud 2012", by=leader)
    monkeypatch.setattr(BudgetBaseline, "validate_constraints", lambda self, **kwargs: None)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        plan_services.baseline_create(name="tilbud 2012", by=leader)
    assert refused.value.message_dict["name"] == ["A baseline with this name already exists."]
    assert BudgetBaseline.objects.count() == 1


def test_the_agenda_page_shows_the_race_on_the_number_field(client, leader, monkeypatch, settings):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Kom først", position=1)
    # The form's own check is passed by, as in a race: the service's answer is shown.
    monkeypatch.setattr(AgendaItemForm, "clean_position", lambda self: 1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(leader)
    response = client.post(
        reverse("programme:agenda-item-create", args=[meeting.pk]),
        {"position": "1", "title": "Budget", "points_at": ""},
    )
    assert response.status_code == 200
    assert "has this number" in " ".join(response.context["form"].errors["position"])
    assert meeting.agenda_items.count() == 1
