"""The portal's own background jobs: mail to many, and clearing old job records."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import deliveries, jobs
from portal.models import Delivery, Job


@jobs.task("portal.send_deliveries", label=_("Send e-mails"))
def send_deliveries(job, delivery_ids):
    """Send the recorded deliveries over one connection; those the mail server did not take
    are tried again later, with back-off, then left for "send again"."""
    pending = list(
        Delivery.objects.filter(pk__in=delivery_ids, status__in=deliveries.UNSENT).order_by("pk")
    )
    total = len(delivery_ids)
    already = total - len(pending)
    jobs.job_progress(job, already, total)

    def sent_one(count):
        jobs.job_progress(job, already + count, total)

    deliveries.send_now(pending, progress=sent_one)
    failed = [delivery for delivery in pending if delivery.status == Delivery.Status.FAILED]
    if failed:
        raise jobs.TryAgain(
            _("%(count)d of %(total)d e-mails were not taken by the mail server: %(error)s")
            % {"count": len(failed), "total": total, "error": failed[0].last_error}
        )


@jobs.task("portal.clean_jobs", label=_("Delete old job records"))
def clean_jobs(job):
    """Finished jobs are kept JOB_KEEP_DAYS for the list of jobs, then deleted: they name
    who started what, and nothing needs them after that."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.JOB_KEEP_DAYS)
    old = Job.objects.filter(state__in=Job.FINISHED, finished_at__lt=cutoff).exclude(pk=job.pk)
    deleted, _by_model = old.delete()
    jobs.job_progress(job, deleted, deleted)
