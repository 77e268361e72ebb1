"""The interim report (delrapport) as a PDF and as HTML for the browser's preview.

The narrative comes from the project leader (ReportNarrative); every figure, table and chart
is computed from the live mapping in mapping/reports/figures.py. The PDF is rendered with
WeasyPrint like portal/pdf.py does (fonts embedded, title and language set, tagged as
PDF/UA-1), but keeps WeasyPrint's rendered document to tell its page count.

Contacts' personal data stays out unless the contact may be named in reports
(`Contact.public`); otherwise the report names the organisation only. Counts of people
under 5 are shown as "under 5".
"""

import hashlib
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mapping.models import Organisation, PurposeArea, StakeholderAssessment
from mapping.reports import charts
from mapping.reports.figures import (
    FIGURE_LABELS,
    GROUP_CHOICES,
    NO_AREA,
    collect,
    figures_of,
    member_label,
)
from mapping.selectors.stakeholders import SECTOR_ORDER, suggested_approach
from portal import formatting
from portal.pdf import html_to_pdf

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "mapping/reports/pdf/interim.html"
BODY_TEMPLATE = "mapping/reports/pdf/includes/body.html"

Status = Organisation.SocialEconomyStatus


@dataclass(frozen=True)
class Chapter:
    key: str
    title: object

    @property
    def anchor(self):
        return f"report-{self.key}"


# The chapters in their order. The keys are stable: review comments per chapter refer to them.
CHAPTERS = [
    Chapter("programme", _("The programme and method")),
    Chapter("enterprises", _("The social-economy enterprises found")),
    Chapter("stakeholders", _("The stakeholders and the stakeholder analysis")),
    Chapter("cases", _("The local cases and their effects")),
    Chapter("feedback", _("The feedback heard, by theme")),
    Chapter("potential", _("The potential and the ideas for interplay with municipal services")),
    Chapter("conclusions", _("Conclusions and recommendations for the strategy")),
]

STATUS_SHORT = {
    Status.EXISTING: pgettext_lazy("enterprise status", "Existing"),
    Status.POTENTIAL: pgettext_lazy("enterprise status", "Potential"),
}

# Key figures in chapter 1's overview; those about people follow the "under 5" rule.
OVERVIEW = [
    "enterprises_existing",
    "enterprises_potential",
    "enterprises_rsv",
    "employees",
    "employees_flexjob",
    "employees_edge",
    "stakeholders",
    "stakeholders_assessed",
    "meetings_held",
    "feedback",
    "cases_published",
    "potentials",
    "ideas",
]
PEOPLE_FIGURES = {"employees", "employees_flexjob", "employees_edge"}

SERIES = [
    {
        "label": pgettext_lazy("enterprise status", "Existing"),
        "fill": "#0a3d62",
        "stroke": "#0a3d62",
    },
    {
        "label": pgettext_lazy("enterprise status", "Potential"),
        "fill": "#ffffff",
        "stroke": "#0a3d62",
    },
]


# Reading the data into what the templates show


def _members(figures, group):
    prefix = f"{group}."
    return {key[len(prefix) :]: value for key, value in figures.items() if key.startswith(prefix)}


def _by_area(data, figures):
    existing = _members(figures, "existing_by_area")
    potential = _members(figures, "potential_by_area")
    names = [area.name for area in data.areas]
    if existing.get(NO_AREA) or potential.get(NO_AREA):
        names.append(NO_AREA)
    return [
        {
            "label": member_label("existing_by_area", name),
            "existing": existing.get(name, 0),
            "potential": potential.get(name, 0),
            "total": existing.get(name, 0) + potential.get(name, 0),
        }
        for name in names
    ]


def _by_purpose(data):
    counts = {code: {Status.EXISTING: 0, Status.POTENTIAL: 0} for code in PurposeArea.Code.values}
    without = {Status.EXISTING: 0, Status.POTENTIAL: 0}
    for organisation in data.enterprises:
        purposes = organisation.purpose_areas.all()
        for purpose in purposes:
            counts[purpose.code][organisation.se_status] += 1
        if not purposes:
            without[organisation.se_status] += 1
    rows = [
        {
            "label": PurposeArea.Code(code).label,
            "existing": count[Status.EXISTING],
            "potential": count[Status.POTENTIAL],
            "total": count[Status.EXISTING] + count[Status.POTENTIAL],
        }
        for code, count in counts.items()
    ]
    return rows, without[Status.EXISTING] + without[Status.POTENTIAL]


def _chart(rows):
    items = [{"label": row["label"], "values": [row["existing"], row["potential"]]} for row in rows]
    return charts.bar_chart(items, series=SERIES)


def _enterprise_rows(data):
    return [
        {
            "name": organisation.name,
            "area": organisation.area.name if organisation.area_id else "",
            "status": STATUS_SHORT[organisation.se_status],
            "rsv": organisation.rsv_registered,
            "purposes": ", ".join(str(p) for p in organisation.purpose_areas.all()),
        }
        for organisation in data.enterprises
    ]


