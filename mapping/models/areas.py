"""Where an organisation works and what for: the municipality's local areas and the RSV
law's purpose areas. Vocabularies the staff keep, shared by organisations and cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalArea(models.Model):
    """A town, rural district or island community of the municipality.

    A table, not fixed choices: the project leader keeps it, and another municipality has
    other areas.
    """

    class Kind(models.TextChoices):
        TOWN = "town", _("Town")
        RURAL = "rural", _("Rural district")
        ISLAND = "island", _("Island community")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOWN)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ("position", "name")
        verbose_name = _("local area")
        verbose_name_plural = _("local areas")

    def __str__(self):
        return self.name


class PurposeArea(models.Model):
    """The purpose areas of the RSV law. Rows so that organisations can have several."""

    class Code(models.TextChoices):
        SOCIAL = "social", _("Social")
        EMPLOYMENT = "employment", _("Employment")
        HEALTH = "health", _("Health")
        ENVIRONMENT = "environment", _("Environment")
        CULTURE = "culture", _("Culture")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)

    class Meta:
        ordering = ("id",)
        verbose_name = _("purpose area")
        verbose_name_plural = _("purpose areas")

    def __str__(self):
        return str(self.get_code_display())
