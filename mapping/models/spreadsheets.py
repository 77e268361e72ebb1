"""An import of organisations and contacts from a spreadsheet, kept between its preview and
its commit."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage
from portal.validators import programme_date


class ImportBatch(models.Model):
    class State(models.TextChoices):
        PREVIEW = "preview", _("Awaiting confirmation")
        DONE = "done", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")

    # The uploaded file until the import is done; after an import of the good rows only, the
    # rows with problems (mapping/services/spreadsheets.py).
    file = models.FileField(_("file"), upload_to="imports/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    column_map = models.JSONField(_("columns"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREVIEW
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(
        _("created"),
        default=timezone.now,
        editable=False,
        validators=[programme_date],
    )
    summary = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.original_name
