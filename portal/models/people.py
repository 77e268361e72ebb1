"""The history of who was given which role, and who opened or closed whose access."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models.users import User


class RoleChange(models.Model):
    """One change to a person's role or access: an invitation, a new role, a deactivation
    or a reactivation. Rows are never changed; the person concerned is e-mailed about each."""

    class Kind(models.TextChoices):
        INVITED = "invited", pgettext_lazy("role change", "Invited")
        ROLE_CHANGED = "role_changed", _("Role changed")
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")
        # A superuser's changes in the admin: an account added there, and changes of
        # superuser, staff, groups or permissions (said in `detail`).
        CREATED = "created", _("Account created in the admin")
        ACCESS_CHANGED = "access_changed", _("Administrator access changed")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="role_changes",
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    old_role = models.CharField(_("old role"), max_length=20, choices=User.Role.choices, blank=True)
    new_role = models.CharField(_("new role"), max_length=20, choices=User.Role.choices, blank=True)
    detail = models.CharField(_("what changed"), max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}"