def effect_figure(effect):
    """An effect's figure the Danish way (1.234,5); a count of people under 5 is "under 5"."""
    value = effect.value
    if effect.about_people:
        return formatting.people_count(int(value) if value == value.to_integral() else value)
    return floatformat(value, "-2g")


def _cases(data):
    return [
        {
            "title": case.title,
            "enterprise": case.organisation.name,
            "summary": case.summary or case.problem,
            "purposes": ", ".join(str(p) for p in case.purpose_areas.all()),
            "target_groups": ", ".join(str(t) for t in case.target_groups.all()),
            "effects": [
                {
                    "description": effect.description,
                    "figure": effect_figure(effect),
                    "unit": effect.unit,
                    "period_start": effect.period_start,
                    "period_end": effect.period_end,
                }
                for effect in case.effects.all()
            ],
        }
        for case in data.cases
    ]


def said_by(entry):
    """Who said it, as the report may show it: a person only if they may be named."""
    contact = entry.contact
    organisation = entry.organisation or (contact.organisation if contact else None)
    parts = []
    if contact and contact.public and contact.name and not contact.erased_at:
        parts.append(f"{contact.name} ({contact.role})" if contact.role else contact.name)
    if organisation:
        parts.append(organisation.name)
    return ", ".join(parts)


def _feedback(data):
    return [
        {
            "key": theme["theme"],
            "label": theme["label"],
            "count": theme["count"],
            "entries": [
                {
                    "text": entry.text,
                    "said_by": said_by(entry),
                    "meeting": entry.meeting.title if entry.meeting else "",
                    "meeting_kind": entry.meeting.get_kind_display() if entry.meeting else "",
                    "source": entry.source,
                    "heard_at": entry.heard_at,
                }
                for entry in theme["entries"]
            ],
        }
        for theme in data.feedback_themes
    ]


def _grouped(figures, group):
    """A fixed group's members in the choices' order, with their labels and counts."""
    counts = _members(figures, group)
    return [
        {"label": label, "count": counts.get(value, 0)}
        for value, label in GROUP_CHOICES[group].choices
    ]


def report_context(*, data, narrative, version_number=None, frozen_at=None, preview=False):
    """What the report's templates show, all evaluated here: no query while rendering."""
    figures = figures_of(data)
    by_area = _by_area(data, figures)
    by_purpose, without_purpose = _by_purpose(data)
    grid = charts.stakeholder_grid(data.assessments)
    sector_labels = dict(Organisation.Sector.choices)
    quadrants = [
        {
            "label": quadrant["label"],
            "count": quadrant["count"],
            "approach": suggested_approach(StakeholderAssessment.Quadrant(quadrant["key"])),
        }
        for quadrant in grid["quadrants"]
    ]
    date = timezone.localdate(frozen_at or data.now)
    number_of = {n: i for i, n in enumerate(CHAPTERS, start=1)}
    return {
        "municipality": settings.PORTAL_MUNICIPALITY,
        "version_number": version_number,
        "date": date,
        "preview": preview,
        # PDF: the cover's title is the h1, chapters h2; in the browser, the page around the
        # report has the h1.
        "h": {"title": 2, "chapter": 3, "section": 4}
        if preview
        else {"title": 1, "chapter": 2, "section": 3},
        "chapters": [
            {"key": c.key, "anchor": c.anchor, "title": c.title, "number": number_of[c]}
            for c in CHAPTERS
        ],
        "chapter": {
            c.key: {"anchor": c.anchor, "title": c.title, "number": number_of[c]} for c in CHAPTERS
        },
        "narrative": {key: getattr(narrative, key) for key in narrative.SECTIONS},
        "figures": figures,
        "overview": [
            {
                "label": FIGURE_LABELS[key],
                "value": formatting.people_count(figures[key])
                if key in PEOPLE_FIGURES
                else formatting.number(figures[key]),
            }
            for key in OVERVIEW
        ],
        "people": {key: formatting.people_count(figures[key]) for key in PEOPLE_FIGURES},
        "meetings_by_kind": _grouped(figures, "meetings_by_kind"),
        "by_area": by_area,
        "area_chart": _chart(by_area),
        "by_purpose": by_purpose,
        "purpose_chart": _chart(by_purpose),
        "without_purpose": without_purpose,
        "area_totals": {
            "existing": sum(row["existing"] for row in by_area),
            "potential": sum(row["potential"] for row in by_area),
            "total": sum(row["total"] for row in by_area),
        },
        "enterprises": _enterprise_rows(data),
        "series": SERIES,
        "by_sector": [
            {"label": sector_labels[sector], "count": figures[f"stakeholders_by_sector.{sector}"]}
            for sector in SECTOR_ORDER
        ],
        "grid": grid,
        "quadrants": quadrants,
        "cases": _cases(data),
        "themes": _feedback(data),
        "potentials_by_stage": _grouped(figures, "potentials_by_stage"),
        "potentials": [
            {
                "name": potential.organisation.name,
                "area": potential.organisation.area.name if potential.organisation.area_id else "",
                "stage": potential.get_stage_display(),
                "needs": potential.needs,
                "next_step": potential.next_step,
                "next_step_on": potential.next_step_on,
            }
            for potential in data.potentials
        ],
        "ideas_by_state": _grouped(figures, "ideas_by_state"),
        "ideas": [
            {
                "enterprise": idea.organisation.name,
                "department": idea.department.name,
                "service": idea.service,
                "description": idea.description,
                "state": idea.get_state_display(),
            }
            for idea in data.ideas
        ],
    }


