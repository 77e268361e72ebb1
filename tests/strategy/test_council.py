"""The recommendation to the city council (its texts and version) and the council's
decision: adopted, adopted with changes, rejected; only on the latest version, only once."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from strategy.models import Action, CouncilDecision, Recommendation, Strategy
from strategy.selectors.in_force import plan_in_force
from strategy.services import council as services
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy
from tests.strategy.form_data import TEXTS, decision_data, decision_url, recommendation_url

pytestmark = pytest.mark.django_db


Outcome = CouncilDecision.Outcome


def submit(version, by):
    version.submitted_at = timezone.now()
    version.submitted_by = by
    version.save(update_fields=["submitted_at", "submitted_by"])


# The recommendation


def test_it_proposes_the_latest_submitted_version(client, leader, plan_data):
    client.force_login(leader)

    response = client.get(recommendation_url(plan_data["strategy"]))

    assert response.status_code == 200
    assert response.context["version"] == plan_data["submitted"]
    assert response.context["form"]["version"].value() == plan_data["submitted"].pk
    assert not Recommendation.objects.exists()  # reading writes nothing


def test_it_saves_the_texts_and_the_version(client, leader, plan_data):
    client.force_login(leader)

    response = client.post(
        recommendation_url(plan_data["strategy"]),
        {"version": plan_data["submitted"].pk, **TEXTS},
    )

    recommendation = Recommendation.objects.get()
    assert response.status_code == 302
    assert recommendation.version == plan_data["submitted"]
    assert recommendation.decision_point_lines() == [
        "strategien godkendes",
        "handleplanen igangsættes",
    ]
    assert recommendation.updated_by == leader
    assert recommendation.history.first().history_user == leader
    page = client.get(recommendation_url(plan_data["strategy"]))
    html = page.content.decode()
    assert "Strategien samler indsatsen for socialøkonomi." in html  # in the preview
    assert "Socialøkonomisk kuvøse" in html


def test_it_refuses_a_version_of_another_plan(client, leader, plan_data):
    other = StrategyVersionFactory(
        strategy=build_review_strategy(by=leader, title="Anden plan"), saved_by=leader
    )
    client.force_login(leader)

    response = client.post(
        recommendation_url(plan_data["strategy"]), {"version": other.pk, **TEXTS}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["version"]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decision_points": "  \n "}, "decision_points"),
        ({"summary": "x" * 10001}, "summary"),
        ({"version": ""}, "version"),
    ],
)
def test_it_refuses_bad_recommendation_input(client, leader, plan_data, changes, field):
    client.force_login(leader)
    data = {"version": plan_data["submitted"].pk, **TEXTS, **changes}

    response = client.post(recommendation_url(plan_data["strategy"]), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Recommendation.objects.exists()


def test_it_lets_consultants_read_but_not_write(client, consultant, plan_data):
    client.force_login(consultant)

    page = client.get(recommendation_url(plan_data["strategy"]))
    response = client.post(
        recommendation_url(plan_data["strategy"]), {"version": plan_data["latest"].pk, **TEXTS}
    )

    assert page.status_code == 200
    assert page.context["form"] is None
    assert response.status_code == 403
    assert not Recommendation.objects.exists()


def test_it_keeps_the_recommendation_once_the_council_decided(client, leader, plan_data):
    submit(plan_data["latest"], leader)
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    client.post(
        recommendation_url(plan_data["strategy"]), {"version": plan_data["latest"].pk, **TEXTS}
    )
    client.post(decision_url(plan_data["strategy"]), decision_data(plan_data["latest"]))
    assert CouncilDecision.objects.exists()

    response = client.post(
        recommendation_url(plan_data["strategy"]),
        {"version": plan_data["latest"].pk, **TEXTS, "summary": "Ændret bagefter"},
        follow=True,
    )

    assert Recommendation.objects.get().summary == TEXTS["summary"]
    assert "can no longer change" in response.content.decode()


# The decision


def test_it_adopts_and_locks_and_the_plan_in_force_stays_until_the_new_period_starts(
    client, leader, plan_data, recommended, notified, django_capture_on_commit_callbacks
):
    earlier = build_review_strategy(by=leader, title="Strategi 2020–2026")
    Strategy.objects.filter(pk=earlier.pk).update(
        state=Strategy.State.ADOPTED, starts_on=date(2020, 1, 1), ends_on=date(2026, 12, 31)
    )
    strategy = plan_data["strategy"]
    client.force_login(leader)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decision_url(strategy), decision_data(plan_data["latest"]))

    strategy.refresh_from_db()
    earlier.refresh_from_db()
    decision = CouncilDecision.objects.get()
    assert response.status_code == 302
    assert strategy.state == Strategy.State.ADOPTED
    assert not strategy.is_editable
    # Nothing is flipped: which plan is in force follows from the periods.
    assert earlier.state == Strategy.State.ADOPTED
    assert plan_in_force(today=date(2026, 12, 31)) == earlier
    assert plan_in_force(today=date(2027, 1, 1)) == strategy
    assert (decision.version, decision.decided_on, decision.outcome, decision.recorded_by) == (
        plan_data["latest"],
        date(2026, 11, 24),
        Outcome.ADOPTED,
        leader,
    )
    states = dict(Action.objects.filter(strategy=strategy).values_list("title", "state"))
    assert set(states.values()) == {Action.State.PLANNED}
    assert strategy.history.first().history_user == leader
    assert len(notified) == 1
    assert notified[0]["event"] == "adopted"
    assert notified[0]["by"] == leader
    assert sorted(a.pk for a in notified[0]["actions"]) == sorted(
        Action.objects.filter(strategy=strategy).values_list("pk", flat=True)
    )


def test_it_notifies_only_after_the_decision_commits(
    client, leader, plan_data, recommended, notified
):
    client.force_login(leader)

    client.post(decision_url(plan_data["strategy"]), decision_data(plan_data["latest"]))

    assert CouncilDecision.objects.exists()
    assert notified == []  # the test's transaction never commits


def test_it_needs_the_changes_when_adopted_with_changes(
    client, leader, plan_data, recommended, notified
):
    client.force_login(leader)

    response = client.post(
        decision_url(plan_data["strategy"]),
        decision_data(plan_data["latest"], outcome=Outcome.ADOPTED_WITH_CHANGES, changes="  "),
    )

    plan_data["strategy"].refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors["changes"]
    assert not CouncilDecision.objects.exists()
    assert plan_data["strategy"].state == Strategy.State.DRAFT
    assert Action.objects.filter(state=Action.State.PROPOSED).count() == 2


def test_it_records_the_changes_when_adopted_with_changes(
    client, leader, plan_data, recommended, notified, django_capture_on_commit_callbacks
):
    client.force_login(leader)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            decision_url(plan_data["strategy"]),
            decision_data(
                plan_data["latest"],
                outcome=Outcome.ADOPTED_WITH_CHANGES,
                changes="Budgettet til kuvøsen halveres.",
            ),
        )

    plan_data["strategy"].refresh_from_db()
    decision = CouncilDecision.objects.get()
    assert decision.changes == "Budgettet til kuvøsen halveres."
    # Not adopted yet: the amendments are applied to the plan first (the next step).
    assert plan_data["strategy"].state == Strategy.State.AMENDING
    assert plan_data["strategy"].is_editable
    assert decision.awaiting_amendments
    assert notified == []


def test_it_rejects(
    client, leader, plan_data, recommended, notified, django_capture_on_commit_callbacks
):
    client.force_login(leader)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            decision_url(plan_data["strategy"]),
            decision_data(plan_data["latest"], outcome=Outcome.REJECTED),
        )

    plan_data["strategy"].refresh_from_db()
    assert plan_data["strategy"].state == Strategy.State.REJECTED
    assert CouncilDecision.objects.get().outcome == Outcome.REJECTED
    assert Action.objects.filter(state=Action.State.PROPOSED).count() == 2  # untouched
    assert notified == []


def test_it_refuses_a_version_that_is_not_the_latest(
    client, leader, plan_data, recommended, notified
):
    client.force_login(leader)
    client.cookies["django_language"] = "en"

    response = client.post(
        decision_url(plan_data["strategy"]), decision_data(plan_data["submitted"])
    )

    plan_data["strategy"].refresh_from_db()
    assert response.status_code == 400
    # Only the version that may be decided on is offered: any other is not a valid choice.
    [error] = response.context["form"].errors.as_data()["version"]
    assert error.code == "invalid_choice"
    assert list(response.context["form"].fields["version"].queryset) == [plan_data["latest"]]
    assert not CouncilDecision.objects.exists()
    assert plan_data["strategy"].state == Strategy.State.DRAFT


def test_it_refuses_a_second_decision(client, leader, plan_data, recommended, notified):
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    client.post(
        decision_url(plan_data["strategy"]),
        decision_data(plan_data["latest"], outcome=Outcome.REJECTED),
    )

    response = client.post(
        decision_url(plan_data["strategy"]), decision_data(plan_data["latest"]), follow=True
    )

    plan_data["strategy"].refresh_from_db()
    assert CouncilDecision.objects.get().outcome == Outcome.REJECTED
    assert plan_data["strategy"].state == Strategy.State.REJECTED
    assert "already recorded" in response.content.decode()


def test_it_refuses_a_second_decision_in_the_service(leader, plan_data, recommended, notified):
    services.decision_record(
        strategy=plan_data["strategy"],
        version=plan_data["latest"],
        decided_on=date(2026, 11, 24),
        outcome=Outcome.REJECTED,
        by=leader,
    )

    with pytest.raises(services.ValidationError):
        services.decision_record(
            strategy=plan_data["strategy"],
            version=plan_data["latest"],
            decided_on=date(2026, 11, 25),
            outcome=Outcome.ADOPTED,
            by=leader,
        )
    assert CouncilDecision.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decided_on": ""}, "decided_on"),
        ({"decided_on": "31.02.2027"}, "decided_on"),
        ({"decided_on": "future"}, "decided_on"),
        ({"outcome": ""}, "outcome"),
        ({"outcome": "postponed"}, "outcome"),
        ({"version": "999999"}, "version"),
        ({"outcome": "adopted_with_changes", "changes": "x" * 10001}, "changes"),
    ],
)
def test_it_refuses_bad_decision_input(
    client, leader, plan_data, recommended, notified, changes, field
):
    if changes.get("decided_on") == "future":
        changes["decided_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    client.force_login(leader)

    response = client.post(
        decision_url(plan_data["strategy"]), decision_data(plan_data["latest"], **changes)
    )

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not CouncilDecision.objects.exists()
    plan_data["strategy"].refresh_from_db()
    assert plan_data["strategy"].state == Strategy.State.DRAFT


def test_it_shows_consultants_the_decision_but_no_form(
    client, consultant, leader, plan_data, recommended
):
    services.decision_record(
        strategy=plan_data["strategy"],
        version=plan_data["latest"],
        decided_on=date(2026, 11, 24),
        outcome=Outcome.ADOPTED_WITH_CHANGES,
        changes="Færre møder.",
        by=leader,
    )
    client.force_login(consultant)

    response = client.get(decision_url(plan_data["strategy"]))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert "Færre møder." in response.content.decode()
    assert "24.11.2026" in response.content.decode()


def test_it_refuses_a_consultants_decision(client, consultant, plan_data, recommended, notified):
    client.force_login(consultant)

    response = client.post(decision_url(plan_data["strategy"]), decision_data(plan_data["latest"]))

    assert response.status_code == 403
    assert not CouncilDecision.objects.exists()
