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

import pytest

from tests.factories.strategy import (
    PLAN_BUDGET,
    PLAN_HOURS,
    PLAN_VERSIONS,
    Plan,
    build_drafted_plan,
)

# The drafted plan's sums, for the tests that check them.
__all__ = ["PLAN_BUDGET", "PLAN_HOURS", "PLAN_VERSIONS", "Plan"]


@pytest.fixture
def plan(db, request):
    """Factory: `plan(by=None, title=..., state=None, feedback=())` -> Plan (see above)."""

    def make(*, by=None, **options):
        return build_drafted_plan(by=by or request.getfixturevalue("leader"), **options)

    return make
