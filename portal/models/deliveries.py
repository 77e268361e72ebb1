"""One e-mail to one recipient and what became of it.

Every message the portal sends is recorded here first, so a mail server that is down leaves
failed deliveries to send again instead of an error page or a claim that the mail went out.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    template = models.CharField(
        _("kind"), max_length=100, help_text=_("The e-mail template the message was built from.")
    )
    recipient = models.EmailField(_("recipient"), max_length=254)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    # What the message is about: a meeting, a report version, a registration. Both the
    # generic relation and the topic are optional; the topic groups messages that have no
    # single row behind them (e.g. "strategy-stale:<id>").
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
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), max_length=2000, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The exact MIME message (with its attachments), so "send again" sends what the first
    # attempt would have; emptied once it is sent so no personal data lingers.
    message = models.BinaryField(_("message"), null=True, blank=True, editable=False)
    idempotency_key = models.CharField(
        _("idempotency key"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The same action for the same person sends only once."),
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="portal_delivery_about"),
            models.Index(fields=["status", "created_at"], name="portal_delivery_status"),
        ]

    def __str__(self):
        return f"{self.template} → {self.recipient} ({self.get_status_display()})"
