"""The plan's rules that need other rows are kept by the services, with the rows locked, not
only by the forms: an activity lies inside its phase, an activity with time stays in its
phase, and a phase keeps its registered time inside its dates and stays contracted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from portal.programme.models import Activity, Phase
from portal.programme.services import plan as services
from portal.programme.services import timesheets as time_services
from tests.factories.programme import build_offer_plan, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(leader):
    return build_offer_plan(leader)


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def timed(plan, consultant):
    """Kortlægning with two hours registered 10 days ago."""
    time_services.time_entry_create(
        user=consultant, activity=plan["Kortlægning"], date=days(-10), hours=Decimal("2")
    )
    return plan


def phase_fields(phase, **changes):
    fields = {
        "number": phase.number,
        "name": phase.name,
        "description": phase.description,
        "starts_on": phase.starts_on,
        "ends_on": phase.ends_on,
        "contracted": phase.contracted,
    }
    return {**fields, **changes}


def test_the_service_refuses_to_end_the_contract_of_a_phase_with_time(timed, leader):
    phase = timed["phase1"]
    with pytest.raises(ValidationError) as refused:
        services.phase_update(
            phase=phase, by=leader, reason="Opsagt", **phase_fields(phase, contracted=False)
        )
    assert "contracted" in refused.value.error_dict
    phase.refresh_from_db()
    assert phase.contracted is True


def test_a_phase_without_time_may_lose_its_contract(plan, leader):
    phase = plan["phase1"]
    services.phase_update(
        phase=phase, by=leader, reason="Ikke bestilt", **phase_fields(phase, contracted=False)
    )
    phase.refresh_from_db()
    assert phase.contracted is False


def test_the_service_refuses_phase_dates_that_leave_registered_time_outside(timed, leader):
    phase = timed["phase1"]
    # Activities are moved in first, so that only the registered time is in the way.
    Activity.objects.filter(phase=phase).update(planned_start=days(-5))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.phase_update(
            phase=phase, by=leader, reason="Kortere", **phase_fields(phase, starts_on=days(-5))
        )
    assert "registered on days outside" in " ".join(refused.value.message_dict["starts_on"])
    phase.refresh_from_db()
    assert phase.starts_on == days(-120)


def test_the_service_refuses_phase_dates_that_leave_an_activity_outside(plan, leader):
    phase = plan["phase1"]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.phase_update(
            phase=phase, by=leader, reason="Kortere", **phase_fields(phase, ends_on=days(10))
        )
    assert "activities lie outside" in " ".join(refused.value.message_dict["starts_on"])


def test_the_service_refuses_moving_an_activity_with_time_to_another_phase(timed, leader):
    activity, phase2 = timed["Kortlægning"], timed["phase2"]
    with pytest.raises(ValidationError) as refused:
        services.activity_update(
            activity=activity,
            by=leader,
            reason="Flyttes",
            phase=phase2,
            planned_start=phase2.starts_on,
            planned_end=phase2.ends_on,
        )
    assert "phase" in refused.value.error_dict
    activity.refresh_from_db()
    assert activity.phase == timed["phase1"]


def test_the_service_checks_an_activity_against_the_phases_dates_as_they_are_now(plan, leader):
    """The phase the form read is stale: it was shortened meanwhile. The service reads it
    again, locked, and refuses an activity that no longer fits."""
    stale = Phase.objects.get(pk=plan["phase1"].pk)
    Phase.objects.filter(pk=stale.pk).update(ends_on=days(20))
    Activity.objects.filter(phase=stale).update(planned_end=days(20))
    with pytest.raises(ValidationError) as refused:
        services.activity_create(
            by=leader,
            reason="Ny",
            phase=stale,
            name="Sen aktivitet",
            estimated_hours=Decimal("10"),
            planned_start=days(25),
            planned_end=days(30),
            responsible=leader,
        )
    assert "planned_start" in refused.value.error_dict
    assert not Activity.objects.filter(name="Sen aktivitet").exists()
    activity = Activity.objects.get(pk=plan["Opsamling"].pk)
    with pytest.raises(ValidationError):
        services.activity_update(
            activity=activity, by=leader, reason="Senere", phase=stale, planned_end=days(30)
        )


def test_the_phase_form_shows_the_contract_refusal_next_to_the_field(english, timed, leader):
    client = english
    phase = timed["phase1"]
    client.force_login(leader)
    data = {
        **{k: v for k, v in phase_fields(phase).items() if k != "contracted"},
        "starts_on": phase.starts_on.isoformat(),
        "ends_on": phase.ends_on.isoformat(),
        "reason": "Opsagt",
    }
    response = client.post(reverse("programme:phase-edit", args=[phase.pk]), data)
    assert response.status_code == 200
    assert "so it stays contracted" in response.content.decode()
    assert "contracted" in response.context["form"].errors
    phase.refresh_from_db()
    assert phase.contracted is True


def test_the_service_refusal_is_shown_on_the_form_when_the_form_did_not_see_it(
    english, plan, consultant, leader, monkeypatch
):
    """Time registered between the form's check and the save: the service's check, made
    with the phase locked, is what the leader sees."""
    from portal.programme.forms import plan as plan_forms

    monkeypatch.setattr(plan_forms, "check_phase_change", lambda **kwargs: None)
    phase = plan["phase1"]
    time_services.time_entry_create(
        user=consultant, activity=plan["Kortlægning"], date=days(-1), hours=Decimal("1")
    )
    client = english
    client.force_login(leader)
    data = {
        "number": phase.number,
        "name": phase.name,
        "starts_on": phase.starts_on.isoformat(),
        "ends_on": phase.ends_on.isoformat(),
        "reason": "Opsagt",
    }
    response = client.post(reverse("programme:phase-edit", args=[phase.pk]), data)
    assert response.status_code == 200
    assert "so it stays contracted" in response.content.decode()
    phase.refresh_from_db()
    assert phase.contracted is True
