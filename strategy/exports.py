"""The action plan with its progress as XLSX (one row per action) and as PDF (an A4
landscape table grouped by focus area, in Danish)."""

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.export import MONEY, PERCENT, export_response
from portal.pdf import pdf_response

FORMATS = ("xlsx", "pdf")
# Exports are documents of the municipality: in Danish, whoever downloads them.
EXPORT_LANGUAGE = "da"


def _number(value):
    """A Decimal as a number cell: spreadsheets calculate with the figures."""
    return None if value is None else float(value)


def _date(value):
    return value or None


COLUMNS = [
    (_("No."), lambda a: a.position),
    (_("Focus area"), lambda a: a.focus_area.title),
    (_("Goal"), lambda a: a.goal.title if a.goal_id else ""),
    (_("Action"), lambda a: a.title),
    (_("Owner"), lambda a: str(a.owner)),
    (_("Start"), lambda a: a.starts_on),
    (_("End"), lambda a: a.ends_on),
    (_("Budget"), lambda a: _number(a.budget), MONEY),
    (_("Budget (hours)"), lambda a: _number(a.budget_hours)),
    (_("Indicator"), lambda a: a.indicator),
    (_("Unit"), lambda a: a.indicator_unit),
    (_("Baseline"), lambda a: _number(a.baseline)),
    (_("Latest value"), lambda a: _number(a.current_value)),
    (_("Target"), lambda a: _number(a.target)),
    (_("State"), lambda a: a.get_state_display()),
    (_("Done (%)"), lambda a: a.percent_done, PERCENT),
    (_("Late"), lambda a: a.late),
    (_("Stale"), lambda a: a.stale),
    (_("Last update"), lambda a: _date(a.last_update_on)),
]


def filename(strategy):
    return f"handleplan-{slugify(strategy.title) or strategy.pk}"


def plan_xlsx_response(overview):
    with translation.override(EXPORT_LANGUAGE):
        return export_response(
            overview.actions,
            COLUMNS,
            export_format="xlsx",
            filename=filename(overview.strategy),
            title=_("Action plan"),
        )


def plan_pdf_response(overview, *, request=None):
    with translation.override(EXPORT_LANGUAGE):
        stamp = timezone.localdate().isoformat()
        return pdf_response(
            "strategy/progress/pdf_plan.html",
            {"overview": overview, "strategy": overview.strategy, "printed": timezone.now()},
            filename=f"{filename(overview.strategy)}-{stamp}",
            request=request,
            inline=False,
        )
