"""Forget the uploaded files of unfinished imports, for a scheduler (e.g. nightly).

An import left unfinished keeps its uploaded file, which holds personal data, until someone
imports or cancels it. This deletes the stored file of every import older than
settings.IMPORT_KEEP_DAYS days (2 by default) and cancels those not finished, except one that
a background job is working on at the moment (it is left to finish, and cleaned next time).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.services.spreadsheets import import_batches_clean

DEFAULT_KEEP_DAYS = 2


class Command(BaseCommand):
    help = (
        "Delete the uploaded files of imports older than IMPORT_KEEP_DAYS days and cancel "
        "those still awaiting confirmation."
    )

    def handle(self, *args, **options):
        days = getattr(settings, "IMPORT_KEEP_DAYS", DEFAULT_KEEP_DAYS)
        deleted, cancelled, running = import_batches_clean(
            older_than=timezone.now() - timedelta(days=days)
        )
        self.stdout.write(
            _(
                "Imports older than %(days)s days. Uploaded files deleted: %(deleted)s. "
                "Imports awaiting confirmation cancelled: %(cancelled)s."
            )
            % {"days": days, "deleted": deleted, "cancelled": cancelled}
        )
        if running:
            self.stdout.write(
                _("Imports left to the job that is working on them: %(running)s.")
                % {"running": running}
            )
