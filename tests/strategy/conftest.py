"""Shared strategy fixtures.

`plan` is a factory that builds a draft strategy through the drafting services (so every
step is a version, as in real use). Call it as `plan()` or with options; it returns a
`Plan` with `.strategy`, `.areas` (2 focus areas), `.goals` (3), `.actions` (3) and `.by`.

What `plan()` builds, always the same (other tests rely on these values; keep them stable):

- strategy "Socialøkonomisk strategi 2026–2029", period 01.01.2026–31.12.2029, a vision;
- areas[0] "Netværk og synlighed" (position 1), areas[1] "Iværksætteri og vækst" (2);
- goals[0] under areas[0]; goals[1] and goals[2] under areas[1];
- actions[0] "Lokalt netværk": areas[0], goals[0], owner department "Erhverv og Udvikling",
  01.03.2026–30.06.2027, 120.000,00 kr., 200 hours, indicator "Medlemmer" (virksomheder)
  0 → 25, PLANNED;
- actions[1] "Årlig messe": areas[0], no goal, owner person `by`, 01.09.2026–30.11.2026,
  45.000,50 kr., 60 hours, PROPOSED;
- actions[2] "Kuvøse for nye virksomheder": areas[1], goals[1], owner organisation
  "Haderslev Erhvervsråd" (created), partner organisation "Sønderjysk Partner" (created),
  01.01.2027–31.12.2028, 300.000,00 kr., 400 hours, UNDER_WAY;
- in all 465.000,50 kr. and 660 hours; 9 versions (1 create + 2 areas + 3 goals + 3 actions),
  each saved by `by`.

Options: `by` (default: the `leader` fixture), `title`, `state` (set directly afterwards, e.g.
`Strategy.State.ADOPTED` for a plan in force; adoption proper is the council's workflow),
`feedback` (Feedback rows that actions[0] answers, linked through the service: one more
version).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from strategy.models import Action, FocusArea, Goal, Strategy
from strategy.services import drafting as services
from tests.conftest import make_organisation

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


def build_plan(*, by, title="Socialøkonomisk strategi 2026–2029", state=None, feedback=()):
    strategy = services.strategy_create(
        by=by,
        title=title,
        vision="Haderslev har et stærkt socialøkonomisk fællesskab.",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2029, 12, 31),
    )
    areas = [
        services.focus_area_save(
            focus_area=FocusArea(strategy=strategy, position=position, title=area_title),
            by=by,
        )
        for position, area_title in ((1, "Netværk og synlighed"), (2, "Iværksætteri og vækst"))
    ]
    goals = [
        services.goal_save(goal=Goal(focus_area=area, position=position, title=goal_title), by=by)
        for area, position, goal_title in (
            (areas[0], 1, "Flere kender de socialøkonomiske virksomheder"),
            (areas[1], 1, "Flere nye socialøkonomiske virksomheder"),
            (areas[1], 2, "Virksomhederne overlever de første tre år"),
        )
    ]
    owner = make_organisation("Haderslev Erhvervsråd")
    partner = make_organisation("Sønderjysk Partner")
    common = {"strategy": strategy}
    actions = [
        services.action_save(
            action=Action(
                **common,
                focus_area=areas[0],
                goal=goals[0],
                position=1,
                title="Lokalt netværk",
                owner_department="Erhverv og Udvikling",
                starts_on=datetime.date(2026, 3, 1),
                ends_on=datetime.date(2027, 6, 30),
                budget=Decimal("120000.00"),
                budget_hours=Decimal("200"),
                indicator="Medlemmer",
                indicator_unit="virksomheder",
                baseline=Decimal("0"),
                target=Decimal("25"),
                state=Action.State.PLANNED,
            ),
            by=by,
        ),
        services.action_save(
            action=Action(
                **common,
                focus_area=areas[0],
                position=2,
                title="Årlig messe",
                owner_person=by,
                starts_on=datetime.date(2026, 9, 1),
                ends_on=datetime.date(2026, 11, 30),
                budget=Decimal("45000.50"),
                budget_hours=Decimal("60"),
                state=Action.State.PROPOSED,
            ),
            by=by,
        ),
        services.action_save(
            action=Action(
                **common,
                focus_area=areas[1],
                goal=goals[1],
                position=3,
                title="Kuvøse for nye virksomheder",
                owner_organisation=owner,
                starts_on=datetime.date(2027, 1, 1),
                ends_on=datetime.date(2028, 12, 31),
                budget=Decimal("300000.00"),
                budget_hours=Decimal("400"),
                state=Action.State.UNDER_WAY,
            ),
            by=by,
            relations={"partners": [partner]},
        ),
    ]
    if feedback:
        first = actions[0]
        services.action_save(
            action=first, by=by, revision=first.revision, relations={"feedback": list(feedback)}
        )
    if state is not None:
        Strategy.objects.filter(pk=strategy.pk).update(state=state)
        strategy.refresh_from_db()
    return Plan(strategy=strategy, areas=areas, goals=goals, actions=actions, by=by)


@pytest.fixture
def plan(db, request):
    """Factory: `plan(by=None, title=..., state=None, feedback=())` -> Plan (see above)."""

    def make(*, by=None, **options):
        return build_plan(by=by or request.getfixturevalue("leader"), **options)

    return make
