"""The programme's move from `portal` to an app of its own keeps every row: migrated back to
the state before the move, rows made there by `portal`'s models are found after it under the
`programme` app's, with the same ids, and what pointed at them by content type (stored
e-mail, the admin's log) points at the same rows under the new label.

Transactional (the SQLite schema editor cannot run inside the test's transaction); no mark
for one database: it runs on SQLite and on PostgreSQL.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from portal.models import Delivery
from portal.programme.models import (
    Activity,
    AgendaItem,
    Decision,
    FollowUpTask,
    Phase,
    SteeringMeeting,
    TimeEntry,
)

# The state before the move: portal's last migration while the models were its own, and no
# `programme` app yet. (Everything applied after the move is unapplied and applied again.)
BEFORE = [("portal", "0009_jobs"), ("programme", None)]


def _migrate(executor, targets):
    """Apply or unapply, one by one, the migrations between the database and `targets`.

    As `executor.migrate(targets)` does, but each migration is given the state it needs from
    its own dependencies (cheap) instead of a state rendered for the whole project and
    carried through every migration (some twenty seconds on a small machine)."""
    executor.loader.build_graph()
    for migration, backwards in executor.migration_plan(targets):
        # The state just before the migration, which both directions start from.
        state = executor.loader.project_state((migration.app_label, migration.name), at_end=False)
        if backwards:
            executor.unapply_migration(state, migration)
        else:
            executor.apply_migration(state, migration)
    executor.loader.build_graph()


def _rows_before_the_move(old):
    """A phase, an activity, a time entry, a meeting with a decision and a follow-up task,
    a history row, a stored e-mail and an admin log entry, with `portal`'s models."""
    user = old.get_model("portal", "User").objects.create(username="kim", role="consultant")
    today = timezone.localdate()
    phase = old.get_model("portal", "Phase").objects.create(
        number=1,
        name="Kortlægning",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        contracted=True,
    )
    old.get_model("portal", "HistoricalPhase").objects.create(
        id=phase.pk,
        number=1,
        name="Kortlægning",
        starts_on=phase.starts_on,
        ends_on=phase.ends_on,
        contracted=True,
        history_date=timezone.now(),
        history_type="+",
        history_user=user,
    )
    activity = old.get_model("portal", "Activity").objects.create(
        phase=phase,
        name="Projektetablering",
        estimated_hours=Decimal("30"),
        planned_start=phase.starts_on,
        planned_end=phase.ends_on,
        responsible=user,
    )
    entry = old.get_model("portal", "TimeEntry").objects.create(
        user=user, activity=activity, date=today, hours=Decimal("2.5"), hourly_rate=Decimal("825")
    )
    start = timezone.now()
    meeting = old.get_model("portal", "SteeringMeeting").objects.create(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Rådhuset"
    )
    item = old.get_model("portal", "AgendaItem").objects.create(
        meeting=meeting, position=1, title="Budget", points_at_budget=True
    )
    decision = old.get_model("portal", "Decision").objects.create(
        meeting=meeting, agenda_item=item, text="Budgettet godkendes."
    )
    task = old.get_model("portal", "FollowUpTask").objects.create(
        decision=decision, title="Send budgettet", owner=user, due_on=today
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    meeting_type = content_types.get(app_label="portal", model="steeringmeeting")
    delivery = old.get_model("portal", "Delivery").objects.create(
        template="steering_agenda",
        recipient="jens@example.dk",
        content_type=meeting_type,
        object_id=meeting.pk,
    )
    log = old.get_model("admin", "LogEntry").objects.create(
        user=user,
        content_type=content_types.get(app_label="portal", model="phase"),
        object_id=str(phase.pk),
        object_repr="Kortlægning",
        action_flag=CHANGE,
        change_message="[]",
    )
    return {
        "phase": phase.pk,
        "activity": activity.pk,
        "entry": entry.pk,
        "meeting": meeting.pk,
        "item": item.pk,
        "decision": decision.pk,
        "task": task.pk,
        "delivery": delivery.pk,
        "log": log.pk,
        "meeting_type": meeting_type.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_the_rows_and_what_points_at_them():
    executor = MigrationExecutor(connection)
    everything = executor.loader.graph.leaf_nodes()
    try:
        _migrate(executor, BEFORE)
        before = [*BEFORE[:1], *executor.loader.graph.leaf_nodes("admin")]
        old = executor.loader.project_state(before, at_end=True).apps
        assert not any(model._meta.app_label == "programme" for model in old.get_models())
        pks = _rows_before_the_move(old)
    finally:
        # Whatever happened, the database is left migrated for the tests that follow.
        _migrate(executor, everything)
        ContentType.objects.clear_cache()

    entry = TimeEntry.objects.select_related("activity__phase", "user").get(pk=pks["entry"])
    assert entry.activity.pk == pks["activity"]
    assert entry.activity.phase.pk == pks["phase"]
    assert entry.hours == Decimal("2.5")
    assert entry.user.username == "kim"
    assert Phase.history.get(id=pks["phase"]).history_user.username == "kim"
    task = FollowUpTask.objects.select_related("decision__meeting").get(pk=pks["task"])
    assert task.decision.pk == pks["decision"]
    assert task.decision.meeting.pk == pks["meeting"]
    assert AgendaItem.objects.get(pk=pks["item"]).decisions.get().pk == pks["decision"]
    assert (Activity.objects.count(), Decision.objects.count()) == (1, 1)

    # The content types moved with the models: the same row, the new label.
    meeting_type = ContentType.objects.get_for_model(SteeringMeeting)
    assert (meeting_type.pk, meeting_type.app_label) == (pks["meeting_type"], "programme")
    assert not ContentType.objects.filter(app_label="portal", model="steeringmeeting").exists()
    delivery = Delivery.objects.get(pk=pks["delivery"])
    assert delivery.content_type.get_object_for_this_type(pk=delivery.object_id) == (
        SteeringMeeting.objects.get(pk=pks["meeting"])
    )
    assert LogEntry.objects.get(pk=pks["log"]).get_edited_object() == Phase.objects.get(
        pk=pks["phase"]
    )
