"""Who sits in the steering group (styregruppe). Its meetings, agendas, decisions and
follow-up tasks belong to the programme (`portal.programme`); the members are the portal's,
as every app's review asks them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SteeringGroupMember(models.Model):
    """A person in the steering group, linked to their user account when they have one."""

    class GroupRole(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")
        OBSERVER = "observer", _("Observer")

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200)
    group_role = models.CharField(
        _("role in the group"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    email = models.EmailField(_("e-mail"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steering_membership",
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Former members are kept with their decisions.")
    )

    class Meta:
        ordering = ("-active", "name")
        verbose_name = _("steering group member")
        verbose_name_plural = _("steering group members")

    def __str__(self):
        return f"{self.name} ({self.organisation})"
