# Loaded with Django, so that `shared_task` jobs bind to the portal's Celery app.
from portal.celery import app as celery_app

__all__ = ["celery_app"]
