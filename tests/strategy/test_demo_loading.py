"""The strategy's demo loaded into a database of its own: by the demo_data command, twice,
without the mapping's demo, and under another stale limit. The tests that read the demo as
it is share one load in test_demo.py."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import OutputWrapper
from django.utils import timezone

from mapping.models import Feedback
from strategy import demo
from strategy.demo import adopted_content
from strategy.models import (
    Action,
    CouncilDecision,
    FocusArea,
    Goal,
    ProgressUpdate,
    Recommendation,
    Strategy,
    StrategyComment,
    StrategyVerdict,
    StrategyVersion,
)
from strategy.selectors.progress import plan_in_force, plan_overview
from tests.strategy.demo import draft, load_demo, plan

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count()
        for model in (
            Strategy,
            StrategyVersion,
            FocusArea,
            Goal,
            Action,
            ProgressUpdate,
            StrategyComment,
            StrategyVerdict,
            Recommendation,
            CouncilDecision,
            Feedback,
        )
    )


def test_it_keeps_one_stale_action_whatever_the_stale_limit(settings):
    settings.STRATEGY_STALE_DAYS = 75
    load_demo()
    overview = plan_overview(strategy=plan())
    assert (overview.late_count, overview.stale_count) == (1, 1)
    stale = next(action for action in overview.actions if action.stale)
    assert (timezone.localdate() - stale.last_update_on).days == 100


def test_it_changes_nothing_when_demo_data_runs_twice(settings):
    settings.DEBUG = True
    call_command("demo_data", stdout=io.StringIO())
    first = counts()
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    assert counts() == first
    assert first[:2] == (2, StrategyVersion.objects.count())
    assert first[4] == 17
    assert "already there, nothing added" in out.getvalue()


def test_it_makes_the_plans_without_the_mapping_demo(leader, consultant, steering):
    out = io.StringIO()
    users = {"project_leader": leader, "consultant": consultant, "steering_group": steering}
    demo.load(users=users, stdout=OutputWrapper(out))
    strategy = plan_in_force()
    assert strategy.title == adopted_content.TITLE
    assert strategy.actions.count() == 12
    # Organisations the mapping lacks: their actions fall back to a department as owner.
    assert not strategy.actions.filter(owner_organisation__isnull=False).exists()
    assert not strategy.actions.filter(feedback__isnull=False).exists()
    assert "skipped" in out.getvalue()
    assert draft().versions.order_by("-number").first().submitted_at is not None
