"""Mail to many recipients with a status each: one `Delivery` row per message and person.

Every place that mails goes through here (by `portal.emails.send`, or `send_to_each` for
many people each their own e-mail, with a `Mailing` to tell them apart by name):

1. `queue()` records a built message as a pending delivery, inside the transaction of the
   action it belongs to, so the action and its e-mails commit together (and a crash in
   between leaves pending rows to send later, not mail that is silently lost).
2. `portal.sending.send_on_commit()` sends them once that transaction has committed: one
   message from the request itself, the messages of an action to several people from one
   background job (`portal.send_deliveries`), so a mailing to many never holds the
   request. `send_now()` here sends at once, in the process that calls it (the job does).
   Sending never raises: a mail server that is down leaves failed deliveries behind, never
   an error page after a committed action.
3. `retry()` sends the failed ones again, exactly as they were built (the stored MIME
   message), from a "send again" button; a template whose content goes stale (an
   invitation's expiring link) is rebuilt first.

An idempotency key makes a message to a person go out once however often an action is
clicked; a delivery is claimed by raising its attempt count, so two "send again" clicks at
once send it once.
"""

import datetime
import logging
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.utils import formatdate, getaddresses, make_msgid

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.models import Delivery

logger = logging.getLogger(__name__)

Status = Delivery.Status
# A pending delivery this old was not sent by the request that queued it (the process
# stopped): it is shown and retried with the failed ones.
STUCK_AFTER = datetime.timedelta(minutes=15)
UNSENT = (Status.PENDING, Status.FAILED)

_after_sent = {}
_after_failed = {}
_rebuilders = {}


def register_after_sent(template, callback):
    """`callback(delivery)` runs when a delivery built from `template` has been sent, on the
    first try or a later one (e.g. a meeting invitation marks its attendance invited)."""
    callbacks = _after_sent.setdefault(template, [])
    if callback not in callbacks:
        callbacks.append(callback)
    return callback


def register_after_failed(template, callback):
    """`callback(delivery)` runs when a delivery built from `template` has failed, on any
    try (e.g. an agenda that reached nobody is not kept as sent)."""
    callbacks = _after_failed.setdefault(template, [])
    if callback not in callbacks:
        callbacks.append(callback)
    return callback


def _run_callbacks(registry, delivery):
    for callback in registry.get(delivery.template, ()):
        try:
            callback(delivery)
        except Exception:
            logger.exception("After-send step for delivery %s failed", delivery.pk)


@dataclass
class Outcome:
    """The deliveries of one action and what became of them (filled in once sent)."""

    deliveries: list = field(default_factory=list)
    # Recipients left out because the same message already went to them (idempotency key).
    skipped: int = 0
    # Each recipient paired with their delivery (`emails.send_to_each`), in order, for the
    # callers that tell people by name who got it: `sent_to`, `failed_to`, `pending_to`.
    each: list = field(default_factory=list)

    @property
    def jobs(self):
        """The background jobs that send them (portal.jobs), known once the action has
        committed: none when one message went out from the request."""
        found = []
        for delivery in self.deliveries:
            job = getattr(delivery, "job", None)
            if job is not None and job not in found:
                found.append(job)
        return found

    @property
    def being_sent(self):
        """The pending ones that a background job is sending (on a worker, after the page)."""
        return [delivery for delivery in self.pending if getattr(delivery, "job", None)]

    def _with(self, status):
        return [delivery for delivery in self.deliveries if delivery.status == status]

    @property
    def sent(self):
        return self._with(Status.SENT)

    @property
    def failed(self):
        return self._with(Status.FAILED)

    @property
    def pending(self):
        return self._with(Status.PENDING)

    @property
    def total(self):
        return len(self.deliveries)

    def _to(self, status):
        return [recipient for recipient, delivery in self.each if delivery.status == status]

    @property
    def sent_to(self):
        return self._to(Status.SENT)

    @property
    def failed_to(self):
        return self._to(Status.FAILED)

    @property
    def pending_to(self):
        return self._to(Status.PENDING)

    def __iadd__(self, other):
        self.deliveries += other.deliveries
        self.skipped += other.skipped
        self.each += other.each
        return self


@dataclass
class Mailing:
    """What became of a mailing to people a page names (`emails.send_to_each`): the
    recipients whose e-mail was recorded (`queued`), sent, failed, or being sent by a
    background job (on a worker, after the page has answered), and those it could not
    reach at all. Read from the deliveries when asked, so it says what the job did once it
    has run."""

    outcome: Outcome = field(default_factory=Outcome)
    unreachable: list = field(default_factory=list)

    @property
    def queued(self):
        return [recipient for recipient, _delivery in self.outcome.each]

    @property
    def sent(self):
        return self.outcome.sent_to

    @property
    def failed(self):
        return self.outcome.failed_to

    @property
    def pending(self):
        return self.outcome.pending_to

    @property
    def jobs(self):
        return self.outcome.jobs


