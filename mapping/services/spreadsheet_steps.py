"""The steps of an import that read its file, each run by a background job
(mapping/spreadsheets/jobs.py): reading the file, preparing the preview, importing.

Each step finds its batch in the state that queued it (and, for a preview, the revision):
a batch cancelled, erased or moved on meanwhile is left as it is. Each stops with ImportTimeUp
past IMPORT_TIME_LIMIT; the job then records the batch as failed (`import_batch_failed`).
"""

import uuid

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
    ImportTimeUp,
    SpreadsheetError,
    guess_columns,
    plan_good_rows,
    plan_import,
    read_spreadsheet,
)
from mapping.spreadsheets.rejects import rejects_file
from mapping.spreadsheets.stored import preview_to_json, problems_of, sheet_to_json
from portal.i18n import stored_text

State = ImportBatch.State
# simple_history keeps a change reason of at most 100 characters.
CHANGE_REASON_LENGTH = 100


class ImportRefused(ValidationError):
    """The step did nothing, for the reason given: a service's refusal like any other (its
    `message` is what the person reads)."""

    def __init__(self, message, row=None):
        super().__init__(message, code="import_refused")
        self.row = row


def _no_progress(done, total=None):
    pass


def delete_file_after_commit(batch):
    if batch.file:
        storage, name = batch.file.storage, batch.file.name
        transaction.on_commit(lambda: storage.delete(name))


def import_batch_sheet(*, batch, deadline=None, progress=None):
    """The stored file of `batch`, read again (SpreadsheetError when it cannot be)."""
    try:
        with batch.file.open("rb") as stored:
            data = stored.read()
    except (FileNotFoundError, OSError, ValueError):
        raise SpreadsheetError(
            _("The uploaded file is no longer available. Upload it again."), code="missing"
        ) from None
    return read_spreadsheet(data, deadline=deadline, progress=progress)


# --- Reading ------------------------------------------------------------------------------


def import_batch_read(*, batch_id, deadline=None, progress=_no_progress):
    """Read the file of a batch in READING: keep its headings and examples and a first guess
    at its columns, and make it ready for the column choice (PREVIEW). SpreadsheetError when
    the file cannot be imported at all."""
    batch = ImportBatch.objects.filter(pk=batch_id, state=State.READING).first()
    if batch is None:
        return None
    sheet = import_batch_sheet(batch=batch, deadline=deadline, progress=progress)
    ImportBatch.objects.filter(pk=batch_id, state=State.READING).update(
        state=State.PREVIEW,
        sheet=sheet_to_json(sheet),
        column_map={"columns": guess_columns(sheet.headers), "defaults": {}},
    )
    return sheet


# --- The preview --------------------------------------------------------------------------


def import_batch_plans(*, batch, deadline=None, progress=None):
    """The plans of `batch` as it stands: what the commit would do now with every row, and
    with only the good rows (None when no row has problems, or none is good)."""
    sheet = import_batch_sheet(batch=batch, deadline=deadline)
    return sheet, plan_good_rows(sheet, batch.column_map, deadline=deadline, progress=progress)


def _problems_in_danish(sheet, column_map, plan, deadline):
    """The problems of each row, in Danish (the municipality's language) whoever imports,
    for the file of the rows with problems. `plan` is reused when it was made in Danish."""
    if not any(row.errors for row in plan.rows):
        return {}
    planned_in = translation.get_language()
    with translation.override(settings.LANGUAGE_CODE):
        if translation.get_language() != planned_in:
            plan, _good = plan_good_rows(sheet, column_map, deadline=deadline)
        return problems_of(plan)


def import_batch_prepare(*, batch_id, revision, deadline=None, progress=_no_progress):
    """Plan a batch in PREPARING with its column choice of `revision` and keep the preview
    for its page (state PREVIEW). SpreadsheetError when the file cannot be read again."""
    batch = ImportBatch.objects.filter(
        pk=batch_id, state=State.PREPARING, revision=revision
    ).first()
    if batch is None:
        return None
    sheet = import_batch_sheet(batch=batch, deadline=deadline)
    total = len(sheet.rows)
    progress(0, total)
    plan, good = plan_good_rows(
        sheet, batch.column_map, deadline=deadline, progress=lambda done: progress(done, total)
    )
    problems = _problems_in_danish(sheet, batch.column_map, plan, deadline)
    stored = preview_to_json(
        plan, good, revision=revision, column_map=batch.column_map, problems=problems
    )
    ImportBatch.objects.filter(pk=batch_id, state=State.PREPARING, revision=revision).update(
        state=State.PREVIEW, preview=stored
    )
    return plan, good