# Rendering


def title_of(*, version_number):
    municipality = settings.PORTAL_MUNICIPALITY
    if version_number is None:
        return _("Interim report, %(municipality)s (preview)") % {"municipality": municipality}
    return _("Interim report, %(municipality)s, version %(number)s") % {
        "municipality": municipality,
        "number": version_number,
    }


def render_html(*, narrative, version_number=None, frozen_at=None, data=None):
    """The whole HTML document that WeasyPrint turns into the PDF, in the active language."""
    data = data or collect()
    context = report_context(
        data=data, narrative=narrative, version_number=version_number, frozen_at=frozen_at
    )
    context["lang"] = translation.get_language()
    context["document_title"] = title_of(version_number=version_number)
    return render_to_string(PDF_TEMPLATE, context)


@dataclass(frozen=True)
class InterimReport:
    pdf: bytes
    page_count: int
    figures: dict
    # SHA-256 of the HTML the PDF was rendered from: the same HTML makes the same PDF.
    source_checksum: str = ""


def _checksum(html):
    return hashlib.sha256(html.encode()).hexdigest()


def build_interim_report(
    *, narrative, version_number=None, frozen_at=None, language="da", progress=None
):
    """The PDF, its page count and the key figures it prints, from one reading of the data.

    For freezing: the figures stored with the version are then exactly those in its PDF.
    `progress(step, page=None)`, when given, hears of each step as it is done: "data" (the
    mapping read), "html" (the document written), "page" with each page number WeasyPrint
    lays out (again from 1 when it lays out a second time for the page references), and
    "pdf" (the PDF written).
    """
    progress = progress or _no_progress
    data = collect()
    progress("data")
    with translation.override(language):
        html = render_html(
            narrative=narrative, version_number=version_number, frozen_at=frozen_at, data=data
        )
        progress("html")
        with pages_reported(progress):
            pdf, pages = html_to_pdf(html)
    progress("pdf")
    return InterimReport(
        pdf=pdf, page_count=pages, figures=figures_of(data), source_checksum=_checksum(html)
    )


def source_checksum(*, narrative, version_number, frozen_at, language="da"):
    """The checksum of the HTML the report would be rendered from now with this number and
    date: equal to a version's `source_checksum` when the report has not changed since,
    found in a fraction of the PDF's time."""
    with translation.override(language):
        return _checksum(
            render_html(narrative=narrative, version_number=version_number, frozen_at=frozen_at)
        )


def _no_progress(step, page=None):
    pass


class _PageHandler(logging.Handler):
    """Hears WeasyPrint's progress messages of one thread and passes on each page laid out."""

    def __init__(self, progress):
        super().__init__(level=logging.INFO)
        self.progress = progress
        self.thread = threading.get_ident()

    def emit(self, record):
        if record.thread != self.thread or record.msg != LAYOUT_PAGE:
            return
        try:
            self.progress("page", int(record.args[0]))
        except Exception:  # a progress report must never stop the rendering
            logger.warning("A progress report failed", exc_info=True)


# WeasyPrint logs this for each page it lays out (weasyprint.layout.page); settings.LOGGING
# lets its progress logger through at INFO, to no handler but this one.
PROGRESS_LOGGER = "weasyprint.progress"
LAYOUT_PAGE = "Step 5 - Creating layout - Page %d"


@contextmanager
def pages_reported(progress):
    """Tell `progress("page", n)` of each page WeasyPrint lays out in this thread."""
    handler = _PageHandler(progress)
    weasyprint_progress = logging.getLogger(PROGRESS_LOGGER)
    weasyprint_progress.addHandler(handler)
    try:
        yield
    finally:
        weasyprint_progress.removeHandler(handler)


def render_interim_report(*, narrative, version_number=None, frozen_at=None, language="da"):
    """(PDF bytes, page count) of the interim report from the live mapping.

    `version_number=None` is a preview: the cover says it is not frozen. `frozen_at` (an
    aware datetime) gives the cover's date; without it, today.
    """
    report = build_interim_report(
        narrative=narrative,
        version_number=version_number,
        frozen_at=frozen_at,
        language=language,
    )
    return report.pdf, report.page_count


def preview_html(*, narrative, request=None):
    """The report as HTML for the browser's preview, in the active language: only the
    `<article>`, for a page to wrap. Its headings start at h2 (the page has the h1)."""
    context = report_context(data=collect(), narrative=narrative, preview=True)
    return render_to_string(BODY_TEMPLATE, context, request)
