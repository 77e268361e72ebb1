"""The portal's own background jobs: mail to many."""

from django.utils.translation import gettext_lazy as _

from portal import deliveries, jobs
from portal.models import Delivery


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
