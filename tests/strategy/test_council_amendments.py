"""The "adopted with changes" decision: the council's amendments are applied to the plan
and recorded as a new version, compared with the recommended one on the decision page;
until then the plan is not adopted and not public. Only the version that may be decided on
is offered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from strategy.models import Action, CouncilDecision, Recommendation, Strategy
from strategy.services import council as services
from strategy.services import drafting
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy
from tests.permissions import ACTORS, LOGIN, check, expect, log_in_as
from tests.strategy.form_data import TEXTS, decision_url

pytestmark = pytest.mark.django_db

Outcome = CouncilDecision.Outcome
CHANGES = "Kuvøsen skal også dække Vojens og Gram."
AMENDED_TITLE = "Socialøkonomisk kuvøse i Haderslev, Vojens og Gram"
LEADER_POST = expect(LOGIN, 403, 403, 403, 403, 302)


@pytest.fixture
def running(leader):
    """A draft whose period covers today, its version 1 submitted and recommended."""
    strategy = build_review_strategy(by=leader)
    today = timezone.localdate()
    Strategy.objects.filter(pk=strategy.pk).update(
        starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=3 * 365)
    )
    strategy.refresh_from_db()
    version = StrategyVersionFactory(strategy=strategy, saved_by=leader, submitted=True)
    Recommendation.objects.create(strategy=strategy, version=version, updated_by=leader, **TEXTS)
    return strategy, version


def adopt_with_changes(client, strategy, version):
    return client.post(
        decision_url(strategy),
        {
            "version": version.pk,
            "decided_on": timezone.localdate().isoformat(),
            "outcome": Outcome.ADOPTED_WITH_CHANGES,
            "changes": CHANGES,
        },
    )


def apply_url(strategy):
    return reverse("strategy:decision-amendments", args=[strategy.pk])


def amend(strategy, by):
    """Apply the council's amendment through the drafting service, as the edit page does."""
    action = Action.objects.get(strategy=strategy, title="Socialøkonomisk kuvøse")
    drafting.action_save(action=action, by=by, revision=action.revision, title=AMENDED_TITLE)


def test_adopted_with_changes_opens_the_plan_for_the_amendments_and_keeps_it_off_the_public_page(
    client,
    leader,
    running,
    notified,  # noqa: F811
):
    strategy, version = running
    client.force_login(leader)

    response = adopt_with_changes(client, strategy, version)

    strategy.refresh_from_db()
    assert response.status_code == 302
    assert strategy.state == Strategy.State.AMENDING
    assert notified == []
    page = client.get(decision_url(strategy)).content.decode()
    assert 'id="apply-amendments"' in page
    assert apply_url(strategy) in page
    # The edit pages are open (not the locked page) while the amendments are applied.
    action = Action.objects.filter(strategy=strategy).first()
    assert client.get(reverse("strategy:action-edit", args=[action.pk])).status_code == 200
    assert strategy.title not in client.get(reverse("strategy:public-plan")).content.decode()


def test_applying_nothing_is_refused(client, leader, running, notified):  # noqa: F811
    strategy, version = running
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    adopt_with_changes(client, strategy, version)

    response = client.post(apply_url(strategy), follow=True)

    strategy.refresh_from_db()
    assert strategy.state == Strategy.State.AMENDING
    assert "still exactly the version recommended" in response.content.decode()
    assert CouncilDecision.objects.get().adopted_version is None


def test_the_amended_plan_is_adopted_as_a_new_version_compared_with_the_recommended_one(
    client,
    leader,
    running,
    notified,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    strategy, version = running
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    adopt_with_changes(client, strategy, version)
    amend(strategy, leader)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(strategy))

    strategy.refresh_from_db()
    decision = CouncilDecision.objects.get()
    adopted = strategy.versions.order_by("-number").first()
    assert response.status_code == 302
    assert strategy.state == Strategy.State.ADOPTED
    assert not strategy.is_editable
    assert decision.adopted_version == adopted
    assert adopted.summary_message == services.AMENDED_MESSAGE
    titles = [action["title"] for action in adopted.snapshot["actions"]]
    assert AMENDED_TITLE in titles
    assert {action["state"] for action in adopted.snapshot["actions"]} == {"planned"}
    assert len(notified) == 1
    # The comparison holds the council's amendment only, not adoption's own step.
    comparison = services.amendments(decision)
    assert [(part.kind, part.title) for part in comparison.parts] == [("action", AMENDED_TITLE)]
    assert [change.name for change in comparison.parts[0].fields] == ["title"]
    page = client.get(decision_url(strategy)).content.decode()
    assert 'id="amendments"' in page
    assert f"Recommended (version {version.number})" in page
    assert f"Adopted (version {adopted.number})" in page
    assert "<ins" in page and "Vojens" in page
    public = client.get(reverse("strategy:public-plan")).content.decode()
    assert AMENDED_TITLE in public


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_project_leader_applies_the_amendments(
    client,
    alice,
    bob,
    leader,
    consultant,
    steering,
    running,
    notified,  # noqa: F811
    actor,
):
    strategy, version = running
    client.force_login(leader)
    adopt_with_changes(client, strategy, version)
    amend(strategy, leader)
    client.logout()
    world = {"alice": alice, "bob": bob, "leader": leader}
    world |= {"consultant": consultant, "steering": steering}
    log_in_as(client, world, actor)

    check(client.post(apply_url(strategy)), LEADER_POST[actor])

    strategy.refresh_from_db()
    adopted = actor == "leader"
    assert strategy.state == (Strategy.State.ADOPTED if adopted else Strategy.State.AMENDING)


def test_consultants_read_the_next_step_without_the_button(
    client,
    leader,
    consultant,
    running,
    notified,  # noqa: F811
):
    strategy, version = running
    client.force_login(leader)
    adopt_with_changes(client, strategy, version)
    client.force_login(consultant)

    page = client.get(decision_url(strategy)).content.decode()

    assert 'id="apply-amendments"' in page
    assert apply_url(strategy) not in page


def test_the_decision_form_offers_only_the_version_that_may_be_decided(client, leader, running):
    strategy, version = running
    older = version
    latest = StrategyVersionFactory(strategy=strategy, saved_by=leader, submitted=True)
    Recommendation.objects.filter(strategy=strategy).update(version=latest)
    client.force_login(leader)

    response = client.get(decision_url(strategy))

    form = response.context["form"]
    assert list(form.fields["version"].queryset) == [latest]
    html = response.content.decode()
    assert f'value="{latest.pk}"' in html
    assert f'value="{older.pk}"' not in html
