"""The mapping's background jobs (autodiscovered by Celery: portal/celery.py)."""

from mapping.spreadsheets.jobs import import_commit, import_preview, import_read

__all__ = ["import_commit", "import_preview", "import_read"]
