"""The background job that sends a mailing: each frozen recipient gets their own e-mail (their
unsubscribe link), recorded as a delivery with its status, then sent over one connection."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.models import Mailing, Recipient
from network.services.mailings import TEMPLATE, unsubscribe_token
from portal import deliveries, emails, jobs
from portal.models import Delivery


def _url(site, path):
    return site.rstrip("/") + path if site else emails.absolute_url(path)


def _key(mailing, email):
    # One e-mail per mailing and address, however often the job runs.
    return f"network.mailing:{mailing.pk}:{email}"


def _letter(mailing, site):
    web_url = _url(site, reverse("network:news", args=[mailing.pk]))

    def letter(recipient):
        return emails.Letter(
            to=recipient.email,
            context={
                "mailing": mailing,
                "name": recipient.name,
                "web_url": web_url,
                "unsubscribe_url": _url(
                    site, reverse("network:unsubscribe", args=[unsubscribe_token(recipient.email)])
                ),
            },
            key=_key(mailing, recipient.email),
            about=mailing,
        )

    return letter


@jobs.task("network.send_mailing", label=gettext_lazy("Send a mailing of the network"))
def send_mailing(job, mailing_id, site=""):
    mailing = Mailing.objects.filter(pk=mailing_id).select_related("sent_by").first()
    if mailing is None or mailing.state == Mailing.State.DRAFT:
        return
    waiting = list(Recipient.objects.filter(mailing=mailing, delivery__isnull=True))
    outcome = emails.send_to_each(
        waiting,
        template=TEMPLATE,
        letter=_letter(mailing, site),
        about=mailing,
        by=mailing.sent_by,
        send=False,
    )
    for recipient, delivery in outcome.each:
        Recipient.objects.filter(pk=recipient.pk).update(delivery=delivery)
    if outcome.skipped:
        # Recorded by an earlier run that stopped before linking them: linked now by key.
        for recipient in Recipient.objects.filter(mailing=mailing, delivery__isnull=True):
            delivery = Delivery.objects.filter(
                idempotency_key=_key(mailing, recipient.email)
            ).first()
            if delivery is not None:
                Recipient.objects.filter(pk=recipient.pk).update(delivery=delivery)
    unsent = list(
        Delivery.objects.filter(
            pk__in=Recipient.objects.filter(mailing=mailing).values("delivery"),
            status__in=deliveries.UNSENT,
        ).order_by("pk")
    )
    total = Recipient.objects.filter(mailing=mailing).count()
    already = total - len(unsent)
    jobs.job_progress(job, already, total)
    deliveries.send_now(
        unsent, progress=lambda count: jobs.job_progress(job, already + count, total)
    )
    Mailing.objects.filter(pk=mailing.pk, state=Mailing.State.SENDING).update(
        state=Mailing.State.SENT, sent_at=timezone.now()
    )
    failed = [delivery for delivery in unsent if delivery.status == Delivery.Status.FAILED]
    if failed:
        raise jobs.TryAgain(
            _("%(count)d of %(total)d e-mails were not taken by the mail server: %(error)s")
            % {"count": len(failed), "total": total, "error": failed[0].last_error}
        )