# --- The import ---------------------------------------------------------------------------


def _change_reason(batch):
    reason = stored_text(gettext_noop("Imported from a spreadsheet")) + f": {batch.original_name}"
    return reason[:CHANGE_REASON_LENGTH]


def _locked(batch_id):
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    if batch.state != State.IMPORTING:
        raise ImportRefused(
            _("This import is already %(state)s.") % {"state": batch.get_state_display().lower()}
        )
    return batch


@transaction.atomic
def import_batch_commit(
    *, batch, by, digest, good_rows_only=False, deadline=None, progress=_no_progress
):
    """Import every row of `batch` (in IMPORTING), or none; with `good_rows_only`, every row
    without problems, or none.

    The file is read and every row planned and checked again here, inside the transaction;
    if anything differs from the preview the person saw (`digest`), or any row fails, nothing
    is saved. After an import of the good rows, the rows with problems are kept as a file to
    download (`import_batch_rejects`) instead of the uploaded file. `progress(done, total)`
    counts each row twice: planned, then saved.
    """
    batch = _locked(batch.pk)
    try:
        sheet = import_batch_sheet(batch=batch, deadline=deadline)
    except ImportTimeUp:
        raise
    except SpreadsheetError as error:
        raise ImportRefused(error.message) from None
    total = 2 * len(sheet.rows)
    progress(0, total)

    def planned(done):
        progress(done, total)

    if good_rows_only:
        full, good = plan_good_rows(
            sheet, batch.column_map, lock=True, deadline=deadline, progress=planned
        )
        plan = good if good is not None else full
    else:
        full = plan = plan_import(
            sheet, batch.column_map, lock=True, deadline=deadline, progress=planned
        )
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
    rejects = None
    if skipped:
        with translation.override(settings.LANGUAGE_CODE):
            problems = _problems_in_danish(sheet, batch.column_map, full, deadline)
            rejects = rejects_file(sheet, problems)
    progress(len(sheet.rows), total)

    def saved(done):
        progress(len(sheet.rows) + done, total)

    summary = _apply(plan, batch=batch, by=by, deadline=deadline, progress=saved)
    summary["skipped"] = skipped
    batch.state = State.DONE
    batch.summary = summary
    batch.sheet = batch.preview = {}
    delete_file_after_commit(batch)
    if rejects is not None:
        data, extension = rejects
        batch.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    batch.save(update_fields=["state", "summary", "file", "sheet", "preview"])
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


def _apply(plan, *, batch, by, deadline, progress):
    reason, now = _change_reason(batch), timezone.now()
    summary = dict.fromkeys(
        ("created", "updated", "unchanged", "contacts_created", "contacts_updated"), 0
    )
    summary.update({"by": by.pk, "at": now.isoformat(), "rows": []})
    done = 0
    for group in plan.groups:
        if deadline is not None:
            deadline.check()
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
        done += len(group.rows)
        progress(done)  # written at most twice a second (jobs.PROGRESS_EVERY)
    summary["rows"].sort(key=lambda row: row["row"])
    return summary


# --- After a step ---------------------------------------------------------------------------


def import_batch_failed(*, batch_id, message, state=None):
    """A step's job failed (a file the import refuses, a step out of time, an error): the
    batch, if still at that step (`state`, or any busy one), is FAILED with the message.

    A file that could not be read is deleted at once: nothing of it is kept but the batch's
    state and the reason. After a later step the file stays, for the person to choose the
    columns again or to cancel."""
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update()
            .filter(pk=batch_id, state__in=[state] if state else ImportBatch.BUSY)
            .first()
        )
        if batch is None:
            return None
        if batch.state == State.READING:
            delete_file_after_commit(batch)
            batch.file = ""
            batch.sheet = {}
        batch.state = State.FAILED
        batch.error = str(message)[:2000]
        batch.save(update_fields=["state", "error", "file", "sheet"])
    return batch
