"""The council's documents, the recommendation and the decision agree on one version: the
recommendation is for a submitted version, the decision is on the recommended (and latest)
version, the documents show the decided version afterwards, and adoption records the plan
in force as a version of its own."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from portal.forms import model_values
from strategy.forms.council import RecommendationForm
from strategy.models import Action, CouncilDecision, Recommendation, Strategy, StrategyVersion
from strategy.services import council as services
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy
from tests.strategy.form_data import TEXTS, decision_data, decision_url, recommendation_url

pytestmark = pytest.mark.django_db


Outcome = CouncilDecision.Outcome


def submit(version, by):
    version.submitted_at = timezone.now()
    version.submitted_by = by
    version.save(update_fields=["submitted_at", "submitted_by"])


def english(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"


def recommend(strategy, version, by):
    return Recommendation.objects.create(strategy=strategy, version=version, updated_by=by, **TEXTS)


@pytest.fixture
def notified(monkeypatch):
    calls = []

    def record(*, actions, event, by, **kwargs):
        calls.append({"actions": list(actions), "event": event})
        return 0

    monkeypatch.setattr("strategy.services.feedback_loop.notify_feedback_givers", record)
    return calls


# The recommendation is for a submitted version


def test_it_refuses_to_recommend_a_version_not_submitted(client, leader, plan_data):
    english(client, leader)

    response = client.post(
        recommendation_url(plan_data["strategy"]), {"version": plan_data["latest"].pk, **TEXTS}
    )

    assert response.status_code == 400
    # The message is lazy: read it in the language the page was written in.
    with translation.override("en"):
        assert response.context["form"].errors["version"] == [
            "Choose a version of this plan that was submitted to the steering group."
        ]
    assert "Choose a version of this plan that was submitted" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_it_offers_only_submitted_versions_to_recommend(leader, plan_data):
    form = RecommendationForm(strategy=plan_data["strategy"])

    assert list(form.fields["version"].queryset) == [plan_data["submitted"]]


def test_the_service_refuses_a_version_not_submitted(leader, plan_data):
    form = RecommendationForm(
        data={"version": plan_data["submitted"].pk, **TEXTS}, strategy=plan_data["strategy"]
    )
    assert form.is_valid(), form.errors
    form.instance.version = plan_data["latest"]  # as if chosen before the form checked

    with pytest.raises(ValidationError) as error:
        services.recommendation_update(
            strategy=plan_data["strategy"],
            **{**model_values(form), "version": plan_data["latest"]},
            by=leader,
        )

    assert "version" in error.value.message_dict
    assert not Recommendation.objects.exists()


def test_without_a_submitted_version_there_is_no_document(client, leader):
    strategy = build_review_strategy(by=leader)
    StrategyVersionFactory(strategy=strategy, saved_by=leader)
    client.force_login(leader)

    page = client.get(recommendation_url(strategy))
    docx = client.get(reverse("strategy:recommendation-docx", args=[strategy.pk]))

    assert page.status_code == 200
    assert page.context["version"] is None
    assert page.context["preview"] is None
    assert docx.status_code == 404


# The decision is on the recommended, latest version


def test_it_refuses_a_decision_when_the_recommendation_is_not_for_the_latest_version(
    client, leader, plan_data, notified
):
    strategy = plan_data["strategy"]
    submit(plan_data["latest"], leader)
    recommend(strategy, plan_data["submitted"], leader)  # version 1; version 2 is newer
    english(client, leader)

    page = client.get(decision_url(strategy))
    response = client.post(decision_url(strategy), decision_data(plan_data["latest"]), follow=True)

    assert page.context["form"] is None
    assert (
        "The recommendation is for version 1, but the plan's latest version is 2"
        in (page.context["refusal"])
    )
    assert "The recommendation is for version 1" in response.content.decode()
    assert not CouncilDecision.objects.exists()
    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.DRAFT


def test_the_service_refuses_a_decision_on_a_version_that_was_not_recommended(
    leader, plan_data, notified
):
    strategy = plan_data["strategy"]
    recommend(strategy, plan_data["submitted"], leader)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.decision_record(
            strategy=strategy,
            version=plan_data["latest"],
            decided_on=date(2026, 11, 24),
            outcome=Outcome.ADOPTED,
            by=leader,
        )

    assert error.value.code == "not_recommended"
    assert "latest version is 2" in " ".join(error.value.messages)
    assert not CouncilDecision.objects.exists()
    assert Action.objects.filter(state=Action.State.PROPOSED).count() == 2


def test_it_refuses_a_decision_when_nothing_was_submitted(client, leader, notified):
    strategy = build_review_strategy(by=leader)
    version = StrategyVersionFactory(strategy=strategy, saved_by=leader)
    english(client, leader)

    response = client.post(decision_url(strategy), decision_data(version), follow=True)

    assert "No version has been submitted to the steering group" in response.content.decode()
    assert not CouncilDecision.objects.exists()


def test_it_decides_on_the_latest_submitted_version_without_a_saved_recommendation(
    client, leader, plan_data, notified
):
    """The documents of an unsaved recommendation show the newest submitted version: when that
    is the latest, the council may decide on it."""
    submit(plan_data["latest"], leader)
    client.force_login(leader)

    response = client.post(decision_url(plan_data["strategy"]), decision_data(plan_data["latest"]))

    assert response.status_code == 302
    assert CouncilDecision.objects.get().version == plan_data["latest"]


# After the decision the documents show the decided version


@pytest.mark.parametrize("name", ["strategy:recommendation-docx", "strategy:recommendation-pdf"])
def test_the_documents_show_the_decided_version(client, leader, plan_data, name):
    strategy = plan_data["strategy"]
    submit(plan_data["latest"], leader)
    # A recommendation left on version 1 (as one could be before the versions were kept in
    # step) and the council's decision on version 2.
    recommend(strategy, plan_data["submitted"], leader)
    CouncilDecision.objects.create(
        strategy=strategy,
        version=plan_data["latest"],
        decided_on=date(2026, 11, 24),
        outcome=Outcome.REJECTED,
        recorded_by=leader,
    )
    client.force_login(leader)

    response = client.get(reverse(name, args=[strategy.pk]))
    page = client.get(recommendation_url(strategy))

    assert response.status_code == 200
    assert "-v2." in response["Content-Disposition"]
    assert page.context["version"] == plan_data["latest"]


# Adoption records the plan in force as a version


def test_adoption_records_the_plan_in_force_as_a_new_version(client, leader, plan_data, notified):
    strategy = plan_data["strategy"]
    submit(plan_data["latest"], leader)
    recommend(strategy, plan_data["latest"], leader)
    english(client, leader)

    client.post(decision_url(strategy), decision_data(plan_data["latest"]))

    decision = CouncilDecision.objects.get()
    adopted = strategy.versions.order_by("-number").first()
    assert decision.version == plan_data["latest"]  # the decision stays on what was decided
    assert adopted.number == 3
    assert adopted.saved_by == leader
    assert "24.11.2026" in adopted.summary
    states = {action["title"]: action["state"] for action in adopted.snapshot["actions"]}
    assert set(states.values()) == {Action.State.PLANNED}
    live = dict(Action.objects.filter(strategy=strategy).values_list("title", "state"))
    assert states == live  # the plan in force equals the version
    page = client.get(decision_url(strategy))
    assert page.context["in_force"] == adopted
    html = page.content.decode()
    assert "The plan as adopted is" in html
    assert reverse("strategy:version-detail", args=[adopted.pk]) in html
    assert "version 3" in html


def test_rejection_records_no_version(leader, plan_data, notified):
    strategy = plan_data["strategy"]
    submit(plan_data["latest"], leader)

    services.decision_record(
        strategy=strategy,
        version=plan_data["latest"],
        decided_on=date(2026, 11, 24),
        outcome=Outcome.REJECTED,
        by=leader,
    )

    assert StrategyVersion.objects.filter(strategy=strategy).count() == 2


def test_adoption_announces_no_dropped_action(
    leader, plan_data, notified, django_capture_on_commit_callbacks
):
    strategy = plan_data["strategy"]
    dropped = Action.objects.filter(strategy=strategy).order_by("pk").first()
    Action.objects.filter(pk=dropped.pk).update(state=Action.State.DROPPED)
    latest = StrategyVersionFactory(strategy=strategy, saved_by=leader, submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(
            strategy=strategy,
            version=latest,
            decided_on=date(2026, 11, 24),
            outcome=Outcome.ADOPTED,
            by=leader,
        )

    (call,) = notified
    titles = {action.title for action in call["actions"]}
    assert dropped.title not in titles
    assert len(titles) == 2
