"""The monthly statement: registered time for a period, per person and per activity, shown
and exported (XLSX and CSV) so the consultants' invoices can be checked against it.

The project leader exports everyone's time or one person's; a consultant only their own
(the selector scopes it, whatever is asked for).
"""

import calendar
import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from portal import formatting
from portal.access import STAFF, role_required
from portal.export import MONEY, export_response, requested_format
from portal.programme.forms.timesheets import TimeExportForm
from portal.programme.selectors import timesheets as selectors
from portal.validators import day_text


def month_period(day):
    """The first and last day of `day`'s month."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def _period_links(today):
    this_month = month_period(today)
    last_month = month_period(this_month[0] - datetime.timedelta(days=1))
    return [
        (_("Last month"), last_month),
        (_("This month"), this_month),
    ]


def _value(export_format):
    """Numbers stay numbers in a spreadsheet; Danish CSV writes them the Danish way, and
    dates as 27.11.2026."""

    def value(item):
        if item is None or export_format == "xlsx":
            return item
        if isinstance(item, datetime.date):
            return day_text(item)
        return formatting.number(item, 2)

    return value


def _entry_columns(export_format):
    value = _value(export_format)
    return [
        (gettext_lazy("Date"), lambda e: value(e.date)),
        (gettext_lazy("Person"), lambda e: str(e.user)),
        (gettext_lazy("Phase"), lambda e: e.activity.phase.number),
        (gettext_lazy("Activity"), lambda e: e.activity.name),
        (gettext_lazy("Hours"), lambda e: value(e.hours)),
        (gettext_lazy("Hourly rate (kr.)"), lambda e: value(e.hourly_rate), MONEY),
        (gettext_lazy("Kroner excl. VAT"), lambda e: value(e.cost), MONEY),
        (gettext_lazy("Note"), lambda e: e.note),
    ]


def _total_rows(totals):
    """The totals as flat rows: each person's activities and total, then everyone's."""
    rows = []
    for row in totals.rows:
        if row.kind == "person":
            activity = _("Total for %(person)s") % {"person": row.person}
        else:
            activity = row.activity.name
        rows.append(
            {
                "person": str(row.person),
                "phase": row.activity.phase.number if row.activity else None,
                "activity": activity,
                "hours": row.hours,
                "cost": row.cost,
            }
        )
    everyone = {"person": "", "phase": None, "hours": totals.hours}
    rows.append({**everyone, "activity": _("Total, excl. VAT"), "cost": totals.cost})
    rows.append(
        {**everyone, "activity": _("Total, incl. VAT"), "hours": None, "cost": totals.cost_with_vat}
    )
    return rows


def _total_columns(export_format):
    value = _value(export_format)
    return [
        (gettext_lazy("Person"), lambda r: r["person"]),
        (gettext_lazy("Phase"), lambda r: r["phase"]),
        (gettext_lazy("Activity"), lambda r: r["activity"]),
        (gettext_lazy("Hours"), lambda r: value(r["hours"])),
        (gettext_lazy("Kroner excl. VAT"), lambda r: value(r["cost"]), MONEY),
    ]


@role_required(STAFF)
@require_safe
def time_export(request):
    """The statement for a period (this month unless another is asked for)."""
    today = timezone.localdate()
    if "starts_on" in request.GET:
        data = request.GET
    else:
        starts_on, ends_on = month_period(today)
        data = {
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "content": TimeExportForm.TOTALS,
        }
    form = TimeExportForm(data, user=request.user)
    context = {"form": form, "periods": _period_links(today)}
    if not form.is_valid():
        return render(request, "programme/timesheets/export.html", context, status=400)
    cleaned = form.cleaned_data
    entries = list(
        selectors.time_entries(
            user=request.user,
            starts_on=cleaned["starts_on"],
            ends_on=cleaned["ends_on"],
            person=cleaned.get("person"),
            activity=cleaned.get("activity"),
        )
    )
    export_format = requested_format(request)
    if export_format:
        if cleaned["content"] == TimeExportForm.ENTRIES:
            rows, columns = entries, _entry_columns(export_format)
        else:
            totals = selectors.time_totals(entries)
            rows, columns = _total_rows(totals), _total_columns(export_format)
        period = f"{cleaned['starts_on']:%Y%m%d}-{cleaned['ends_on']:%Y%m%d}"
        # Named in Danish like the other exports; the sheet after the page's subject.
        return export_response(
            rows,
            columns,
            export_format=export_format,
            filename=f"registreret-tid-{period}",
            title=_("Registered time"),
        )
    context.update(
        {
            "totals": selectors.time_totals(entries),
            "entry_count": len(entries),
            "starts_on": cleaned["starts_on"],
            "ends_on": cleaned["ends_on"],
        }
    )
    return render(request, "programme/timesheets/export.html", context)
