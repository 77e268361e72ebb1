"""What the recommendation's PDF, DOCX and preview print, in the usual Danish municipal form
and order: title and meta, summary (resumé), points for decision (beslutningspunkter), the
case (sagsfremstilling) with the strategy and action plan, finances (økonomi) and annexes
(bilag). One context for every format, so they never disagree."""

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import formatting
from strategy.council.content import plan_content
from strategy.economy import budget_by_year_and_focus_area

# The document is written in the municipality's language, whoever makes it.
DOCUMENT_LANGUAGE = "da"
# Word's language tag for the same.
DOCX_LANGUAGE = "da-DK"

# Every word below carries the gettext context "council recommendation" (written out each
# time: makemessages only extracts a literal context).
DOCUMENT_KIND = pgettext_lazy("council recommendation", "Recommendation to the city council")
HEADINGS = {
    "summary": pgettext_lazy("council recommendation", "Summary"),
    "decision_points": pgettext_lazy("council recommendation", "Points for decision"),
    "case": pgettext_lazy("council recommendation", "The case"),
    "finances": pgettext_lazy("council recommendation", "Finances"),
    "annexes": pgettext_lazy("council recommendation", "Annexes"),
}
SUBHEADINGS = {
    "plan": pgettext_lazy("council recommendation", "The strategy and action plan"),
    "vision": pgettext_lazy("council recommendation", "Vision"),
    "goals": pgettext_lazy("council recommendation", "Goals"),
    "actions": pgettext_lazy("council recommendation", "Action plan"),
}
RECOMMENDS = pgettext_lazy(
    "council recommendation", "The administration recommends that the city council"
)
NOT_WRITTEN = pgettext_lazy("council recommendation", "Not written yet.")
# The document's own words, with a context of their own: "Action" here is an action of the
# plan (indsats), not whatever the word means elsewhere in the portal's catalogue.
LABELS = {
    "date": pgettext_lazy("council recommendation", "Date"),
    "version": pgettext_lazy("council recommendation", "Version of the plan"),
    "not_submitted": pgettext_lazy("council recommendation", "not submitted to the steering group"),
    "period": pgettext_lazy("council recommendation", "Plan period"),
    "case_number": pgettext_lazy("council recommendation", "Case number"),
    "committee": pgettext_lazy("council recommendation", "Committee"),
    "meeting_date": pgettext_lazy("council recommendation", "Meeting date"),
    # The Word document's footer; the two numbers are fields Word fills in.
    "page_of": pgettext_lazy("council recommendation", "Page %(page)s of %(pages)s"),
    "number": pgettext_lazy("council recommendation", "No."),
    "action": pgettext_lazy("council recommendation", "Action"),
    "owner": pgettext_lazy("council recommendation", "Owner"),
    "action_period": pgettext_lazy("council recommendation", "Period"),
    "budget": pgettext_lazy("council recommendation", "Budget"),
    "hours": pgettext_lazy("council recommendation", "Hours"),
    "indicator": pgettext_lazy("council recommendation", "Indicator: baseline → target"),
    "partners": pgettext_lazy("council recommendation", "Partners:"),
    "economy_caption": pgettext_lazy(
        "council recommendation", "The actions' budgets by year and focus area"
    ),
    "focus_area": pgettext_lazy("council recommendation", "Focus area"),
    "total": pgettext_lazy("council recommendation", "Total"),
    "no_budget": pgettext_lazy("council recommendation", "The plan has no actions with a budget."),
    "no_annexes": pgettext_lazy("council recommendation", "No annexes."),
}

# Years in the finances' table before it gets a landscape page of its own in the PDF.
PORTRAIT_YEARS = 3


def paragraphs(text):
    """A text's paragraphs: blocks separated by an empty line, each with its lines."""
    blocks, current = [], []
    for line in (text or "").splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return [" ".join(block) for block in blocks]


# Danish letters and dashes as a file name spells them, before slugify drops them.
FILE_NAME_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "–": "-", "—": "-"})


def file_name(*, recommendation, version, extension):
    """indstilling-<slug>-v<number>.<extension>, in plain ASCII."""
    title = version.snapshot.get("title") or recommendation.strategy.title
    slug = slugify(title.lower().translate(FILE_NAME_LETTERS)) or "plan"
    return f"indstilling-{slug}-v{version.number}.{extension}"


def document_title(*, content):
    return _("%(kind)s: %(title)s") % {"kind": DOCUMENT_KIND, "title": content["title"]}


def _label_areas(content):
    for area in content["focus_areas"]:
        area["heading"] = pgettext_lazy(
            "council recommendation", "Focus area %(number)s: %(title)s"
        ) % {
            "number": area["number"],
            "title": area["title"],
        }
        area["total_label"] = pgettext_lazy("council recommendation", "Total, %(title)s") % {
            "title": area["title"]
        }
        area["actions_caption"] = pgettext_lazy(
            "council recommendation", "Action plan: %(title)s"
        ) % {"title": area["title"]}


def _economy_note(economy):
    return pgettext_lazy(
        "council recommendation",
        "An action's budget is spread over the years of its period by the number of days "
        "in each. The actions are also budgeted with %(hours)s hours in all.",
    ) % {"hours": formatting.number(economy.hours_total, decimal_pos=2)}


def document_context(*, recommendation, version, today=None):
    """Everything the document prints, computed from `version`'s snapshot; call it in the
    language the document is written in (its labels are translated then)."""
    content = plan_content(version.snapshot)
    _label_areas(content)
    economy = budget_by_year_and_focus_area(version.snapshot)
    return {
        "municipality": settings.PORTAL_MUNICIPALITY,
        "document_kind": DOCUMENT_KIND,
        "document_title": document_title(content=content),
        "date": today or timezone.localdate(),
        "version": version,
        "version_number": version.number,
        "submitted": version.submitted_at is not None,
        "content": content,
        "economy": economy,
        "economy_landscape": len(economy.years) > PORTRAIT_YEARS,
        "headings": HEADINGS,
        "subheadings": SUBHEADINGS,
        "recommends": RECOMMENDS,
        "not_written": NOT_WRITTEN,
        "labels": LABELS,
        "economy_note": _economy_note(economy),
        "case_number": recommendation.case_number,
        "committee": recommendation.committee,
        "meeting_date": recommendation.meeting_date,
        "summary": paragraphs(recommendation.summary),
        "decision_points": recommendation.decision_point_lines(),
        "case_text": paragraphs(recommendation.case_text),
        "finance_text": paragraphs(recommendation.finance_text),
        "annexes": [
            {
                "label": pgettext_lazy("council recommendation", "Annex %(number)s:")
                % {"number": number},
                "text": text,
            }
            for number, text in enumerate(recommendation.annex_lines(), start=1)
        ],
    }
