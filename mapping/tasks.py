"""The mapping's background jobs (portal.jobs), found here by Celery's autodiscovery."""

from mapping import upkeep_jobs  # noqa: F401 - CVR checks, clean imports
