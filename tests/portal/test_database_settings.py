"""The production settings keep database connections healthy, and SQLite writers take turns."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_DATABASE = (
    "import json; from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'], default=str))"
)


def production_database(database_url):
    """The database settings as production reads them (DEBUG off, a real secret key)."""
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    environment = {key: value for key, value in os.environ.items() if key not in skip}
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.dk",
        DATABASE_URL=database_url,
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", PRINT_DATABASE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "database_url",
    ["postgres://portal:secret@db.example.dk:5432/portal", "sqlite:////tmp/portal.sqlite3"],
)
def test_connections_are_checked_before_reuse_in_production(database_url):
    """Kept connections (CONN_MAX_AGE) are checked before a request reuses them, so a
    restarted database costs no web process an error page."""
    database = production_database(database_url)
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_writers_take_the_lock_when_they_begin():
    database = production_database("sqlite:////tmp/portal.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 20