def register_rebuild(template, callback):
    """`callback(delivery, request)` returns the message to send instead of the stored copy
    when a delivery built from `template` is sent again, or None when it is no longer to be
    sent: an invitation's stored set-password link may have expired meanwhile, and the
    person may have chosen a password or been deactivated since."""
    _rebuilders[template] = callback
    return callback


def _about(about):
    if about is None:
        return None, None
    return ContentType.objects.get_for_model(about, for_concrete_model=False), about.pk


def queue(message, *, template, about=None, topic="", recipient_user=None, key=None):
    """Record `message` (built for one recipient) as a pending delivery and return it, or
    None when `key` was used before: that message has already gone (or is going) out.

    A failed delivery of the same template about the same thing to the same address is
    replaced: the new message supersedes it, so "send again" cannot send both.
    """
    [recipient] = message.to
    # A fixed Message-ID and date, so the stored copy and the one sent are the same message.
    message.extra_headers.setdefault("Message-ID", make_msgid(domain=DNS_NAME))
    message.extra_headers.setdefault("Date", formatdate(localtime=True))
    content_type, object_id = _about(about)
    delivery = Delivery(
        template=template,
        recipient=recipient,
        recipient_user=recipient_user,
        subject=message.subject[:300],
        content_type=content_type,
        object_id=object_id,
        topic=topic,
        message=message.message().as_bytes(),
        idempotency_key=key or None,
    )
    if key and Delivery.objects.filter(idempotency_key=key).exists():
        return None
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        return None  # the same key, saved by a request running at the same time
    if content_type is not None or topic:
        Delivery.objects.filter(
            template=template,
            recipient=recipient,
            content_type=content_type,
            object_id=object_id,
            topic=topic,
            status=Status.FAILED,
        ).exclude(pk=delivery.pk).delete()
    delivery.live_message = message
    return delivery


class _RawMessage:
    """The stored MIME bytes, in the shape the mail backends read from `message()`."""

    def __init__(self, raw):
        self.raw = raw

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return re.sub(rb"\r?\n", linesep.encode(), self.raw)

    def get_charset(self):
        return None


class StoredMessage(EmailMultiAlternatives):
    """A message sent from its stored bytes (by a background job, or again), headers and
    attachments as they were.

    Subject, text, HTML and attachments are read back from them too, for the console and
    test backends: what they show is the same whoever sent it."""

    def __init__(self, raw, *, to):
        parsed = message_from_bytes(raw, policy=policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        html = parsed.get_body(preferencelist=("html",))
        super().__init__(
            subject=str(parsed["Subject"] or ""),
            body=body.get_content() if body is not None else "",
            from_email=str(parsed["From"] or "") or None,
            to=[to],
            reply_to=[address for _name, address in getaddresses(parsed.get_all("Reply-To", []))],
            alternatives=[(html.get_content(), "text/html")] if html is not None else None,
        )
        self.attachments = [
            (part.get_filename(), part.get_content(), part.get_content_type())
            for part in parsed.iter_attachments()
        ]
        self.raw = raw

    def message(self, **kwargs):
        return _RawMessage(self.raw)


def _claim(delivery):
    """Take the delivery for one attempt; False when it was sent, or is being sent, by
    another request since it was read."""
    claimed = Delivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, status__in=UNSENT
    ).update(attempts=F("attempts") + 1)
    if claimed:
        delivery.attempts += 1
    return bool(claimed)


def _record(delivery, **fields):
    for name, value in fields.items():
        setattr(delivery, name, value)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)


def _sent(delivery):
    # The message is dropped once it is out: no personal data lingers in the table.
    _record(delivery, status=Status.SENT, sent_at=timezone.now(), last_error="", message=None)
    _run_callbacks(_after_sent, delivery)


def _failed(delivery, error):
    _record(delivery, status=Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000])
    _run_callbacks(_after_failed, delivery)


def _message_of(delivery):
    live = getattr(delivery, "live_message", None)
    if live is not None:
        return live
    raw = bytes(delivery.message) if delivery.message is not None else None
    return StoredMessage(raw, to=delivery.recipient) if raw else None


def send_now(deliveries, progress=None):
    """Send each unsent delivery over one connection and record each one's status.

    Never raises: whatever the mail server does is written on the delivery (an address it
    refuses fails that one; a server that cannot be reached fails them all, without waiting
    for it once per recipient). `progress(count)` is told how many have been dealt with."""
    connection = None
    unreachable = None
    try:
        for count, delivery in enumerate(deliveries, start=1):
            if progress is not None and count > 1:
                progress(count - 1)
            if delivery is None or not _claim(delivery):
                continue
            message = _message_of(delivery)
            if message is None:
                _failed(delivery, ValueError("the stored message is missing"))
                continue
            if unreachable is not None:
                _failed(delivery, unreachable)
                continue
            try:
                if connection is None:
                    connection = get_connection()
                    try:
                        connection.open()
                    except Exception as error:
                        unreachable = error
                        raise
                message.connection = connection
                message.send()
            except Exception as error:
                logger.warning(
                    "E-mail %s to %s not sent: %s", delivery.pk, delivery.recipient, error
                )
                _failed(delivery, error)
            else:
                _sent(delivery)
        if progress is not None:
            progress(len(deliveries))
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:
                logger.warning("The mail connection did not close cleanly", exc_info=True)
    return deliveries


