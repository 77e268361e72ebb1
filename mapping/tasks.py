"""The mapping's background jobs (portal.jobs), found by Celery's autodiscovery."""

from mapping.reports.jobs import make_report_pdf

__all__ = ["make_report_pdf"]
