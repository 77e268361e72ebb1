"""The strategy's demo data: a plan in force with a dozen actions and their progress (one
late, one stale), a newer draft under the steering group's review, made through the services,
believable, and idempotent."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from strategy.models import (
    Action,
    CouncilDecision,
    FeedbackNotice,
    ProgressUpdate,
    Recommendation,
    Strategy,
    StrategyVerdict,
    StrategyVersion,
)
from strategy.selectors.progress import plan_in_force, plan_overview, stale_actions
from strategy.selectors.review import versions_of
from tests.conftest import once_per_module
from tests.strategy.demo import draft, load_demo_once, plan

pytestmark = pytest.mark.django_db

State = Action.State


# The demo takes seconds to load: it is loaded once for the module (tests that need another
# database, such as an empty one, are in test_demo_loading.py).
module_data, demo_data = once_per_module(load_demo_once, "demo_data")


def test_it_loads_one_plan_in_force_with_a_dozen_actions_in_every_state(demo_data):
    in_force = plan_in_force()
    assert in_force == plan()
    assert Strategy.objects.filter(state=Strategy.State.ADOPTED).count() == 1
    assert in_force.focus_areas.count() == 4
    assert all(1 <= area.goals.count() <= 3 for area in in_force.focus_areas.all())
    actions = list(in_force.actions.all())
    assert len(actions) == 12
    states = {action.state for action in actions}
    assert {State.PLANNED, State.UNDER_WAY, State.DONE, State.DROPPED} <= states
    assert State.PROPOSED not in states  # adoption made them planned
    today = timezone.localdate()
    assert in_force.starts_on < today < in_force.ends_on
    assert in_force.ends_on.year - today.year == 3


def test_it_gives_the_actions_owners_of_all_three_kinds_and_links_to_the_mapping(demo_data):
    actions = plan().actions.all()
    assert actions.exclude(owner_department="").count() >= 3
    assert actions.filter(owner_organisation__isnull=False).count() >= 2
    assert set(
        actions.exclude(owner_person=None).values_list("owner_person__username", flat=True)
    ) == {"leder", "konsulent"}
    assert all(action.budget > 0 and action.budget_hours > 0 for action in actions)
    assert all(action.indicator and action.indicator_unit for action in actions)
    assert all(action.target > action.baseline for action in actions)
    assert actions.filter(partners__isnull=False).distinct().count() >= 6
    assert actions.filter(organisations__isnull=False).distinct().count() >= 8
    assert actions.filter(feedback__isnull=False).distinct().count() >= 6
    assert actions.filter(feedback__wants_reply=True).distinct().count() >= 3
    assert actions.filter(interplay_ideas__isnull=False).distinct().count() == 2
    assert actions.filter(potentials__isnull=False).distinct().count() == 3
    assert all(action.feedback_themes for action in actions)


def test_it_makes_exactly_one_action_late_and_one_stale(demo_data):
    overview = plan_overview(strategy=plan())
    late = [action.title for action in overview.actions if action.late]
    stale = [action.title for action in overview.actions if action.stale]
    assert late == ["Montageopgaver fra private virksomheder"]
    assert stale == ["Lokaler til opstart i landdistrikterne og på Årø"]
    assert (overview.late_count, overview.stale_count) == (1, 1)
    assert [action.title for action in stale_actions()] == stale
    counts_by_state = {row["state"]: row["count"] for row in overview.state_counts}
    assert counts_by_state == {"proposed": 0, "planned": 2, "under_way": 7, "done": 2, "dropped": 1}


def test_it_dates_the_progress_in_the_past_after_the_adoption(demo_data):
    strategy = plan()
    decided_on = strategy.council_decision.decided_on
    updates = ProgressUpdate.objects.filter(action__strategy=strategy)
    assert updates.count() >= 25
    assert updates.exclude(note="").count() == updates.count()
    assert {update.action_id for update in updates} == set(
        strategy.actions.values_list("pk", flat=True)
    )
    today = timezone.localdate()
    for update in updates.select_related("action"):
        assert decided_on < update.date <= today
        assert timezone.localdate(update.created_at) == update.date
    # The newest update set each action's state.
    for action in strategy.actions.all():
        assert action.state == action.progress.order_by("-date").first().state


def test_it_records_the_review_recommendation_and_council_decision(demo_data):
    strategy = plan()
    decision = strategy.council_decision
    # Adoption records the plan in force as one more version, after the decided one.
    in_force, latest = strategy.versions.order_by("-number")[:2]
    assert in_force.number == decision.version.number + 1
    assert in_force.submitted_at is None
    assert timezone.localdate(in_force.saved_at) == decision.decided_on + timedelta(days=1)
    assert decision.outcome == CouncilDecision.Outcome.ADOPTED
    assert decision.version == latest
    assert decision.decided_on < strategy.starts_on
    assert latest.submitted_at is not None
    assert timezone.localdate(latest.submitted_at) < decision.decided_on
    assert in_force.number == strategy.versions.count() >= 20
    assert latest.verdicts.get().verdict == StrategyVerdict.Verdict.APPROVED
    states = {version.pk: version.review_state for version in versions_of(strategy=strategy)}
    assert states[latest.pk] == StrategyVersion.ReviewState.APPROVED
    recommendation = strategy.recommendation
    assert recommendation.version == latest
    for section in Recommendation.SECTIONS:
        assert len(getattr(recommendation, section)) > 50
    assert len(recommendation.decision_point_lines()) == 3
    assert len(recommendation.annex_lines()) == 3
    # Every save was a version, saved by the staff, all before the submission but adoption's.
    savers = set(strategy.versions.values_list("saved_by__username", flat=True))
    assert savers == {"leder", "konsulent"}
    after = strategy.versions.filter(saved_at__gt=latest.submitted_at)
    assert list(after) == [in_force]
    # The people who asked to hear back were told of the adoption, and of the done action.
    adopted = FeedbackNotice.objects.filter(event="adopted")
    assert adopted.count() == 4
    assert FeedbackNotice.objects.filter(event="done").count() == 1
    assert {message.to[0] for message in demo_data["mail"]} >= {
        "villads@example.dk",
        "hanne@example.dk",
    }


def test_it_leaves_the_newer_draft_under_the_steering_groups_review(demo_data):
    users = demo_data["users"]
    strategy = draft()
    assert strategy.state == Strategy.State.DRAFT
    versions = versions_of(strategy=strategy)
    latest = versions[0]
    assert latest.number == len(versions) >= 10
    assert latest.submitted_at is not None
    assert latest.submitted_by == users["project_leader"]
    assert latest.review_state == StrategyVersion.ReviewState.OPEN
    assert not any(version.submitted_at for version in versions[1:])
    assert set(strategy.versions.values_list("saved_by__username", flat=True)) == {
        "leder",
        "konsulent",
    }
    comment = latest.comments.get()
    assert comment.author == users["steering_group"]
    area = strategy.focus_areas.get(position=2)
    assert comment.section == f"focus-{area.pk}"
    assert not latest.verdicts.exists()
    assert strategy.actions.count() == 5
    assert timezone.now() - timedelta(days=30) < strategy.created_at < latest.submitted_at


def test_it_prints_one_line_per_thing_it_makes(demo_data):
    lines = demo_data["out"].splitlines()
    assert sum(line.startswith("Action") for line in lines) == 12 + 5 + 1
    assert sum(line.startswith("Progress on") for line in lines) == ProgressUpdate.objects.count()
    assert any(line.startswith("Council decision: adopted") for line in lines)


def test_it_shows_each_role_the_plans_right_away(client, demo_data):
    users = demo_data["users"]
    version = draft().versions.order_by("-number").first()
    client.force_login(users["steering_group"])
    page = client.get(reverse("strategy:version-detail", args=[version.pk]))
    assert page.status_code == 200
    assert "Hvordan sikrer vi, at Årø" in page.content.decode()
    client.force_login(users["project_leader"])
    page = client.get(reverse("strategy:plan-overview", args=[plan().pk]))
    assert page.status_code == 200
    assert "Montageopgaver fra private virksomheder" in page.content.decode()
    client.logout()
    page = client.get(reverse("strategy:public-plan"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Socialøkonomisk dag på Torvet i Haderslev" in content
    assert "Kravspecifikation" not in content  # internal notes stay internal
