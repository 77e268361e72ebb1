"""Production settings pass Django's deployment checklist."""

import secrets

from tests.portal.commands import manage


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.dk",
        CACHE_URL="redis://127.0.0.1:6379/1",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_of_the_database_cache():
    """Its counter is a read and a write: processes at the same time lose hits."""
    result = manage(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.dk",
        CACHE_URL="dbcache://portal_cache",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
    )
    assert "portal.W001" in result.stdout + result.stderr
    assert "portal.W002" not in result.stdout + result.stderr


def test_check_deploy_warns_when_jobs_would_run_in_requests():
    result = manage(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.dk",
        CACHE_URL="redis://127.0.0.1:6379/1",
        CELERY_BROKER_URL="",
    )
    assert "portal.W002" in result.stdout + result.stderr
    assert "portal.W001" not in result.stdout + result.stderr


def test_check_deploy_warns_of_a_cache_kept_per_process():
    """The rate limits count in the cache; with one cache per gunicorn worker each counts
    alone, so the deployment check says so."""
    result = manage(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.dk",
        CACHE_URL="locmemcache://",
    )
    assert "portal.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_demo_data_refuses_to_run_with_debug_off():
    result = manage(
        "demo_data",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr
