"""The interim report (delrapport): the project leader's narrative and previews, the frozen
versions and their PDFs, and the steering group's review.

Who sees what: the project leader writes, freezes and submits; consultants read everything
and, like the project leader, answer the members' comments; steering group members see only
the versions submitted to them, with the comments and verdicts, and comment and give their
verdict there. Anyone else is told nothing about a version (404).
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mapping.forms.reports import CompareForm, NarrativeForm
from mapping.models import ReportNarrative, ReportVersion
from mapping.review_policy import POLICY
from mapping.selectors import reports as selectors
from mapping.services import reports as services
from mapping.views.report_pdf import (
    no_new_version,
    pdf_name,
    report_freeze,
    report_pdf_retry,
    version_pdf,
    with_pdf_jobs,
)
from portal import deliveries, formatting, refusals, steering
from portal.access import EVERYONE_LOGGED_IN, PROJECT_LEADER, STAFF, role_required
from portal.concurrency import edit_is_current
from portal.export import export_response, requested_format
from portal.forms import model_values
from portal.models import User
from portal.review import views as review_views
from portal.steering import tell_submitted

STEERING_GROUP = (User.Role.STEERING_GROUP,)
# Those who may read submitted versions: the staff and the steering group.
READERS = (*STAFF, *STEERING_GROUP)

VERSION_COLUMNS = [
    (gettext_lazy("Version"), lambda v: v.number),
    (gettext_lazy("Frozen"), lambda v: v.frozen_at),
    (gettext_lazy("Frozen by"), lambda v: str(v.frozen_by)),
    (gettext_lazy("PDF"), lambda v: v.get_pdf_state_display()),
    (gettext_lazy("Pages"), lambda v: v.page_count),
    (gettext_lazy("SHA-256 checksum"), lambda v: v.checksum),
    (gettext_lazy("Submitted"), lambda v: v.submitted_at),
    (gettext_lazy("Review"), lambda v: ReportVersion.ReviewState(v.review_state).label),
    (gettext_lazy("Comments"), lambda v: v.comment_count),
    (gettext_lazy("Approvals"), lambda v: v.approval_count),
    (gettext_lazy("Changes requested"), lambda v: v.changes_count),
]


# --- The narrative and the previews ----------------------------------------------------


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def report_home(request):
    """The project leader writes the narrative here and freezes versions; consultants read."""
    narrative = ReportNarrative.current()
    may_edit = request.user.is_project_leader
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = NarrativeForm(request.POST or None, instance=narrative) if may_edit else None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    services.narrative_update(**model_values(form), by=request.user)
                    messages.success(request, _("The report's texts were saved."))
                    return redirect("mapping:report-home")
        except ValidationError as error:
            refusals.on_form(form, error)
    sections = [
        {
            "label": ReportNarrative._meta.get_field(name).verbose_name,
            "text": getattr(narrative, name),
        }
        for name in ReportNarrative.SECTIONS
    ]
    versions = selectors.version_list(user=request.user)
    waiting = with_pdf_jobs(versions, request.user)
    return render(
        request,
        "mapping/reports/home.html",
        {
            "narrative": narrative,
            "form": form,
            "may_edit": may_edit,
            "sections": sections,
            "versions": versions,
            # Staff see every version, newest first: the freeze form's idempotency token.
            "latest_version_number": versions[0].number if versions else 0,
            "preparing": waiting,
            "history": selectors.narrative_history(narrative=narrative),
        },
    )


@role_required(STAFF)
@require_safe
def report_preview(request):
    """The report as it would be frozen now, in the browser."""
    narrative = ReportNarrative.current()
    html = services.report_package().preview_html(narrative=narrative, request=request)
    return render(request, "mapping/reports/preview.html", {"html": html})


@role_required(STAFF)
@require_safe
@xframe_options_sameorigin
def report_preview_pdf(request):
    """The report as it would be frozen now, as a PDF. Rendered on request, never stored."""
    pdf_bytes, _pages = services.report_package().render_interim_report(
        narrative=ReportNarrative.current(), language=services.REPORT_LANGUAGE
    )
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_name()}"'
    response["Cache-Control"] = "no-store"
    return response


# --- The versions ----------------------------------------------------------------------


@role_required(READERS)
@require_safe
def version_list(request):
    """Every version for the staff; the submitted ones for the steering group."""
    versions = selectors.version_list(user=request.user)
    export_format = requested_format(request)
    if export_format:
        return export_response(
            versions,
            VERSION_COLUMNS,
            export_format=export_format,
            filename="delrapport-versioner",
            title=gettext_lazy("Interim report versions"),
        )
    return render(
        request,
        "mapping/reports/version_list.html",
        {"versions": versions, "preparing": with_pdf_jobs(versions, request.user)},
    )


def _is_number(value):
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _hidden_small_count(key, value, public):
    """Whether a count of people is too small to show its exact value to this reader."""
    return (
        public
        and key in selectors.PEOPLE_FIGURES
        and _is_number(value)
        and 0 < value < formatting.SMALL_COUNT_LIMIT
    )


def _figure_text(key, value, *, public):
    if value is None:
        return "–"
    if _is_number(value):
        if public and key in selectors.PEOPLE_FIGURES:
            return formatting.people_count(value)
        return formatting.number(value)
    return str(value)


def _difference_text(value):
    if value is None:
        return "–"
    text = formatting.number(value)
    return f"+{text}" if value > 0 else text


def _figure_table(versions, *, public):
    """The key figures of `versions` side by side, as text; a member row carries its group's
    label too (for screen readers and exports). For the steering group (`public`), counts
    of people under 5 are shown as the PDF shows them."""
    rows, group_label = [], ""
    for row in selectors.figure_rows(versions=versions):
        if row["group"]:
            group_label = row["label"]
            rows.append({**row, "full_label": row["label"], "texts": []})
            continue
        key, values = row["key"], row["values"]
        difference = None
        if (
            len(values) == 2
            and all(_is_number(value) for value in values)
            and not any(_hidden_small_count(key, value, public) for value in values)
        ):
            difference = values[1] - values[0]
        rows.append(
            {
                **row,
                "group_label": group_label if row["member"] else "",
                "full_label": f"{group_label}: {row['label']}" if row["member"] else row["label"],
                "texts": [_figure_text(key, value, public=public) for value in values],
                "difference_text": _difference_text(difference),
            }
        )
    return rows


def _version_page(request, version, **refused):
    """The version page; `refused`: a form that was refused, shown again with its errors
    (portal.review.views)."""
    user = request.user
    figures = _figure_table([version], public=not user.is_programme_staff)
    previous = (
        selectors.versions_visible(user=user)
        .filter(number__lt=version.number, pdf_state=ReportVersion.PdfState.READY)
        .order_by("-number")
        .first()
    )
    review = review_views.page_context(request, policy=POLICY, version=version, **refused)
    may_submit = (
        user.is_project_leader
        and version.pdf_ready
        and version.submitted_at is None
        and review["newer"] is None
    )
    with_pdf_jobs([version], user)
    return render(
        request,
        "mapping/reports/version_detail.html",
        {
            **review,
            "version": version,
            "figures": figures,
            "may_submit": may_submit,
            "may_retry": user.is_project_leader and version.pdf_failed,
            # Before sending: who gets a link, who an invitation with it, who cannot be reached.
            "recipients": steering.recipients() if may_submit else [],
            "unsent": list(deliveries.unsent(about=version)) if user.is_project_leader else [],
            "previous": previous,
        },
        status=review_views.page_status(review),
    )


@role_required(EVERYONE_LOGGED_IN)
@require_safe
def version_detail(request, pk):
    try:
        version = selectors.version_get_for_user(user=request.user, pk=pk)
    except Http404:
        # A freeze's version that its job removed, the report being unchanged: the page
        # that was waiting for it reloads here and is sent to the version that holds it.
        if request.user.is_programme_staff and services.pdf_job_removed(pk):
            return no_new_version(request)
        raise
    return _version_page(request, version)


@role_required(PROJECT_LEADER)
@require_POST
def report_submit(request, pk):
    version = selectors.version_get_for_user(user=request.user, pk=pk, with_review=False)
    try:
        recipients, outcome = services.report_submit(
            version=version, by=request.user, request=request
        )
    except ValidationError as error:
        refusals.as_message(request, error)
        return redirect(version)
    tell_submitted(request, version, recipients, outcome)
    deliveries.flash_outcome(request, outcome)
    return redirect(version)


# --- The review: the shared one (portal.review) under the report's policy ----------------

review_comment = review_views.comment_view(POLICY, page=_version_page)
review_verdict = review_views.verdict_view(POLICY, page=_version_page)
review_answer = review_views.answer_view(POLICY, page=_version_page)


COMPARE_COLUMNS = [
    (gettext_lazy("Key figure"), lambda row: str(row["full_label"])),
    (gettext_lazy("First version"), lambda row: row["texts"][0]),
    (gettext_lazy("Second version"), lambda row: row["texts"][1]),
    (gettext_lazy("Difference"), lambda row: row["difference_text"]),
]


@role_required(READERS)
@require_safe
def report_compare(request):
    """The key figures of two versions side by side, with what changed between them."""
    # Only versions with their PDF have their key figures.
    versions = (
        selectors.versions_visible(user=request.user)
        .filter(pdf_state=ReportVersion.PdfState.READY)
        .order_by("-number")
    )
    asked = "a" in request.GET or "b" in request.GET
    form = CompareForm(request.GET if asked else None, versions=versions)
    rows = a = b = None
    if asked and form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        rows = _figure_table([a, b], public=not request.user.is_programme_staff)
        export_format = requested_format(request)
        if export_format:
            return export_response(
                [row for row in rows if not row["group"]],
                COMPARE_COLUMNS,
                export_format=export_format,
                filename=f"delrapport-v{a.number}-v{b.number}",
                title=f"{_('Versions')} {a.number}–{b.number}",
            )
    return render(
        request,
        "mapping/reports/compare.html",
        {
            "form": form,
            "rows": rows,
            "a": a,
            "b": b,
            "has_versions": versions.exists(),
        },
        status=400 if asked and rows is None else 200,
    )


urlpatterns = [
    path("mapping/reports/", report_home, name="report-home"),
    path("mapping/reports/preview/", report_preview, name="report-preview"),
    path("mapping/reports/preview/pdf/", report_preview_pdf, name="report-preview-pdf"),
    path("mapping/reports/freeze/", report_freeze, name="report-freeze"),
    path("mapping/reports/compare/", report_compare, name="report-compare"),
    path("mapping/reports/versions/", version_list, name="report-version-list"),
    path("mapping/reports/versions/<int:pk>/", version_detail, name="report-version"),
    path("mapping/reports/versions/<int:pk>/pdf/", version_pdf, name="report-version-pdf"),
    path("mapping/reports/versions/<int:pk>/pdf/retry/", report_pdf_retry, name="report-pdf-retry"),
    path("mapping/reports/versions/<int:pk>/submit/", report_submit, name="report-submit"),
    path("mapping/reports/versions/<int:pk>/comment/", review_comment, name="report-comment"),
    path("mapping/reports/versions/<int:pk>/verdict/", review_verdict, name="report-verdict"),
    path("mapping/reports/comments/<int:pk>/answer/", review_answer, name="report-answer"),
]
