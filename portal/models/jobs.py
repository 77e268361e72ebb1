"""A piece of work done by a background worker, and what became of it.

Every background job (a report's PDF, an import, mail to many, a CVR check, a scheduled
run) is recorded here before it is queued, so the person who started it and the project
leader can see its state, progress and error in the portal, and a double click finds the
job already queued instead of starting a second one.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        RETRYING = "retrying", _("Waiting to try again")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    FINISHED = (State.SUCCEEDED, State.FAILED)

    # Also the Celery task id, so the worker's log and the portal name the same job.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.CharField(_("task"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    created_at = models.DateTimeField(_("queued"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the job works on (a report version, an import), when it is one row.
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about (type)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    # A name of what it works on, kept when that row is gone ("Version 3", "leads.xlsx").
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("of"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), max_length=2000, blank=True)
    # Where the result is shown once the job is done (a path in the portal).
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    key = models.CharField(
        _("idempotency key"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The same action enqueued twice (a double click) runs once."),
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["state", "created_at"], name="portal_job_state"),
            models.Index(fields=["content_type", "object_id"], name="portal_job_about"),
        ]

    def __str__(self):
        return f"{self.label} ({self.get_state_display()})"

    @property
    def label(self):
        """What the job does, in the reader's language (from the task's registration)."""
        from portal.jobs import label_of

        return label_of(self.task)

    @property
    def finished(self):
        return self.state in self.FINISHED

    @property
    def percent(self):
        """Progress in whole percent, or None while the amount of work is not known."""
        if self.state == self.State.SUCCEEDED:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)
