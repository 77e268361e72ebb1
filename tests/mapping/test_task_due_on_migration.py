"""The migration that puts the mapping's task on the shared follow-up base: `deadline`
becomes `due_on` and every task keeps its date, owner and done time."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from portal.models import User

BEFORE = [("mapping", "0014_report_pdf_state")]
AFTER = [("mapping", "0016_task_due_on_done_by")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest():
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_the_tasks_keep_their_deadline_as_due_on():
    old = migrate(BEFORE)
    # The user with today's model: going back in the mapping leaves `portal` as it is.
    user = User.objects.create_user(username="k", role=User.Role.CONSULTANT)
    Task = old.get_model("mapping", "Task")
    done_at = timezone.now()
    Task.objects.create(title="Åben", owner_id=user.pk, deadline=dt.date(2026, 11, 27))
    Task.objects.create(
        title="Færdig", owner_id=user.pk, deadline=dt.date(2026, 10, 1), done_at=done_at
    )

    new = migrate(AFTER)
    rows = new.get_model("mapping", "Task").objects.order_by("title")
    assert [(t.title, t.due_on, t.owner_id, t.done_at, t.done_by_id) for t in rows] == [
        ("Færdig", dt.date(2026, 10, 1), user.pk, done_at, None),
        ("Åben", dt.date(2026, 11, 27), user.pk, None, None),
    ]
