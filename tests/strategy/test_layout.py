"""The strategy's view modules stay small enough to read: each under 400 lines (split by
concept when one grows, as the editing machinery was split from the drafting views)."""

from pathlib import Path

import pytest

import strategy.views

MAX_LINES = 400
VIEWS = sorted(Path(strategy.views.__file__).parent.glob("*.py"))


@pytest.mark.parametrize("module", VIEWS, ids=[path.name for path in VIEWS])
def test_each_view_module_stays_under_400_lines(module):
    assert len(module.read_text(encoding="utf-8").splitlines()) < MAX_LINES
