"""The strategy's background jobs: the weekly reminders about stale actions (Celery beat
runs it, see CELERY_BEAT_SCHEDULE; `manage.py strategy_stale_reminders` is the same by hand)."""

from django.utils.translation import gettext_lazy as _

from portal import jobs
from strategy.services.stale_reminders import stale_reminders_send


@jobs.task("strategy.stale_reminders", label=_("Remind owners of stale actions"))
def stale_reminders(job, base_url=None):
    """Record the week's reminders and hand them to one mail job (which tries again while
    the mail server does not answer)."""
    run = stale_reminders_send(base_url=base_url, in_background=True, user=job.created_by)
    jobs.job_progress(job, len(run.reminders), len(run.reminders))
