"""The municipality's own administration: its departments and units, and the contact persons
who answer colleagues' questions about buying from or working with social-economy
enterprises (offer 8.2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """A department of the municipality, or a unit within one (`parent`)."""

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("A department that no longer exists is kept for the attendance it had."),
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        # One name per level: among the departments, and among the units of one department
        # (two constraints, as SQLite treats every NULL parent as distinct).
        constraints = [
            models.UniqueConstraint(
                "name",
                condition=models.Q(parent__isnull=True),
                name="network_department_unique_name",
                violation_error_message=_("There is already a department with this name here."),
            ),
            models.UniqueConstraint(
                "parent",
                "name",
                condition=models.Q(parent__isnull=False),
                name="network_unit_unique_name",
                violation_error_message=_("There is already a department with this name here."),
            ),
        ]

    def __str__(self):
        return f"{self.parent} · {self.name}" if self.parent_id else self.name


class ContactPerson(models.Model):
    """Who in a department to ask about buying from, or working with, social-economy
    enterprises. Shown to the municipality's staff."""

    class Topic(models.TextChoices):
        BUYING = "buying", _("Buying from social-economy enterprises")
        COOPERATION = "cooperation", _("Working with social-economy enterprises")
        BOTH = "both", _("Buying and working with them")

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="contact_persons",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="department_contact_roles",
        help_text=_("Their account in the portal, if they have one."),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    topic = models.CharField(_("ask about"), max_length=20, choices=Topic.choices)

    class Meta:
        ordering = ("department__name", "name")
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return f"{self.name} ({self.department})"