def unsent(*, about=None, topic=None, templates=None):
    """The deliveries that did not go out: failed ones, and pending ones left behind by a
    request that stopped. About one object, or all of them."""
    stuck = Q(status=Status.PENDING, created_at__lt=timezone.now() - STUCK_AFTER)
    deliveries = Delivery.objects.filter(Q(status=Status.FAILED) | stuck)
    if about is not None:
        content_type, object_id = _about(about)
        deliveries = deliveries.filter(content_type=content_type, object_id=object_id)
    if topic is not None:
        deliveries = deliveries.filter(topic=topic)
    if templates is not None:
        deliveries = deliveries.filter(template__in=templates)
    return deliveries.select_related("recipient_user", "content_type").order_by("created_at", "pk")


def deliveries_get_for_user(*, user, pks):
    """The deliveries among `pks` that did not go out, for the project leader who sends
    them again; none for anyone else. Several at once (the failed list's checkboxes): a pk
    that is not, or no longer, among them is left out, not refused, since another click or
    a job may have sent it meanwhile."""
    if not user.is_project_leader:
        return Delivery.objects.none()
    return unsent().filter(pk__in=[pk for pk in pks if str(pk).isdigit()])


def retry(deliveries, request=None, *, result_url=""):
    """Send the given deliveries again (only those not sent yet). Returns an Outcome.

    A template with a rebuilder (`register_rebuild`) is built afresh first; one that is no
    longer to be sent is deleted and left out of the outcome. One message is sent from the
    request; several from one background job, started by the request's user (its page, if
    any, is `result_url`)."""
    kept = []
    for delivery in deliveries:
        if delivery.status not in UNSENT:
            continue
        rebuild = _rebuilders.get(delivery.template)
        if rebuild is not None:
            message = rebuild(delivery, request)
            if message is None:
                Delivery.objects.filter(pk=delivery.pk, status__in=UNSENT).delete()
                continue
            message.extra_headers["Message-ID"] = make_msgid(domain=DNS_NAME)
            message.extra_headers["Date"] = formatdate(localtime=True)
            delivery.live_message = message
            _record(delivery, message=message.message().as_bytes(), subject=message.subject[:300])
        kept.append(delivery)
    if len(kept) > 1:
        from portal import sending  # sending builds on deliveries, not the other way round

        user = getattr(request, "user", None)
        about = sending.common_about(kept)
        sending.send_in_background(kept, user=user, about=about, result_url=result_url)
    else:
        send_now(kept)
    return Outcome(deliveries=kept)


def flash_outcome(request, outcome):
    """Tell the person what did not go out; the line about what did is the caller's, counting
    `outcome.sent` (never the recipients it meant to reach)."""
    if outcome.failed:
        messages.error(
            request,
            ngettext(
                "%(sent)d of %(total)d e-mail was sent. Not sent to %(names)s: use “Send "
                "again” once the mail server answers.",
                "%(sent)d of %(total)d e-mails were sent. Not sent to %(names)s: use “Send "
                "again” once the mail server answers.",
                outcome.total,
            )
            % {
                "sent": len(outcome.sent),
                "total": outcome.total,
                "names": ", ".join(delivery.recipient for delivery in outcome.failed),
            },
        )
    being_sent = outcome.being_sent
    if being_sent:
        messages.info(
            request,
            ngettext(
                "%(count)d e-mail is being sent in the background.",
                "%(count)d e-mails are being sent in the background.",
                len(being_sent),
            )
            % {"count": len(being_sent)},
        )
    waiting = len(outcome.pending) - len(being_sent)
    if waiting:
        messages.info(
            request,
            ngettext(
                "%(count)d e-mail is waiting to be sent.",
                "%(count)d e-mails are waiting to be sent.",
                waiting,
            )
            % {"count": waiting},
        )
    if outcome.skipped:
        messages.info(
            request,
            ngettext(
                "%(count)d person had this e-mail already and was not sent it again.",
                "%(count)d people had this e-mail already and were not sent it again.",
                outcome.skipped,
            )
            % {"count": outcome.skipped},
        )


def retry_summary(outcome):
    """(level, text) for a "send again": how many went out and how many still did not."""
    if not outcome.total:
        return messages.INFO, _("There was nothing left to send.")
    if outcome.being_sent:
        return messages.INFO, ngettext(
            "%(count)d e-mail is being sent again in the background.",
            "%(count)d e-mails are being sent again in the background.",
            outcome.total,
        ) % {"count": outcome.total}
    if outcome.failed:
        return messages.ERROR, ngettext(
            "%(sent)d of %(total)d e-mail was sent; the others still failed. Try again later.",
            "%(sent)d of %(total)d e-mails were sent; the others still failed. Try again later.",
            outcome.total,
        ) % {"sent": len(outcome.sent), "total": outcome.total}
    return messages.SUCCESS, ngettext(
        "%(count)d e-mail was sent.", "%(count)d e-mails were sent.", len(outcome.sent)
    ) % {"count": len(outcome.sent)}
