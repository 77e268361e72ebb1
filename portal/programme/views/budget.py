"""The budget: estimated against used hours and kroner, with the warnings at 90 % and 100 %,
its export (XLSX, CSV, PDF), the baselines the project leader keeps, and a baseline compared
with today's plan. The staff and the steering group read it; the project leader keeps
baselines."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from portal import formatting, refusals
from portal.access import PROJECT_LEADER, role_required
from portal.export import FORMATS, MONEY, PERCENT, export_response, requested_format
from portal.programme.budget_pdf import budget_pdf_response
from portal.programme.forms.plan import BaselineChoiceForm, BaselineForm
from portal.programme.models import BudgetBaseline
from portal.programme.selectors import budget as selectors
from portal.programme.services import plan as services
from portal.programme.views.plan import READERS


def _export_format(request):
    """'xlsx' or 'csv' when asked for with ?format= (or the portal's usual ?export=)."""
    asked = request.GET.get("format")
    return asked if asked in FORMATS else requested_format(request)


def _export_rows(overview):
    """The budget as flat rows: each activity, each phase's total, the programme's totals."""
    rows = []
    for phase in overview["phases"]:
        for activity in phase.activity_list:
            rows.append(
                {
                    "phase": str(phase),
                    "activity": activity.name,
                    "rate": activity.hourly_rate,
                    "figures": activity.figures,
                }
            )
        rows.append(
            {
                "phase": str(phase),
                "activity": _("Total for the phase"),
                "rate": None,
                "figures": phase.figures,
            }
        )
    totals = overview["totals"]
    rows.append({"phase": "", "activity": _("Total, excl. VAT"), "rate": None, "figures": totals})
    rows.append(
        {
            "phase": "",
            "activity": _("Total, incl. VAT"),
            "rate": None,
            "figures": totals,
            "with_vat": True,
        }
    )
    return rows


def _columns(export_format):
    """The budget's columns. A spreadsheet gets numbers (kroner shown as kroner); Danish CSV
    the Danish way of writing them."""

    def number(value):
        if value is None:
            return None
        return value if export_format == "xlsx" else formatting.number(value, 2)

    def money(row, figure):
        figures = row["figures"]
        name = f"{figure}_with_vat" if row.get("with_vat") else figure
        return number(getattr(figures, name))

    def hours(value, row):
        return None if row.get("with_vat") else number(value)

    def kroner(csv_heading, page_heading):
        # A spreadsheet shows kroner as kroner under the page's heading; CSV has no format,
        # so its heading names the unit.
        return page_heading if export_format == "xlsx" else csv_heading

    return [
        (gettext_lazy("Phase"), lambda r: r["phase"]),
        (gettext_lazy("Activity"), lambda r: r["activity"]),
        (gettext_lazy("Estimated hours"), lambda r: hours(r["figures"].estimated_hours, r)),
        (
            kroner(gettext_lazy("Hourly rate (kr.)"), gettext_lazy("Hourly rate")),
            lambda r: number(r["rate"]),
            MONEY,
        ),
        (
            kroner(gettext_lazy("Estimated (kr.)"), gettext_lazy("Estimated")),
            lambda r: money(r, "estimated_cost"),
            MONEY,
        ),
        (gettext_lazy("Used hours"), lambda r: hours(r["figures"].used_hours, r)),
        (
            kroner(gettext_lazy("Used (kr.)"), gettext_lazy("Used")),
            lambda r: money(r, "used_cost"),
            MONEY,
        ),
        (gettext_lazy("Remaining hours"), lambda r: hours(r["figures"].remaining_hours, r)),
        (
            kroner(gettext_lazy("Remaining (kr.)"), gettext_lazy("Remaining")),
            lambda r: money(r, "remaining_cost"),
            MONEY,
        ),
        (gettext_lazy("Used (%)"), lambda r: number(r["figures"].percent_used), PERCENT),
        (gettext_lazy("Warning"), lambda r: str(r["figures"].level_label)),
    ]


@role_required(READERS)
@require_safe
def budget(request):
    overview = selectors.budget_overview()
    export_format = _export_format(request)
    if export_format:
        return export_response(
            _export_rows(overview),
            _columns(export_format),
            export_format=export_format,
            filename="budget",
            title=gettext_lazy("Budget"),
        )
    return render(
        request,
        "programme/budget/budget.html",
        {
            **overview,
            "baselines": selectors.baseline_list(),
            "may_edit": request.user.is_project_leader,
        },
    )


@role_required(READERS)
@require_safe
def budget_pdf(request):
    return budget_pdf_response()


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def baseline_create(request):
    """Keep the budget as it stands as a named baseline (e.g. “Tilbud 2012”)."""
    form = BaselineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            baseline = services.baseline_create(name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(
                request, _("The budget was kept as “%(name)s”.") % {"name": baseline.name}
            )
            return redirect(f"{reverse('programme:budget-compare')}?baseline={baseline.pk}")
    return render(request, "programme/budget/baseline_form.html", {"form": form})


@role_required(READERS)
@require_safe
def budget_compare(request):
    """A kept baseline against today's plan, per activity and per phase."""
    baselines = BudgetBaseline.objects.order_by("-created_at", "-pk")
    data = request.GET if "baseline" in request.GET else None
    first = baselines.last()  # the oldest: usually the offer
    form = BaselineChoiceForm(data, baselines=baselines, initial={"baseline": first})
    comparison = None
    if data is not None and form.is_valid():
        comparison = selectors.baseline_compare(baseline=form.cleaned_data["baseline"])
    elif data is None and first is not None:
        comparison = selectors.baseline_compare(baseline=first)
    return render(
        request,
        "programme/budget/compare.html",
        {
            "form": form,
            "comparison": comparison,
            "has_baselines": first is not None,
            "may_edit": request.user.is_project_leader,
        },
        status=400 if data is not None and comparison is None else 200,
    )


urlpatterns = [
    path("budget/", budget, name="budget"),
    path("budget/pdf/", budget_pdf, name="budget-pdf"),
    path("budget/compare/", budget_compare, name="budget-compare"),
    path("budget/baselines/new/", baseline_create, name="baseline-create"),
]
