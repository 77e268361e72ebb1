"""The strategy and action plan: strategies, focus areas, goals, actions, versions and the
council's decision, and the example plans that several test modules share."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from strategy.models import (
    Action,
    CouncilDecision,
    FocusArea,
    Goal,
    Strategy,
    StrategyVersion,
)
from strategy.services import drafting
from strategy.services.progress import progress_add
from strategy.snapshot import strategy_snapshot
from tests.factories.mapping import OrganisationFactory

# An internal note of the staff's that no public page may show.
NOTE = "HEMMELIG intern note 4711 om budgettet"


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - dt.timedelta(days=days)


class StrategyFactory(DjangoModelFactory):
    class Meta:
        model = Strategy

    title = "Socialøkonomisk strategi 2027–2030"
    vision = "Haderslev er kendt for stærke socialøkonomiske virksomheder."
    starts_on = dt.date(2027, 1, 1)
    ends_on = dt.date(2030, 12, 31)


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    strategy = factory.SubFactory(StrategyFactory)
    position = 1
    title = factory.Sequence(lambda n: f"Indsatsområde {n}")


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    focus_area = factory.SubFactory(FocusAreaFactory)
    position = 1
    title = factory.Sequence(lambda n: f"Mål {n}")


def _next_position(action):
    return Action.objects.filter(focus_area=action.focus_area).count() + 1


class ActionFactory(DjangoModelFactory):
    """A planned action of its focus area's strategy, from 100 days ago to 100 days ahead,
    owned by a department unless an organisation or a person is given; placed after the
    focus area's other actions unless told."""

    class Meta:
        model = Action

    focus_area = factory.SubFactory(FocusAreaFactory)
    strategy = factory.SelfAttribute("focus_area.strategy")
    goal = None
    title = factory.Sequence(lambda n: f"Handling {n}")
    owner_organisation = None
    owner_person = None
    owner_department = factory.LazyAttribute(
        lambda action: "" if action.owner_organisation or action.owner_person else "Beskæftigelse"
    )
    starts_on = factory.LazyFunction(lambda: days_ago(100))
    ends_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=100))
    state = Action.State.PLANNED
    position = factory.LazyAttribute(_next_position)


class StrategyVersionFactory(DjangoModelFactory):
    """The strategy's next version with the snapshot of its live rows; `submitted=True` for
    one submitted to the steering group by the one who saved it."""

    class Meta:
        model = StrategyVersion

    class Params:
        submitted = False

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.LazyAttribute(lambda version: version.strategy.versions.count() + 1)
    snapshot = factory.LazyAttribute(lambda version: strategy_snapshot(version.strategy))
    submitted_at = factory.LazyAttribute(
        lambda version: timezone.now() if version.submitted else None
    )
    submitted_by = factory.LazyAttribute(
        lambda version: version.saved_by if version.submitted else None
    )


class CouncilDecisionFactory(DjangoModelFactory):
    class Meta:
        model = CouncilDecision

    strategy = factory.SelfAttribute("version.strategy")
    version = factory.SubFactory(StrategyVersionFactory, snapshot={})
    decided_on = factory.LazyFunction(lambda: days_ago(10))
    outcome = CouncilDecision.Outcome.ADOPTED


# --- The review's plan: fixed dates, budgets that sum to 1.234.567,50 kr. ----------------

BUDGETS = {
    "Socialøkonomisk kuvøse": Decimal("226875.00"),
    "Netværksmøder for iværksættere": Decimal("500000.00"),
    "Indkøb fra socialøkonomiske virksomheder": Decimal("507692.50"),
}
TOTAL = sum(BUDGETS.values())  # 1.234.567,50 kr.
HOURS = Decimal("240.00")


