"""News mails of the launch and the information work (offer 8.1): written by the project
leader, sent to groups chosen by what they are (network members, followers of a theme,
participants of an event, stakeholders in a quadrant of the grid, municipal staff), each
recipient with their own delivery and status, and archived as a web page once sent."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import StakeholderAssessment
from network.models.events import Event
from network.models.members import Theme
from portal.models import Delivery


class Mailing(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"),
        max_length=20000,
        help_text=_("Plain text; a blank line starts a new paragraph, and links work."),
    )
    is_marketing = models.BooleanField(
        _("marketing"),
        default=True,
        help_text=_(
            "Invitations and offers are marketing: companies protected against advertising "
            "(reklamebeskyttet) in the CVR register are left out."
        ),
    )
    # Who it goes to: the union of the groups chosen.
    to_members = models.BooleanField(_("network members"), default=False)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("members following"), blank=True, related_name="mailings"
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("participants of"), blank=True, related_name="mailings"
    )
    quadrants = models.JSONField(
        _("stakeholders in"),
        default=list,
        blank=True,
        help_text=_("Quadrants of the influence/interest grid."),
    )
    to_municipal_staff = models.BooleanField(_("municipal staff"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    QUADRANTS = StakeholderAssessment.Quadrant

    class Meta:
        ordering = ("-sent_at", "-created_at", "-pk")
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("network:news", args=[self.pk])


class Recipient(models.Model):
    """One person a mailing went to, and their delivery (whose status says what became of
    it). Kept so that the mailing's page shows who had it, until the person is erased."""

    mailing = models.ForeignKey(
        Mailing, verbose_name=_("mailing"), on_delete=models.CASCADE, related_name="recipients"
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    delivery = models.ForeignKey(
        Delivery,
        verbose_name=_("delivery"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    PERSONAL_FIELDS = ("email", "name")

    class Meta:
        ordering = ("email", "pk")
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=("mailing", "email"), name="network_recipient_once_per_mailing"
            )
        ]

    def __str__(self):
        return f"{self.mailing} #{self.pk}"


class OptOut(models.Model):
    """An address that unsubscribed from the network's mailings: left out of every later one.
    Kept (the address only) so that it stays left out."""

    email = models.EmailField(_("e-mail"), unique=True)
    created_at = models.DateTimeField(_("unsubscribed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")

    def __str__(self):
        return f"#{self.pk}"
