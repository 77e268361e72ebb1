"""The mapping's background jobs (portal.jobs), found here by Celery's autodiscovery."""

from mapping import upkeep_jobs  # noqa: F401 - CVR checks, clean imports
from mapping.reports import jobs as report_jobs  # noqa: F401 - the interim report's PDF
from mapping.spreadsheets.jobs import import_commit, import_preview, import_read

__all__ = ["import_commit", "import_preview", "import_read"]
