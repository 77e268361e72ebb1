"""Background jobs: work that is too long for a request, or that talks to the outside world.

A job is a function registered with `@jobs.task(name, label=…)` in an app's `tasks.py`. It
is queued with `jobs.enqueue(task, *args, user=…, about=…)`, which records a `portal.Job`
row in the current transaction and hands the job to Celery once that transaction commits: a
rolled-back action never starts one. The function gets the Job first and reports its
progress with `job_progress(job, done, total)`.

- An idempotency `key` makes a double click find the queued job instead of a second one.
- A function raises `TryAgain` when the outside world failed (a mail server, the CVR
  register): the worker tries again with back-off, then records the job as failed.
- `JobFailed(message)` ends the job with a message for the person who started it; any
  other exception fails it with its type and text, and is logged.
- Without a broker (`CELERY_BROKER_URL` empty) Celery runs each job inline at commit, so
  `make run` and the test suite need no service; nothing is retried there.
- Celery beat starts a scheduled job through `start_job` (see CELERY_BEAT_SCHEDULE), so it is
  recorded like any other.
"""

import datetime
import logging
import random
import time
from functools import partial

from celery import current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import get_for_user
from portal.models import Job

logger = logging.getLogger(__name__)

State = Job.State
# Back-off between tries: JOB_RETRY_BACKOFF (30 s), then twice that, … at most an hour, with
# some jitter so that jobs failed by the same outage do not all come back at once.
BACKOFF_MAX = 60 * 60
# Progress is written at most this often (seconds), besides at the start and the end.
PROGRESS_EVERY = 0.5

_labels = {}
_failure_steps = {}


class TryAgain(Exception):  # noqa: N818 - it says what the worker does
    """The outside world failed for now: the worker tries the job again later."""


class JobFailed(Exception):  # noqa: N818
    """The job cannot be done; its message is shown to the person who started it."""


def label_of(task_name):
    """What a job does, in words, for the list of jobs."""
    return _labels.get(task_name, task_name)


def backoff(retries):
    countdown = min(settings.JOB_RETRY_BACKOFF * 2**retries, BACKOFF_MAX)
    return countdown + random.uniform(0, countdown / 4)  # noqa: S311 - jitter, not secrets


def _describe(error):
    if isinstance(error, JobFailed | TryAgain):
        return str(error)[:2000]
    return f"{type(error).__name__}: {error}"[:2000]


def _update(job, **fields):
    for name, value in fields.items():
        setattr(job, name, value)
    Job.objects.filter(pk=job.pk).update(**fields)


def job_progress(job, done, total=None):
    """Record that `done` of `total` steps are done (written at most twice a second, and
    whenever the total changes or the work is done)."""
    now = time.monotonic()
    last = getattr(job, "_progress_written", 0.0)
    finishing = total is not None and done >= total
    new_total = total is not None and total != job.total
    if now - last < PROGRESS_EVERY and not finishing and not new_total and done:
        job.done = done
        return
    job._progress_written = now
    fields = {"done": done}
    if total is not None:
        fields["total"] = total
    _update(job, **fields)


def _start(job):
    """Take the job for this attempt; None when it is gone or already finished (a message
    delivered twice, or a job erased while queued)."""
    started = Job.objects.filter(pk=job.pk).exclude(state__in=Job.FINISHED)
    if not started.update(state=State.RUNNING, attempts=F("attempts") + 1):
        return None
    if job.started_at is None:
        _update(job, started_at=timezone.now())
    job.refresh_from_db(fields=["state", "attempts", "done", "total"])
    return job


def _fail(job, error, on_failure):
    _update(job, state=State.FAILED, error=_describe(error), finished_at=timezone.now())
    if on_failure is not None:
        try:
            on_failure(job, error)
        except Exception:
            logger.exception("The failure step of job %s failed", job.pk)


def _run(celery_task, function, on_failure, job_id, args, kwargs):
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Job %s is not in the database (deleted since it was queued)", job_id)
        return
    if _start(job) is None:
        return
    if job.attempts > celery_task.max_retries + 1:
        # Redelivered after the worker died (killed at the hard time limit, out of memory)
        # more often than it may be tried: stop, instead of coming back for ever.
        _fail(
            job, JobFailed(_("The job stopped its worker too often and was given up.")), on_failure
        )
        return
    try:
        function(job, *args, **kwargs)
    except TryAgain as error:
        eager = celery_task.request.is_eager
        if not eager and celery_task.request.retries < celery_task.max_retries:
            logger.warning("Job %s (%s) will try again: %s", job.pk, job.task, error)
            _update(job, state=State.RETRYING, error=_describe(error))
            try:
                retry = celery_task.retry(
                    exc=error, countdown=backoff(celery_task.request.retries), throw=False
                )
            except Exception as broker_error:  # the retry could not be queued
                _fail(job, broker_error, on_failure)
                return
            raise retry from error
        _fail(job, error, on_failure)
    except JobFailed as error:
        _fail(job, error, on_failure)
    except SoftTimeLimitExceeded:
        _fail(job, JobFailed(_("The job took longer than it may and was stopped.")), on_failure)
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.task)
        _fail(job, error, on_failure)
    else:
        fields = {"state": State.SUCCEEDED, "error": "", "finished_at": timezone.now()}
        if job.total is not None:
            fields["done"] = job.total
        _update(job, **fields)


