"""Form posts of the strategy's pages (drafting, progress, the council), shared by the tests
of several modules."""

from django.urls import reverse

from strategy.models import Action, CouncilDecision
from tests.factories.strategy import NOTE, today

Outcome = CouncilDecision.Outcome

TEXTS = {
    "summary": "Strategien samler indsatsen for socialøkonomi.",
    "decision_points": "strategien godkendes\n\nhandleplanen igangsættes",
    "case_text": "Styregruppen har behandlet planen.",
    "finance_text": "Indsatserne finansieres inden for rammen.",
    "annexes": "Kortlægningen\nDelrapporten",
}


def recommendation_url(strategy):
    return reverse("strategy:recommendation", args=[strategy.pk])


def decision_url(strategy):
    return reverse("strategy:decision-record", args=[strategy.pk])


def decision_data(decided_version, **changes):
    return {
        "version": decided_version.pk,
        "decided_on": "2026-11-24",
        "outcome": Outcome.ADOPTED,
        "changes": "",
        **changes,
    }


def action_data(built, **changes):
    """A valid action form's data for the plan `built`."""
    data = {
        "title": "Skolesamarbejde",
        "description": "Elever møder virksomhederne.",
        "position": "4",
        "focus_area": str(built.areas[1].pk),
        "goal": str(built.goals[2].pk),
        "state": "planned",
        "owner_department": "Børn og Skole",
        "owner_organisation": "",
        "owner_person": "",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "budget": "25000.50",
        "budget_hours": "12.5",
        "indicator": "Skoler med",
        "indicator_unit": "skoler",
        "baseline": "0",
        "target": "6",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post_update(client, action, **data):
    payload = {
        "date": today().isoformat(),
        "state": Action.State.UNDER_WAY,
        "percent_done": "40",
        "indicator_value": "12",
        "note": NOTE,
        **data,
    }
    return client.post(reverse("strategy:progress-add", args=[action.pk]), payload)