def build_review_strategy(*, by, title="Socialøkonomisk strategi 2027–2030"):
    """A draft plan built with the models directly: two focus areas, a goal, and three
    actions whose budgets are BUDGETS."""
    strategy = StrategyFactory(title=title, created_by=by)
    growth = FocusAreaFactory(
        strategy=strategy, position=1, title="Flere socialøkonomiske virksomheder"
    )
    interplay = FocusAreaFactory(strategy=strategy, position=2, title="Samspil med kommunen")
    goal = GoalFactory(focus_area=growth, position=1, title="10 nye virksomheder")
    ActionFactory(
        focus_area=growth,
        goal=goal,
        position=1,
        title="Socialøkonomisk kuvøse",
        owner_department="Erhverv og Udvikling",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2028, 12, 31),
        budget=BUDGETS["Socialøkonomisk kuvøse"],
        budget_hours=Decimal("120"),
        indicator="Virksomheder i kuvøsen",
        indicator_unit="antal",
        baseline=Decimal("0"),
        target=Decimal("10"),
        state=Action.State.PROPOSED,
    )
    ActionFactory(
        focus_area=growth,
        position=2,
        title="Netværksmøder for iværksættere",
        owner_department="Erhverv og Udvikling",
        starts_on=dt.date(2027, 7, 1),
        ends_on=dt.date(2027, 12, 31),
        budget=BUDGETS["Netværksmøder for iværksættere"],
        budget_hours=Decimal("40"),
        state=Action.State.PROPOSED,
    )
    ActionFactory(
        focus_area=interplay,
        position=1,
        title="Indkøb fra socialøkonomiske virksomheder",
        owner_department="Indkøb",
        starts_on=dt.date(2028, 3, 15),
        ends_on=dt.date(2030, 6, 30),
        budget=BUDGETS["Indkøb fra socialøkonomiske virksomheder"],
        budget_hours=Decimal("80"),
        state=Action.State.PLANNED,
    )
    return strategy


def build_review_plan_data(*, by):
    """The review's plan with two versions: 1 submitted to the steering group, 2 (the
    latest) not."""
    strategy = build_review_strategy(by=by)
    submitted = StrategyVersionFactory(strategy=strategy, saved_by=by, submitted=True)
    latest = StrategyVersionFactory(strategy=strategy, saved_by=by)
    return {"strategy": strategy, "submitted": submitted, "latest": latest}


# --- The plan in action: dates relative to today, a recorded council decision -------------


def build_progress_strategy(
    *, by, state=Strategy.State.ADOPTED, title="Socialøkonomisk handleplan", adopted_days_ago=10
):
    """A strategy with two focus areas and a goal; adopted `adopted_days_ago` days ago by a
    recorded council decision when its state is ADOPTED."""
    strategy = StrategyFactory(
        title=title,
        vision="Flere socialøkonomiske virksomheder i hele kommunen.",
        state=state,
        created_by=by,
        starts_on=days_ago(400),
        ends_on=today() + dt.timedelta(days=700),
    )
    network = FocusAreaFactory(strategy=strategy, position=1, title="Netværk og synlighed")
    FocusAreaFactory(strategy=strategy, position=2, title="Kuvøse og sparring")
    GoalFactory(focus_area=network, position=1, title="Et levende lokalt netværk")
    if state == Strategy.State.ADOPTED:
        CouncilDecisionFactory(
            version__strategy=strategy,
            version__number=1,
            version__saved_by=by,
            decided_on=days_ago(adopted_days_ago),
            recorded_by=by,
        )
    return strategy


def build_live_plan(leader, consultant):
    """The plan in force: five actions in known states (one late, one ending today), one of
    them owned by the consultant, one by an organisation."""
    State = Action.State
    strategy = build_progress_strategy(by=leader)
    network, incubator = strategy.focus_areas.order_by("position")
    goal = network.goals.get()
    organisation = OrganisationFactory(name="Café Kvisten")
    actions = {
        "meetings": ActionFactory(
            focus_area=network,
            title="Netværksmøder hver måned",
            goal=goal,
            state=State.UNDER_WAY,
            owner_person=consultant,
            indicator="Deltagere pr. møde",
            indicator_unit="personer",
            baseline=Decimal("5"),
            target=Decimal("25"),
            budget=Decimal("226875.00"),
            budget_hours=Decimal("120"),
        ),
        "incubator": ActionFactory(
            focus_area=incubator, title="Kuvøseforløb for iværksættere", ends_on=days_ago(5)
        ),
        "mapping": ActionFactory(
            focus_area=network,
            title="Kortlægning afsluttet",
            state=State.DONE,
            owner_organisation=organisation,
            ends_on=days_ago(30),
        ),
        "dropped": ActionFactory(
            focus_area=incubator, title="Droppet messe", state=State.DROPPED, ends_on=days_ago(30)
        ),
        "today": ActionFactory(focus_area=incubator, title="Slutter i dag", ends_on=today()),
    }
    return {"strategy": strategy, **actions}


