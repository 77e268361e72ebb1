"""Who may import: every URL of the import, every actor."""

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from mapping.models import ImportBatch, Organisation
from mapping.services.spreadsheets import (
    import_batch_create,
    import_batch_preview,
    import_batch_set_columns,
    import_batch_start_commit,
)
from tests.factories.mapping import ImportBatchFactory
from tests.mapping.import_steps import csv_file, jobs_run
from tests.permissions import STAFF_POST_ONLY, Row, get_row, matrix, row_ids

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "alice", "bob", "consultant", "steering", "leader"]
LOGIN = "login"
STAFF_ONLY = dict(zip(ACTORS, (LOGIN, 403, 403, 200, 403, 200), strict=True))
STAFF_REDIRECT = dict(zip(ACTORS, (LOGIN, 403, 403, 302, 403, 302), strict=True))

DATA = csv_file([["Navn", "Sektor", "Type"], ["Importeret Forening", "civil", "association"]])


def make_batch(user, **fields):
    return ImportBatchFactory(created_by=user, data=DATA, preview=True, **fields)


def busy_batch(user, step):
    """An import with the job of `step` queued and not yet run: reading, preparing its
    preview, or importing."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        if step == "read":
            return import_batch_create(name="liste.csv", data=DATA, by=user)
        batch = make_batch(user)
        if step == "preview":
            return import_batch_set_columns(batch=batch, column_map=batch.column_map, by=user)
        plan, _good = import_batch_preview(batch=batch)
        return import_batch_start_commit(batch=batch, by=user, digest=plan.digest)


@pytest.fixture
def world(alice, bob, leader, consultant, steering):
    return {
        "alice": alice,
        "bob": bob,
        "leader": leader,
        "consultant": consultant,
        "steering": steering,
        # The project leader's import, which the others try to reach.
        "batch": make_batch(leader),
        "done": make_batch(leader, state=ImportBatch.State.DONE, summary={"rows": []}),
        "reading": busy_batch(leader, "read"),
        "preparing": busy_batch(leader, "preview"),
        "importing": busy_batch(leader, "commit"),
        "failed": ImportBatchFactory(
            created_by=leader, data=b"\x89PNG\r\n\x1a\n", name="billede.csv"
        ),
    }


def url_of(name, batch):
    return lambda w: reverse(f"mapping:import-{name}", args=[w[batch].pk])


GET_MATRIX = matrix(
    __name__,
    [
        Row("mapping:import-upload", lambda w: reverse("mapping:import-upload"), STAFF_ONLY),
        Row(
            "mapping:import-columns",
            lambda w: reverse("mapping:import-columns", args=[w["batch"].pk]),
            STAFF_ONLY,
        ),
        Row(
            "mapping:import-preview",
            lambda w: reverse("mapping:import-preview", args=[w["batch"].pk]),
            STAFF_ONLY,
        ),
        Row(
            "mapping:import-result",
            lambda w: reverse("mapping:import-result", args=[w["done"].pk]),
            STAFF_ONLY,
            "done",
        ),
        Row(
            "mapping:import-rejects",
            lambda w: reverse("mapping:import-rejects", args=[w["batch"].pk]),
            STAFF_ONLY,
        ),
        Row(
            "mapping:import-result",
            lambda w: reverse("mapping:import-result", args=[w["batch"].pk]),
            STAFF_REDIRECT,
            "result of an unfinished import",
        ),
        Row("mapping:import-columns", url_of("columns", "reading"), STAFF_ONLY, "while reading"),
        Row(
            "mapping:import-preview", url_of("preview", "preparing"), STAFF_ONLY, "while preparing"
        ),
        Row("mapping:import-result", url_of("result", "importing"), STAFF_ONLY, "while importing"),
        Row("mapping:import-columns", url_of("columns", "failed"), STAFF_ONLY, "failed import"),
        Row("mapping:import-preview", url_of("preview", "failed"), STAFF_REDIRECT, "failed import"),
        # Committing and cancelling take a POST (test_only_staff_may_commit_or_cancel).
        Row("mapping:import-commit", url_of("commit", "batch"), STAFF_POST_ONLY, "GET"),
        Row("mapping:import-cancel", url_of("cancel", "batch"), STAFF_POST_ONLY, "GET"),
        Row(
            "mapping:organisation-list",
            lambda w: reverse("mapping:organisation-list") + "?export=csv",
            STAFF_ONLY,
            "export csv",
        ),
        Row(
            "mapping:organisation-list",
            lambda w: reverse("mapping:organisation-list") + "?export=xlsx",
            STAFF_ONLY,
            "export xlsx",
        ),
    ],
)


def check(response, want):
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == want


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", GET_MATRIX, ids=row_ids(GET_MATRIX))
def test_permission_matrix(client, world, actor, row):
    if actor != "anonymous":
        client.force_login(world[actor])
    check(get_row(client, world, row), row.expected[actor])


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", ["mapping:import-commit", "mapping:import-cancel"])
def test_only_staff_may_commit_or_cancel(client, world, actor, name):
    """Staff share imports: the consultant may finish the project leader's. Nobody else."""
    batch = world["batch"]
    plan, _good = import_batch_preview(batch=batch)
    if actor != "anonymous":
        client.force_login(world[actor])
    with jobs_run():
        response = client.post(reverse(name, args=[batch.pk]), {"digest": plan.digest})
    check(response, STAFF_REDIRECT[actor])
    batch.refresh_from_db()
    imported = Organisation.objects.filter(name="Importeret Forening").exists()
    if STAFF_REDIRECT[actor] == 302:
        expected = "done" if name == "mapping:import-commit" else "cancelled"
        assert (batch.state, imported) == (expected, expected == "done")
    else:
        assert (batch.state, imported) == ("preview", False)


