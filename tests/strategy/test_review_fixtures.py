"""Test data of the review and council tests: a draft plan built with the models directly,
two focus areas, a goal, three actions whose budgets sum to 1.234.567,50 kr., and version 1
with the snapshot of it. Imported by test_review*.py and test_council*.py."""

from datetime import date
from decimal import Decimal

import pytest

from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion
from strategy.snapshot import strategy_snapshot

BUDGETS = {
    "Socialøkonomisk kuvøse": Decimal("226875.00"),
    "Netværksmøder for iværksættere": Decimal("500000.00"),
    "Indkøb fra socialøkonomiske virksomheder": Decimal("507692.50"),
}
TOTAL = sum(BUDGETS.values())  # 1.234.567,50 kr.
HOURS = Decimal("240.00")


def make_strategy(*, by, title="Socialøkonomisk strategi 2027–2030"):
    strategy = Strategy.objects.create(
        title=title,
        vision="Haderslev er kendt for stærke socialøkonomiske virksomheder.",
        starts_on=date(2027, 1, 1),
        ends_on=date(2030, 12, 31),
        created_by=by,
    )
    growth = FocusArea.objects.create(
        strategy=strategy, position=1, title="Flere socialøkonomiske virksomheder"
    )
    interplay = FocusArea.objects.create(
        strategy=strategy, position=2, title="Samspil med kommunen"
    )
    goal = Goal.objects.create(focus_area=growth, position=1, title="10 nye virksomheder")
    Action.objects.create(
        strategy=strategy,
        focus_area=growth,
        goal=goal,
        position=1,
        title="Socialøkonomisk kuvøse",
        owner_department="Erhverv og Udvikling",
        starts_on=date(2027, 1, 1),
        ends_on=date(2028, 12, 31),
        budget=BUDGETS["Socialøkonomisk kuvøse"],
        budget_hours=Decimal("120"),
        indicator="Virksomheder i kuvøsen",
        indicator_unit="antal",
        baseline=Decimal("0"),
        target=Decimal("10"),
    )
    Action.objects.create(
        strategy=strategy,
        focus_area=growth,
        position=2,
        title="Netværksmøder for iværksættere",
        owner_department="Erhverv og Udvikling",
        starts_on=date(2027, 7, 1),
        ends_on=date(2027, 12, 31),
        budget=BUDGETS["Netværksmøder for iværksættere"],
        budget_hours=Decimal("40"),
    )
    Action.objects.create(
        strategy=strategy,
        focus_area=interplay,
        position=1,
        title="Indkøb fra socialøkonomiske virksomheder",
        owner_department="Indkøb",
        starts_on=date(2028, 3, 15),
        ends_on=date(2030, 6, 30),
        budget=BUDGETS["Indkøb fra socialøkonomiske virksomheder"],
        budget_hours=Decimal("80"),
        state=Action.State.PLANNED,
    )
    return strategy


def make_version(strategy, *, by, submitted=False):
    """The strategy's next version, with the snapshot of the live rows."""
    number = (strategy.versions.count() or 0) + 1
    version = StrategyVersion.objects.create(
        strategy=strategy, number=number, snapshot=strategy_snapshot(strategy), saved_by=by
    )
    if submitted:
        from django.utils import timezone

        version.submitted_at = timezone.now()
        version.submitted_by = by
        version.save()
    return version


def make_plan_data(*, by):
    """A draft with two versions: 1 submitted to the steering group, 2 (the latest) not."""
    strategy = make_strategy(by=by)
    submitted = make_version(strategy, by=by, submitted=True)
    latest = make_version(strategy, by=by)
    return {"strategy": strategy, "submitted": submitted, "latest": latest}


@pytest.fixture
def plan_data(leader):
    return make_plan_data(by=leader)
