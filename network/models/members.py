"""The local social-economy network (offer 8.5): the organisations that joined it, the
history of their membership, and the themes (working groups) that members follow."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.models import Organisation
from portal.validators import programme_date


class Theme(models.Model):
    """A working group or theme of the network ("Indkøb", "Beskæftigelse") that members
    follow, so that a mailing or an event can be aimed at those who follow it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("network theme")
        verbose_name_plural = _("network themes")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """An organisation's membership of the network: applied for by one of its enterprise
    users, decided by the project leader. One row per organisation, whatever happens to it;
    each change of status is a `MembershipChange`."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")
        DECLINED = "declined", _("Declined")

    # Members in the network's sense: shown on its public page, reached by its mailings.
    MEMBER_STATUSES = (Status.ACTIVE,)

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="network_membership",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPLIED
    )
    motivation = models.TextField(
        _("why the organisation wants to join"), max_length=3000, blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes followed"), blank=True, related_name="memberships"
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(
        _("applied"), default=timezone.now, validators=[programme_date]
    )
    joined_on = models.DateField(
        _("member since"), null=True, blank=True, validators=[programme_date]
    )
    status_changed_at = models.DateTimeField(
        _("status changed"), default=timezone.now, validators=[programme_date]
    )

    class Meta:
        ordering = ("organisation__name",)
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        indexes = [models.Index(fields=["status"], name="network_membership_status")]

    def __str__(self):
        return str(self.organisation)

    @property
    def is_member(self):
        return self.status in self.MEMBER_STATUSES


class MembershipChange(models.Model):
    """One change of a membership's status: who, when, from what to what, and why."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    status_before = models.CharField(
        _("status before"), max_length=20, choices=Membership.Status.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=Membership.Status.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(
        _("changed"), default=timezone.now, validators=[programme_date]
    )

    class Meta:
        ordering = ("changed_at", "pk")
        verbose_name = _("change of membership")
        verbose_name_plural = _("changes of membership")

    def __str__(self):
        return f"{self.membership}: {self.get_status_display()}"