@pytest.mark.parametrize("actor", ["alice", "steering"])
def test_others_cannot_change_the_columns_of_an_import(client, world, actor):
    batch = world["batch"]
    client.force_login(world[actor])
    response = client.post(
        reverse("mapping:import-columns", args=[batch.pk]),
        {"column_0": "town", "column_1": "name", "column_2": ""},
    )
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.column_map["columns"] == ["name", "sector", "kind"]


@pytest.mark.parametrize("actor", ["alice", "bob", "steering"])
def test_others_cannot_upload(client, world, actor):
    client.force_login(world[actor])
    before = ImportBatch.objects.count()
    response = client.post(
        reverse("mapping:import-upload"), {"file": ContentFile(DATA, name="liste.csv")}
    )
    assert response.status_code == 403
    assert ImportBatch.objects.count() == before


def test_a_consultant_continues_the_project_leaders_import(client, world):
    client.force_login(world["consultant"])
    batch = world["batch"]
    preview = client.get(reverse("mapping:import-preview", args=[batch.pk]))
    assert preview.context["batch"].created_by == world["leader"]
    with jobs_run():
        client.post(
            reverse("mapping:import-commit", args=[batch.pk]),
            {"digest": preview.context["plan"].digest},
        )
    organisation = Organisation.objects.get(name="Importeret Forening")
    # The one who committed is the one who approved and changed it.
    assert organisation.moderated_by == world["consultant"]
    assert organisation.history.latest().history_user == world["consultant"]


def test_an_unknown_import_is_not_found(client, world):
    client.force_login(world["leader"])
    assert client.get(reverse("mapping:import-preview", args=[9999])).status_code == 404


def test_every_import_view_states_its_roles():
    from mapping.views import spreadsheets

    for pattern in spreadsheets.urlpatterns:
        assert pattern.callback.allowed_roles == {"project_leader", "consultant"}, pattern.name


def test_commit_and_cancel_take_only_posts(client, world):
    client.force_login(world["leader"])
    for name in ("mapping:import-commit", "mapping:import-cancel"):
        assert client.get(reverse(name, args=[world["batch"].pk])).status_code == 405
    world["batch"].refresh_from_db()
    assert world["batch"].state == ImportBatch.State.PREVIEW
