"""Going back before strategy 0004 is refused, with a reason, once two plans are adopted:
0001's one-adopted-plan constraint could not be re-added, and which plans were replaced
before 0004 was not kept."""

import importlib

import pytest
from django.apps import apps
from django.db.migrations.exceptions import IrreversibleError

from strategy.models import Strategy

pytestmark = pytest.mark.django_db

migration = importlib.import_module("strategy.migrations.0004_council_amendments")


def _plan(title, state, by):
    return Strategy.objects.create(title=title, vision="Vision", state=state, created_by=by)


def test_going_back_is_refused_with_a_reason_when_two_plans_are_adopted(leader):
    first = _plan("Handleplan 2024-2026", Strategy.State.ADOPTED, leader)
    second = _plan("Handleplan 2027-2029", Strategy.State.ADOPTED, leader)
    with pytest.raises(IrreversibleError) as error:
        migration.backwards(apps, None)
    message = str(error.value)
    assert "2 plans are adopted" in message
    assert f"ids {first.pk}, {second.pk}" in message
    assert "Restore a backup" in message
    # Nothing was guessed: both plans are still adopted.
    assert Strategy.objects.filter(state=Strategy.State.ADOPTED).count() == 2


def test_going_back_with_one_adopted_plan_changes_nothing(leader):
    _plan("Handleplan 2024-2026", Strategy.State.ADOPTED, leader)
    _plan("Udkast", Strategy.State.DRAFT, leader)
    migration.backwards(apps, None)
    assert sorted(Strategy.objects.values_list("state", flat=True)) == ["adopted", "draft"]


def test_the_data_step_is_reversed_by_the_guard_before_the_constraint_comes_back():
    operations = migration.Migration.operations
    run_python = operations[-1]
    assert run_python.reverse_code is migration.backwards
    # Reversed in reverse order: the guard runs before RemoveConstraint's reverse re-adds it.
    assert operations.index(run_python) > next(
        i
        for i, op in enumerate(operations)
        if getattr(op, "name", "") == "strategy_one_plan_in_force"
    )
