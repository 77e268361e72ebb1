"""When the recorded deliveries of an action are sent (portal.deliveries records and sends
them): once its transaction commits, one message from the request itself, the messages of
one kind about one thing to several people from one background job (`portal.send_deliveries`),
so a mailing to many never holds the request; and which job a page shows the progress of.
"""

import threading

from django.db import transaction

from portal.deliveries import Delivery, _about, send_now
from portal.models import Job


def send_on_commit(deliveries, *, user=None, about=None):
    """Send the deliveries once the current transaction commits (at once without one).

    The messages of one kind (template) about one thing that an action records in one
    transaction go out together, however many calls record them (a loop that builds each
    member's e-mail in their language): one from the request itself, two or more from one
    background job (`send_in_background`), started by `user` and about `about` (by default
    what the messages are about), so the page of that thing can show the job's progress.
    What became of each message is on its delivery once sent, or once the job has it
    (`Outcome.jobs`, `Outcome.being_sent`)."""
    deliveries = [delivery for delivery in deliveries if delivery is not None]
    if not deliveries:
        return
    about = _about(about) if about is not None else common_about(deliveries)
    batch = _Batch.of_action(deliveries[0].template, about)
    batch.deliveries += deliveries
    batch.user = batch.user or user
    if batch.key is None:
        # Outside an action's transaction: sent now (on_commit runs it at once), with the
        # deliveries it has just been given.
        transaction.on_commit(batch, robust=True)


def common_about(deliveries):
    """What all the deliveries are about, as (ContentType, id), or None when they differ."""
    abouts = {(delivery.content_type_id, delivery.object_id) for delivery in deliveries}
    if len(abouts) != 1 or deliveries[0].content_type_id is None:
        return None
    return deliveries[0].content_type, deliveries[0].object_id


# The open batches of the current thread's transactions (see _Batch.of_action).
_open = threading.local()


class _Batch:
    """The messages of one kind about one thing that one transaction records, sent together
    once it commits (the batch is its on-commit callback)."""

    def __init__(self, key, about):
        self.key = key
        self.about = about
        self.user = None
        self.deliveries = []
        self.done = False

    @classmethod
    def of_action(cls, template, about):
        """The batch these messages join: that of the same kind and thing recorded earlier
        in the same atomic block, or a new one sent when the block's transaction commits.

        A test case's own transaction (which never commits) counts as none, as it does for
        Django's durable blocks: there each call is its own action, as in autocommit."""
        connection = transaction.get_connection()
        blocks = connection.atomic_blocks
        block = blocks[-1] if connection.in_atomic_block and blocks else None
        if block is None or block._from_testcase:
            return cls(None, about)  # the caller queues it once it holds the deliveries
        about_key = (about[0].pk, about[1]) if about is not None else None
        key = (id(block), tuple(connection.savepoint_ids), template, about_key)
        batches = getattr(_open, "batches", None)
        if batches is None:
            batches = _open.batches = {}
        waiting = {id(func) for _sids, func, _robust in connection.run_on_commit}
        # Forget the batches whose transaction was rolled back (their callback is gone).
        for stale in [k for k, b in batches.items() if b.done or id(b) not in waiting]:
            del batches[stale]
        batch = batches.get(key)
        if batch is None:
            batch = batches[key] = cls(key, about)
            transaction.on_commit(batch, robust=True)
        return batch

    def __call__(self):
        self.done = True
        batches = getattr(_open, "batches", {})
        if self.key is not None and batches.get(self.key) is self:
            del batches[self.key]
        if len(self.deliveries) == 1:
            send_now(self.deliveries)
        elif self.deliveries:
            send_in_background(self.deliveries, user=self.user, about=self.about)


def send_in_background(deliveries, *, user=None, about=None, result_url=""):
    """Send the deliveries from one background job (`portal.send_deliveries`), queued once the
    current transaction commits, with `user` as the one who started it and `about` (a model
    instance or a (ContentType, id) pair) as what it is about. Each delivery notes its job,
    and is read back once the job has run inline (without a worker); returns the Job."""
    from portal import jobs, tasks  # jobs build on deliveries, not the other way round

    job = jobs.enqueue(
        tasks.send_deliveries,
        [delivery.pk for delivery in deliveries],
        user=user,
        about=about,
        subject=deliveries[0].subject,
        result_url=result_url,
    )
    for delivery in deliveries:
        delivery.job = job
    # Without a worker the job ran at commit: the caller's outcome shows what it did.
    transaction.on_commit(lambda: _refresh(deliveries), robust=True)
    return job


def mail_job(about=None, *, result_url=None, unsent=()):
    """The newest job sending mail about `about` (or, for mail about several things, that
    shows its result at `result_url`), for that page to show its progress: while it runs,
    and once failed while some of the mail is still `unsent` (the page's list of deliveries
    to send again); None otherwise."""
    from portal import jobs

    if about is not None:
        job = jobs.latest(about, "portal.send_deliveries")
    else:
        job = (
            Job.objects.filter(task="portal.send_deliveries", result_url=result_url)
            .order_by("-created_at")
            .first()
        )
    if job is None or (job.finished and not (job.state == job.State.FAILED and unsent)):
        return None
    return job


def _refresh(deliveries):
    """Read back what a job did to these deliveries (their in-memory copies are the
    caller's outcome)."""
    fresh = Delivery.objects.only("status", "sent_at", "last_error", "attempts").in_bulk(
        [delivery.pk for delivery in deliveries]
    )
    for delivery in deliveries:
        stored = fresh.get(delivery.pk)
        if stored is not None:
            delivery.status = stored.status
            delivery.sent_at = stored.sent_at
            delivery.last_error = stored.last_error
            delivery.attempts = stored.attempts