def build_draft_plan(leader):
    """A draft with one action."""
    strategy = build_progress_strategy(
        by=leader, state=Strategy.State.DRAFT, title="Ny handleplan (udkast)"
    )
    area = strategy.focus_areas.first()
    return {
        "strategy": strategy,
        "action": ActionFactory(focus_area=area, title="Udkastets handling"),
    }


def record_progress(action, *, by):
    """Two progress updates on `action`, a month and two days ago, the newest with NOTE."""
    State = Action.State
    progress_add(
        action=action,
        by=by,
        date=days_ago(30),
        state=State.UNDER_WAY,
        percent_done=20,
        indicator_value=Decimal("9"),
        note="Første møde gik skævt",
    )
    progress_add(
        action=action,
        by=by,
        date=days_ago(2),
        state=State.UNDER_WAY,
        percent_done=65,
        indicator_value=Decimal("18.5"),
        note=NOTE,
    )
    return action


# --- The drafted plan: built through the drafting services, every step a version ----------

PLAN_BUDGET = Decimal("465000.50")
PLAN_HOURS = Decimal("660.00")
PLAN_VERSIONS = 9


@dataclass
class Plan:
    strategy: Strategy
    areas: list
    goals: list
    actions: list
    by: object


def build_drafted_plan(*, by, title="Socialøkonomisk strategi 2026–2029", state=None, feedback=()):
    """A draft built through the drafting services, every step a version: see
    tests/strategy/conftest.py for what it holds (other tests rely on its values)."""
    strategy = drafting.strategy_create(
        by=by,
        title=title,
        vision="Haderslev har et stærkt socialøkonomisk fællesskab.",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2029, 12, 31),
    )
    areas = [
        drafting.focus_area_save(strategy=strategy, by=by, position=position, title=area_title)
        for position, area_title in ((1, "Netværk og synlighed"), (2, "Iværksætteri og vækst"))
    ]
    goals = [
        drafting.goal_save(focus_area=area, by=by, position=position, title=goal_title)
        for area, position, goal_title in (
            (areas[0], 1, "Flere kender de socialøkonomiske virksomheder"),
            (areas[1], 1, "Flere nye socialøkonomiske virksomheder"),
            (areas[1], 2, "Virksomhederne overlever de første tre år"),
        )
    ]
    owner = OrganisationFactory(name="Haderslev Erhvervsråd")
    partner = OrganisationFactory(name="Sønderjysk Partner")
    common = {"strategy": strategy}
    actions = [
        drafting.action_save(
            **common,
            focus_area=areas[0],
            goal=goals[0],
            position=1,
            title="Lokalt netværk",
            owner_department="Erhverv og Udvikling",
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2027, 6, 30),
            budget=Decimal("120000.00"),
            budget_hours=Decimal("200"),
            indicator="Medlemmer",
            indicator_unit="virksomheder",
            baseline=Decimal("0"),
            target=Decimal("25"),
            state=Action.State.PLANNED,
            by=by,
        ),
        drafting.action_save(
            **common,
            focus_area=areas[0],
            position=2,
            title="Årlig messe",
            owner_person=by,
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2026, 11, 30),
            budget=Decimal("45000.50"),
            budget_hours=Decimal("60"),
            state=Action.State.PROPOSED,
            by=by,
        ),
        drafting.action_save(
            **common,
            focus_area=areas[1],
            goal=goals[1],
            position=3,
            title="Kuvøse for nye virksomheder",
            owner_organisation=owner,
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2028, 12, 31),
            budget=Decimal("300000.00"),
            budget_hours=Decimal("400"),
            state=Action.State.UNDER_WAY,
            by=by,
            partners=[partner],
        ),
    ]
    if feedback:
        first = actions[0]
        drafting.action_save(action=first, by=by, revision=first.revision, feedback=list(feedback))
    if state is not None:
        Strategy.objects.filter(pk=strategy.pk).update(state=state)
        strategy.refresh_from_db()
    return Plan(strategy=strategy, areas=areas, goals=goals, actions=actions, by=by)
