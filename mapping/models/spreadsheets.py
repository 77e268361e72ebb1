"""An import of organisations and contacts from a spreadsheet, kept from its upload to its
commit. Each step that reads the file (reading, the preview, the import itself) runs as a
background job (mapping/spreadsheets/jobs.py); the state says which one is under way."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage
from portal.validators import programme_date


class ImportBatch(models.Model):
    class State(models.TextChoices):
        READING = "reading", _("Reading the file")
        PREVIEW = "preview", _("Awaiting confirmation")
        PREPARING = "preparing", _("Preview being prepared")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    # A job works on the batch in these states; it moves it on when done, or to FAILED.
    BUSY = (State.READING, State.PREPARING, State.IMPORTING)
    FINISHED = (State.DONE, State.CANCELLED)

    # The uploaded file until the import is done; after an import of the good rows only, the
    # rows with problems (mapping/services/spreadsheets.py).
    file = models.FileField(_("file"), upload_to="imports/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    column_map = models.JSONField(_("columns"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.READING
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
    # What the reading job found (headings, examples, rows) and the preview job planned, for
    # the pages, which then never read the file. They hold what the file holds, so they go
    # with it (mapping/spreadsheets/stored.py).
    sheet = models.JSONField(_("headings and examples"), default=dict, blank=True)
    preview = models.JSONField(_("prepared preview"), default=dict, blank=True)
    # Raised by each new preview: the jobs of an older one are known as such, and each
    # preview and its import are queued once (the idempotency keys name it).
    revision = models.PositiveIntegerField(_("revision"), default=0)
    error = models.TextField(
        _("why it stopped"), blank=True, help_text=_("Why the last step of the import failed.")
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.original_name

    @property
    def busy(self):
        return self.state in self.BUSY