def task(name, *, label, on_failure=None, max_retries=6, **options):
    """Register `function(job, *args, **kwargs)` as the background job `name`.

    `label` says what it does (lazily translated); `on_failure(job, error)` runs once the
    job has finally failed (e.g. to mark the report version it prepared as failed).
    Celery `options` (soft_time_limit, time_limit, …) pass through.
    """

    def decorate(function):
        def run(self, job_id, *args, **kwargs):
            return _run(self, function, on_failure, job_id, args, kwargs)

        run.__name__ = run.__qualname__ = function.__name__
        run.__doc__ = function.__doc__
        celery_task = shared_task(
            bind=True,
            name=name,
            max_retries=max_retries,
            acks_late=True,
            ignore_result=True,
            **options,
        )(run)
        celery_task.function = function
        _labels[name] = label
        _failure_steps[name] = on_failure
        return celery_task

    return decorate


def _hand_over(celery_task, job_id, args, kwargs):
    try:
        celery_task.apply_async(args=(str(job_id), *args), kwargs=kwargs, task_id=str(job_id))
    except Exception as error:
        # The broker cannot be reached: say so on the job (and on what it was preparing)
        # rather than leave it queued.
        logger.exception("Job %s could not be queued", job_id)
        job = Job.objects.filter(pk=job_id, state=State.QUEUED).first()
        if job is not None:
            message = _("The job queue could not be reached: %(error)s") % {"error": error}
            _fail(job, JobFailed(message), _failure_steps.get(job.task))


def overdue_after():
    """How long a job may go unfinished before it is taken as lost: queued and never run (a
    message lost with the broker), or running when its worker was killed at the hard time
    limit (Celery then acknowledges it: it never comes back)."""
    return datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5 * 60)


def settle(job):
    """Fail `job` if it is overdue (see `overdue_after`), running its failure step, so that
    what it was preparing (a report's PDF) can be tried again; returns the job."""
    if job is None or job.finished or job.state == State.RETRYING:
        return job
    since = job.started_at or job.created_at
    if timezone.now() - since <= overdue_after():
        return job
    if Job.objects.filter(pk=job.pk, state=job.state).exists():
        _fail(
            job,
            JobFailed(_("The job did not finish: its worker stopped or its message was lost.")),
            _failure_steps.get(job.task),
        )
    job.refresh_from_db()
    return job


def may_follow(user, job):
    """Who may see a job's state, progress and error: the person who started it, and the
    programme's staff, who share the work it is part of (an import, a report, a mailing)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_programme_staff or job.created_by_id == user.pk


def jobs_visible(*, user):
    """The jobs `user` may know of (`may_follow`): every one for the programme's staff, the
    ones they started for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return Job.objects.none()
    if user.is_programme_staff:
        return Job.objects.all()
    return Job.objects.filter(created_by=user)


def job_get_for_user(*, user, pk, for_change=False):
    """A job `user` may follow, with who started it; 404 for anyone else, who may not know
    that it exists. Nobody changes a job through a page."""
    return get_for_user(
        jobs_visible(user=user).select_related("created_by"),
        pk=pk,
        for_change=for_change,
        may_change=lambda _job: False,
    )


def enqueue(
    celery_task, *args, user=None, about=None, subject="", key=None, result_url="", **kwargs
):
    """Record a job and queue it once the current transaction commits; return the Job.

    With `key`, a job queued before under the same key is returned instead and nothing new
    is queued. Arguments must be JSON: ids, not model instances. `about` is a model instance
    or, where only its reference is at hand (a delivery's), a (ContentType, id) pair.
    """
    if key:
        existing = Job.objects.filter(key=key).first()
        if existing is not None:
            return existing
    pair = isinstance(about, tuple)
    job = Job(
        task=celery_task.name,
        created_by=user if user is not None and user.is_authenticated else None,
        subject=(subject or (str(about) if about is not None and not pair else ""))[:300],
        result_url=result_url,
        key=key or None,
    )
    if pair:
        job.content_type, job.object_id = about
    elif about is not None:
        job.content_type = ContentType.objects.get_for_model(about, for_concrete_model=False)
        job.object_id = about.pk
    try:
        with transaction.atomic():
            job.save(force_insert=True)
    except IntegrityError:
        if not key:
            raise
        return Job.objects.get(key=key)  # the same key, saved by a request at the same time
    transaction.on_commit(partial(_hand_over, celery_task, job.pk, args, kwargs))
    return job


def latest(about, task_name=None):
    """The newest job about `about` (of one task), or None."""
    content_type = ContentType.objects.get_for_model(about, for_concrete_model=False)
    jobs = Job.objects.filter(content_type=content_type, object_id=about.pk)
    if task_name is not None:
        jobs = jobs.filter(task=task_name)
    return jobs.order_by("-created_at").first()


@shared_task(name="portal.start_job", ignore_result=True)
def start_job(task_name, *args, **kwargs):
    """Record and queue the job `task_name`: how Celery beat starts a scheduled job
    (CELERY_BEAT_SCHEDULE names this task, with the job's name as its first argument), so a
    scheduled run has its Job row, state and error like any other."""
    enqueue(current_app.tasks[task_name], *args, **kwargs)
