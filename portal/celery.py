"""The Celery application: background jobs on Redis (see portal.jobs).

Started by `make worker` (or `celery -A portal worker --beat`); without CELERY_BROKER_URL the
portal runs each job inline, in the request that queues it, so a laptop needs no service.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's `tasks.py`.
app.autodiscover_tasks()
