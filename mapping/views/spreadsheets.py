"""Import of organisations and contacts from a spreadsheet, for the programme's staff.

Upload, choose the columns, look at the preview of every row, then import all or nothing.
Each step that reads the file runs as a background job; the page that started it shows its
progress (portal/jobs/includes/progress.html) and reloads itself when the job is done:
reading on the column page, the preview on the preview page, the import on the result page.
A job that failed leaves its reason on the column page, with the way to start over.

Imports belong to the programme, not to one person: every member of staff may continue,
import or cancel an import that another started. Nobody else may see them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mapping.forms.spreadsheets import ImportColumnsForm, ImportUploadForm
from mapping.models import ImportBatch
from mapping.selectors.spreadsheets import import_batch_get_for_user
from mapping.services import spreadsheets as services
from mapping.spreadsheets import ACTION_LABELS, TARGETS, Action, SpreadsheetError
from portal import refusals
from portal.access import STAFF, role_required

State = ImportBatch.State
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Rows of the preview and the result shown on one page: a file may have 20,000.
ROWS_PER_PAGE = 250


def _batch(request, pk):
    """An import, for any member of staff (role_required has kept everyone else out), with
    its newest job; a busy import whose job has died is failed here."""
    batch = import_batch_get_for_user(user=request.user, pk=pk)
    job = services.import_batch_job(batch=batch)
    return services.import_batch_settle(batch=batch, job=job), job


def _finished(batch):
    return redirect("mapping:import-result", pk=batch.pk)


def _file_gone(batch):
    return not batch.file or not batch.file.storage.exists(batch.file.name)


def _gone_message():
    return _("The uploaded file is no longer available. Upload it again.")


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    posted = request.method == "POST"
    # Bound on every POST: one without a file gets "This field is required".
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        batch = services.import_batch_create(
            name=form.cleaned_data["file"].name, data=form.data_bytes, by=request.user
        )
        return redirect("mapping:import-columns", pk=batch.pk)
    return render(request, "mapping/spreadsheets/upload.html", {"form": form, "targets": TARGETS})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def import_columns(request, pk):
    """The column choice; while the file is read, its progress; after a failed step, why."""
    batch, job = _batch(request, pk)
    if batch.state in ImportBatch.FINISHED:
        return _finished(batch)
    if batch.state in (State.PREPARING, State.IMPORTING):
        return redirect("mapping:import-preview", pk=batch.pk)
    context = {"batch": batch, "job": job, "form": None, "file_error": None}
    sheet = services.import_batch_sheet_summary(batch=batch)
    if batch.state == State.READING or sheet is None:
        if request.method == "POST":
            return redirect("mapping:import-columns", pk=batch.pk)
        return render(request, "mapping/spreadsheets/columns.html", context)
    if _file_gone(batch):
        context["file_error"] = _gone_message()
        return render(request, "mapping/spreadsheets/columns.html", context)
    form = ImportColumnsForm(request.POST or None, sheet=sheet, column_map=batch.column_map)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_batch_set_columns(
                batch=batch, column_map=form.column_map(), by=request.user
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            return redirect("mapping:import-preview", pk=batch.pk)
    context.update(form=form, rows=sheet.rows)
    return render(request, "mapping/spreadsheets/columns.html", context)


@role_required(STAFF)
def import_preview(request, pk):
    """The preview the job prepared, or its progress while it prepares it."""
    batch, job = _batch(request, pk)
    if batch.state in ImportBatch.FINISHED or batch.state == State.IMPORTING:
        return _finished(batch)
    if batch.state in (State.READING, State.FAILED):
        return redirect("mapping:import-columns", pk=batch.pk)
    context = {"batch": batch, "job": job, "plan": None, "good": None, "file_error": None}
    if batch.state == State.PREPARING:
        return render(request, "mapping/spreadsheets/preview.html", context)
    plan, good = services.import_batch_preview(batch=batch)
    if plan is None:
        return redirect("mapping:import-columns", pk=batch.pk)
    rows = plan.rows
    if good is not None:
        # A good row as the import of the good rows will save it, without the others.
        by_number = {row.number: row for row in good.rows}
        rows = [by_number.get(row.number, row) for row in rows]
    context.update(
        plan=plan,
        good=good,
        page=Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        bad_count=plan.count(Action.ERROR),
        file_error=_gone_message() if _file_gone(batch) else None,
        counts=[(label, plan.count(action)) for action, label in ACTION_LABELS.items()],
    )
    return render(request, "mapping/spreadsheets/preview.html", context)


@role_required(STAFF)
@require_POST
def import_commit(request, pk):
    """Queue the import; its page (the result) shows how far it has come, then the result."""
    batch, _job = _batch(request, pk)
    try:
        batch = services.import_batch_start_commit(
            batch=batch,
            by=request.user,
            digest=request.POST.get("digest", ""),
            good_rows_only=request.POST.get("rows") == "good",
        )
    except ValidationError as error:
        refusals.as_message(request, error)
        batch.refresh_from_db()
        if batch.state != State.PREVIEW:
            return _finished(batch)
        return redirect("mapping:import-preview", pk=batch.pk)
    return _finished(batch)


@role_required(STAFF)
@require_POST
def import_cancel(request, pk):
    batch, _job = _batch(request, pk)
    try:
        services.import_batch_cancel(batch=batch, by=request.user)
    except ValidationError as error:
        refusals.as_message(request, error)
        return _finished(batch)
    messages.success(request, _("The import was cancelled. Nothing was imported."))
    return redirect("mapping:import-upload")


@role_required(STAFF)
def import_rejects(request, pk):
    """The rows with problems, as a file in the uploaded file's format, to correct."""
    batch, _job = _batch(request, pk)
    try:
        data, name = services.import_batch_rejects(batch=batch)
    except SpreadsheetError as error:
        messages.error(request, error.message)
        if batch.state == State.PREVIEW:
            return redirect("mapping:import-preview", pk=batch.pk)
        return _finished(batch)
    content_type = CONTENT_TYPES["xlsx" if name.endswith(".xlsx") else "csv"]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@role_required(STAFF)
def import_result(request, pk):
    """What the import did; while it runs, its progress."""
    batch, job = _batch(request, pk)
    if batch.state in (State.PREVIEW, State.PREPARING):
        return redirect("mapping:import-preview", pk=batch.pk)
    if batch.state in (State.READING, State.FAILED):
        return redirect("mapping:import-columns", pk=batch.pk)
    summary = batch.summary or {}
    rows = [
        {**row, "action_label": ACTION_LABELS.get(row.get("action"), "")}
        for row in summary.get("rows", [])
    ]
    return render(
        request,
        "mapping/spreadsheets/result.html",
        {
            "batch": batch,
            "job": job,
            "summary": summary,
            "page": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        },
    )


urlpatterns = [
    path("mapping/import/", import_upload, name="import-upload"),
    path("mapping/import/<int:pk>/", import_result, name="import-result"),
    path("mapping/import/<int:pk>/columns/", import_columns, name="import-columns"),
    path("mapping/import/<int:pk>/preview/", import_preview, name="import-preview"),
    path("mapping/import/<int:pk>/commit/", import_commit, name="import-commit"),
    path("mapping/import/<int:pk>/cancel/", import_cancel, name="import-cancel"),
    path("mapping/import/<int:pk>/problems/", import_rejects, name="import-rejects"),
]
