"""The history of who was given or lost which role, and who opened or closed whose access."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models.users import User

# The kinds of change that name the role given or taken away.
ROLE_KINDS = ("invited", "granted", "revoked")


class RoleChange(models.Model):
    """One change to a person's roles or access: an invitation, a role given or taken away,
    a deactivation or a reactivation. Rows are never changed; the person concerned is
    e-mailed about each (about the roles changed in one go, once).

    `role` is the role given (an invitation, a grant) or taken away (a revocation), and
    empty for the other kinds. Before a person could hold several roles, a change of role
    was one row from an old to a new role: those rows became a revocation of the old and a
    grant of the new (migration 0011)."""

    class Kind(models.TextChoices):
        INVITED = "invited", pgettext_lazy("role change", "Invited")
        GRANTED = "granted", _("Role given")
        REVOKED = "revoked", _("Role taken away")
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
    role = models.CharField(_("role"), max_length=20, choices=User.Role.choices, blank=True)
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
        constraints = [
            models.CheckConstraint(
                condition=(
                    (models.Q(kind__in=ROLE_KINDS) & ~models.Q(role=""))
                    | (~models.Q(kind__in=ROLE_KINDS) & models.Q(role=""))
                ),
                name="portal_rolechange_role_with_kind",
                violation_error_message=_(
                    "An invitation, a role given and a role taken away name the role; "
                    "other changes name none."
                ),
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}"
