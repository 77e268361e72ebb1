from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. What they may do follows from their role."""

    class Role(models.TextChoices):
        PROJECT_LEADER = "project_leader", _("Project leader")
        CONSULTANT = "consultant", _("Consultant")
        STEERING_GROUP = "steering_group", _("Steering group member")
        ENTERPRISE = "enterprise", _("Enterprise user")

    # Those who run the programme and may see the mapping's internal data.
    STAFF_ROLES = (Role.PROJECT_LEADER, Role.CONSULTANT)

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="da",
        help_text=_("The language of the e-mails the portal sends this person."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~models.Q(email=""),
                name="portal_user_email_unique",
                violation_error_message=_("A user with this e-mail address already exists."),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_project_leader(self):
        return self.role == self.Role.PROJECT_LEADER

    @property
    def is_programme_staff(self):
        """Project leader or consultant: the people who do the mapping."""
        return self.role in self.STAFF_ROLES

    @property
    def is_steering_group(self):
        return self.role == self.Role.STEERING_GROUP

    @property
    def is_enterprise_user(self):
        return self.role == self.Role.ENTERPRISE
