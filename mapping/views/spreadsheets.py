"""Import of organisations and contacts from a spreadsheet, for the programme's staff.

Upload, choose the columns, look at the preview of every row, then import all or nothing.
Imports belong to the programme, not to one person: every member of staff may continue,
import or cancel an import that another started. Nobody else may see them.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mapping.forms.spreadsheets import ImportColumnsForm, ImportUploadForm
from mapping.models import ImportBatch
from mapping.services import spreadsheets as services
from mapping.spreadsheets import ACTION_LABELS, TARGETS, Action, SpreadsheetError
from portal.access import STAFF, role_required

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _batch(pk):
    """An import, for any member of staff (role_required has kept everyone else out)."""
    return get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)


def _finished(batch):
    return redirect("mapping:import-result", pk=batch.pk)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        batch = services.import_batch_create(
            name=form.cleaned_data["file"].name,
            data=form.data_bytes,
            sheet=form.sheet,
            by=request.user,
        )
        return redirect("mapping:import-columns", pk=batch.pk)
    return render(request, "mapping/spreadsheets/upload.html", {"form": form, "targets": TARGETS})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def import_columns(request, pk):
    batch = _batch(pk)
    if batch.state != ImportBatch.State.PREVIEW:
        return _finished(batch)
    try:
        sheet = services.import_batch_sheet(batch=batch)
    except SpreadsheetError as error:
        return render(
            request,
            "mapping/spreadsheets/columns.html",
            {"batch": batch, "form": None, "file_error": error.message},
        )
    form = ImportColumnsForm(request.POST or None, sheet=sheet, column_map=batch.column_map)
    if request.method == "POST" and form.is_valid():
        services.import_batch_set_columns(batch=batch, column_map=form.column_map())
        return redirect("mapping:import-preview", pk=batch.pk)
    return render(
        request,
        "mapping/spreadsheets/columns.html",
        {"batch": batch, "form": form, "rows": len(sheet.rows)},
    )


@role_required(STAFF)
def import_preview(request, pk):
    batch = _batch(pk)
    if batch.state != ImportBatch.State.PREVIEW:
        return _finished(batch)
    try:
        plan, good = services.import_batch_plans(batch=batch)
    except SpreadsheetError as error:
        plan, good, file_error = None, None, error.message
    else:
        file_error = None
    rows = plan.rows if plan else []
    if good is not None:
        # A good row as the import of the good rows will save it, without the others.
        by_number = {row.number: row for row in good.rows}
        rows = [by_number.get(row.number, row) for row in rows]
    return render(
        request,
        "mapping/spreadsheets/preview.html",
        {
            "batch": batch,
            "plan": plan,
            "good": good,
            "rows": rows,
            "bad_count": plan.count(Action.ERROR) if plan else 0,
            "file_error": file_error,
            "counts": [(label, plan.count(action)) for action, label in ACTION_LABELS.items()]
            if plan
            else [],
        },
    )


@role_required(STAFF)
@require_POST
def import_commit(request, pk):
    batch = _batch(pk)
    try:
        batch = services.import_batch_commit(
            batch=batch,
            by=request.user,
            digest=request.POST.get("digest", ""),
            good_rows_only=request.POST.get("rows") == "good",
        )
    except services.ImportRefused as refused:
        messages.error(request, refused.message)
        batch.refresh_from_db()
        if batch.state != ImportBatch.State.PREVIEW:
            return _finished(batch)
        return redirect("mapping:import-preview", pk=batch.pk)
    messages.success(request, _("The import is done."))
    return _finished(batch)


@role_required(STAFF)
@require_POST
def import_cancel(request, pk):
    batch = _batch(pk)
    try:
        services.import_batch_cancel(batch=batch, by=request.user)
    except services.ImportRefused as refused:
        messages.error(request, refused.message)
        return _finished(batch)
    messages.success(request, _("The import was cancelled. Nothing was imported."))
    return redirect("mapping:import-upload")


@role_required(STAFF)
def import_rejects(request, pk):
    """The rows with problems, as a file in the uploaded file's format, to correct."""
    batch = _batch(pk)
    try:
        data, name = services.import_batch_rejects(batch=batch)
    except SpreadsheetError as error:
        messages.error(request, error.message)
        if batch.state == ImportBatch.State.PREVIEW:
            return redirect("mapping:import-preview", pk=batch.pk)
        return _finished(batch)
    content_type = CONTENT_TYPES["xlsx" if name.endswith(".xlsx") else "csv"]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@role_required(STAFF)
def import_result(request, pk):
    batch = _batch(pk)
    if batch.state == ImportBatch.State.PREVIEW:
        return redirect("mapping:import-preview", pk=batch.pk)
    summary = batch.summary or {}
    return render(
        request,
        "mapping/spreadsheets/result.html",
        {
            "batch": batch,
            "summary": summary,
            "rows": [
                {**row, "action_label": ACTION_LABELS.get(row.get("action"), "")}
                for row in summary.get("rows", [])
            ],
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
