"""The import of organisations and contacts from a spreadsheet: upload, column choice, commit.

The file is kept through Django's storage API between the upload and the commit, and deleted
when the import is done or cancelled: by then its contents are in the portal or refused. After
an import of only the good rows, the rows with problems take its place, as a file to download,
correct and import again; `import_batches_clean` forgets it with the others.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mapping.models import ImportBatch
from mapping.spreadsheets import (
    Action,
    SpreadsheetError,
    guess_columns,
    plan_good_rows,
    plan_import,
    read_spreadsheet,
)
from mapping.spreadsheets.rejects import rejects_file
from portal.i18n import stored_text

# simple_history keeps a change reason of at most 100 characters.
CHANGE_REASON_LENGTH = 100


class ImportRefused(Exception):
    """The commit or cancel did nothing, for the reason given."""

    def __init__(self, message, row=None):
        super().__init__(message)
        self.message = message
        self.row = row


def import_batch_sheet(*, batch):
    """The stored file of `batch`, read again (SpreadsheetError when it cannot be)."""
    try:
        with batch.file.open("rb") as stored:
            data = stored.read()
    except (FileNotFoundError, OSError, ValueError):
        raise SpreadsheetError(
            _("The uploaded file is no longer available. Upload it again."), code="missing"
        ) from None
    return read_spreadsheet(data)


def import_batch_create(*, name, data, sheet, by):
    """Keep an uploaded file that could be read, with a first guess at its columns."""
    extension = "xlsx" if name.lower().endswith(".xlsx") else "csv"
    batch = ImportBatch(
        original_name=name[-255:],
        created_by=by,
        column_map={"columns": guess_columns(sheet.headers), "defaults": {}},
    )
    # A name of our own: the original may hold personal data, and the storage needs no hint.
    batch.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    try:
        batch.full_clean()
        batch.save()
    except Exception:
        batch.file.delete(save=False)
        raise
    return batch


def import_batch_set_columns(*, batch, column_map):
    if batch.state != ImportBatch.State.PREVIEW:
        raise ImportRefused(_("This import is finished and can no longer be changed."))
    batch.column_map = column_map
    batch.full_clean()
    batch.save(update_fields=["column_map"])
    return batch


def import_batch_plans(*, batch):
    """The plans of `batch` as it stands: what the commit would do now with every row, and
    with only the good rows (None when no row has problems, or none is good)."""
    return plan_good_rows(import_batch_sheet(batch=batch), batch.column_map)


def import_batch_preview(*, batch):
    """The plan of `batch` as it stands: what the commit would do now with every row."""
    return import_batch_plans(batch=batch)[0]


def _rejects(sheet, column_map, plan=None):
    """The file of the rows with problems, in Danish (the municipality's language) whoever
    imports: (bytes, extension). `plan` is reused when it was made in that language."""
    planned_in = translation.get_language()
    with translation.override(settings.LANGUAGE_CODE):
        if plan is None or translation.get_language() != planned_in:
            plan, _good = plan_good_rows(sheet, column_map)
        return rejects_file(sheet, plan)


def import_batch_rejects(*, batch):
    """The rows of `batch` with problems, as a file to correct and import again, with its
    name: (bytes, file name). Before the import, from the uploaded file; after an import of
    the good rows, the file kept from then. SpreadsheetError when there is none."""
    stem = PurePath(batch.original_name).stem or "import"
    with translation.override(settings.LANGUAGE_CODE):
        suffix = _("problems")
    if batch.state == ImportBatch.State.PREVIEW:
        sheet = import_batch_sheet(batch=batch)
        data, extension = _rejects(sheet, batch.column_map)
        return data, f"{stem}-{suffix}.{extension}"
    if batch.state != ImportBatch.State.DONE or not (batch.summary or {}).get("skipped"):
        raise SpreadsheetError(_("This import has no rows with problems."), code="missing")
    try:
        with batch.file.open("rb") as stored:
            data = stored.read()
    except (FileNotFoundError, OSError, ValueError):
        raise SpreadsheetError(
            _("The file of the rows with problems is no longer kept."), code="missing"
        ) from None
    return data, f"{stem}-{suffix}{PurePath(batch.file.name).suffix}"


def _change_reason(batch):
    reason = stored_text(gettext_noop("Imported from a spreadsheet")) + f": {batch.original_name}"
    return reason[:CHANGE_REASON_LENGTH]


def _locked(batch):
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != ImportBatch.State.PREVIEW:
        raise ImportRefused(
            _("This import is already %(state)s.") % {"state": batch.get_state_display().lower()}
        )
    return batch


def _delete_file_after_commit(batch):
    storage, name = batch.file.storage, batch.file.name
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def import_batch_commit(*, batch, by, digest, good_rows_only=False):
    """Import every row of `batch`, or none; with `good_rows_only`, every row without
    problems, or none.

    The file is read and every row planned and checked again here, inside the transaction;
    if anything differs from the preview the person saw (`digest`), or any row fails, nothing
    is saved. After an import of the good rows, the rows with problems are kept as a file to
    download (`import_batch_rejects`) instead of the uploaded file.
    """
    batch = _locked(batch)
    try:
        sheet = import_batch_sheet(batch=batch)
    except SpreadsheetError as error:
        raise ImportRefused(error.message) from None
    if good_rows_only:
        full, good = plan_good_rows(sheet, batch.column_map, lock=True)
        plan = good if good is not None else full
    else:
        full = plan = plan_import(sheet, batch.column_map, lock=True)
    if not plan.can_commit:
        raise ImportRefused(
            _("Nothing was imported: the file has errors. Correct them and upload it again.")
        )
    if digest != plan.digest:
        raise ImportRefused(
            _(
                "Nothing was imported: the organisations changed since the preview was shown. "
                "Look at the preview again before you import."
            )
        )
    skipped = [row.number for row in full.rows if row.errors] if plan is not full else []
    # Made before the import: afterwards the good rows' organisations exist, and the plan of
    # the rows with problems would no longer be the one the preview showed.
    rejects = _rejects(sheet, batch.column_map, full) if skipped else None
    summary = _apply(plan, batch=batch, by=by)
    summary["skipped"] = skipped
    batch.state = ImportBatch.State.DONE
    batch.summary = summary
    _delete_file_after_commit(batch)
    if rejects is not None:
        data, extension = rejects
        batch.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    batch.save(update_fields=["state", "summary", "file"])
    return batch


def _refused(row, error):
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    return ImportRefused(
        _("Nothing was imported: row %(row)s could not be saved: %(reason)s")
        % {"row": row.number, "reason": " ".join(messages)},
        row=row.number,
    )


def _save(instance, *, reason, by, exclude=()):
    """Everything checked again, with the database: the area exists, the CVR number is still
    free. (The logo is not the import's business, and lives in storage.)"""
    instance.full_clean(exclude=list(exclude))
    instance._change_reason = reason
    instance._history_user = by
    instance.save()


def _apply(plan, *, batch, by):
    reason, now = _change_reason(batch), timezone.now()
    summary = dict.fromkeys(
        ("created", "updated", "unchanged", "contacts_created", "contacts_updated"), 0
    )
    summary.update({"by": by.pk, "at": now.isoformat(), "rows": []})
    for group in plan.groups:
        organisation = group.organisation
        created = organisation.pk is None
        try:
            if group.changed:
                if created:
                    organisation.moderated_by = by
                    organisation.moderated_at = now
                _save(organisation, reason=reason, by=by, exclude=["logo"])
            if group.purposes is not None:
                organisation._change_reason = reason
                organisation._history_user = by
                organisation.purpose_areas.set(group.purposes)
        except (ValidationError, IntegrityError) as error:
            raise _refused(group.lead, error) from error
        contacts_changed = False
        for row in group.rows:
            if row.contact_action is not None:
                row.contact.organisation = organisation
                try:
                    _save(row.contact, reason=reason, by=by)
                except (ValidationError, IntegrityError) as error:
                    raise _refused(row, error) from error
                key = (
                    "contacts_created"
                    if row.contact_action == Action.CREATE
                    else "contacts_updated"
                )
                summary[key] += 1
                contacts_changed = True
            summary["rows"].append(
                {
                    "row": row.number,
                    "action": Action.CREATE if created else row.action,
                    "organisation": organisation.pk,
                    "name": organisation.name,
                }
            )
        if created:
            summary["created"] += 1
        elif group.changed or group.purposes is not None or contacts_changed:
            summary["updated"] += 1
        else:
            summary["unchanged"] += 1
    summary["rows"].sort(key=lambda row: row["row"])
    return summary


@transaction.atomic
def import_batch_cancel(*, batch, by):
    batch = _locked(batch)
    batch.state = ImportBatch.State.CANCELLED
    batch.summary = {"cancelled_by": by.pk, "at": timezone.now().isoformat()}
    batch.save(update_fields=["state", "summary"])
    _delete_file_after_commit(batch)
    return batch


def import_batches_clean(*, older_than):
    """Forget the uploaded files of imports started before `older_than`: they hold personal
    data, and an import left at the preview keeps its file until someone finishes it. Such
    imports are cancelled. Returns (imports whose file was deleted, imports cancelled)."""
    now = timezone.now()
    deleted = cancelled = 0
    with transaction.atomic():
        batches = (
            ImportBatch.objects.select_for_update()
            .filter(created_at__lt=older_than)
            .exclude(file="")
            .order_by("pk")
        )
        for batch in batches:
            if batch.state == ImportBatch.State.PREVIEW:
                batch.state = ImportBatch.State.CANCELLED
                batch.summary = {"cancelled_by": None, "expired": True, "at": now.isoformat()}
                cancelled += 1
            if batch.file.storage.exists(batch.file.name):
                deleted += 1
            _delete_file_after_commit(batch)
            batch.file = ""
            batch.save(update_fields=["state", "summary", "file"])
    return deleted, cancelled
