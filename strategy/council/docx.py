"""The recommendation to the city council as a Word document (python-docx), for the
municipality's case-handling system: real Heading 1/2/3 styles, numbered lists, tables with
a repeated header row, and the core properties (title, language, author) set."""

import io

from django.utils import formats, translation
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from portal import formatting
from strategy.council import docx_page
from strategy.council.document import (
    DOCUMENT_LANGUAGE,
    DOCX_LANGUAGE,
    document_context,
    paragraphs,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMBERED = "List Number"
BULLETED = "List Bullet"
TABLE_STYLE = "Table Grid"
TABLE_SIZE = Pt(9)
# The action table's columns as shares of the text's width, as the PDF has them.
ACTION_WIDTHS = (0.06, 0.21, 0.18, 0.12, 0.16, 0.09, 0.18)


def _date(value):
    return formats.date_format(value, "d.m.Y") if value else ""


def _hours(value):
    return formatting.number(value, decimal_pos=2)


def _indicator(action):
    if not action["indicator"]:
        return "–"
    unit = f" ({action['indicator_unit']})" if action["indicator_unit"] else ""

    def amount(value):
        return "–" if value is None else formatting.number(value.normalize())

    return f"{action['indicator']}{unit}: {amount(action['baseline'])} → {amount(action['target'])}"


def _set_language(document):
    """Danish for Word's spelling and for screen readers, on the default run properties."""
    document.core_properties.language = DOCX_LANGUAGE
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), DOCX_LANGUAGE)


def _new_numbering(document):
    """A fresh numbering (starting at 1) of the List Number style, so each list restarts."""
    numbering = document.part.numbering_part.element
    style_num_id = document.styles[NUMBERED].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def _numbered_list(document, items):
    num_id = _new_numbering(document)
    for item in items:
        paragraph = document.add_paragraph(item, style=NUMBERED)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id


def _repeat_header(row):
    """Mark a table's first row as its header: repeated on each page, read as headers."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _widths(document, count, shares):
    """The columns' widths within the text's width: `shares`, or the first column wider
    and the rest alike."""
    width = docx_page.text_width(document.sections[-1])
    if shares is None:
        first = 0.28 if count > 2 else 0.5
        shares = (first, *([(1 - first) / (count - 1)] * (count - 1)))
    return [int(width * share) for share in shares]


def _table(document, header, rows, *, footer=None, numeric=(), widths=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = TABLE_STYLE
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _repeat_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for values in [*rows, *([footer] if footer else [])]:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = str(text)
            if index in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if footer:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    # Word takes a column's width from its cells; every cell gets it, every run the size.
    for column, width in zip(table.columns, _widths(document, len(header), widths), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
            for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
                run.font.size = TABLE_SIZE
    return table


def _paragraphs(document, texts, missing):
    for text in texts or [missing]:
        document.add_paragraph(str(text))


def _head(document, ctx):
    labels = ctx["labels"]
    document.add_paragraph().add_run(ctx["municipality"]).bold = True
    document.add_paragraph(str(ctx["document_kind"]))
    document.add_heading(ctx["content"]["title"], level=0)
    version = str(ctx["version_number"])
    if not ctx["submitted"]:
        version += f" ({labels['not_submitted']})"
    meta = [(labels["date"], _date(ctx["date"])), (labels["version"], version)]
    if ctx["content"]["starts_on"]:
        period = f"{_date(ctx['content']['starts_on'])} – {_date(ctx['content']['ends_on'])}"
        meta.append((labels["period"], period))
    for label, value in meta:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    # Named content controls, filled in here or later by the case system.
    docx_page.add_case_field(
        document,
        label=str(labels["case_number"]),
        tag=docx_page.CASE_NUMBER_TAG,
        text=ctx["case_number"],
    )
    docx_page.add_case_field(
        document, label=str(labels["committee"]), tag=docx_page.COMMITTEE_TAG, text=ctx["committee"]
    )
    docx_page.add_case_field(
        document,
        label=str(labels["meeting_date"]),
        tag=docx_page.MEETING_DATE_TAG,
        text=_date(ctx["meeting_date"]),
        date=ctx["meeting_date"],
    )


def _action_row(action):
    return [
        action["number"],
        action["title"],
        action["owner"],
        f"{_date(action['starts_on'])}–{_date(action['ends_on'])}",
        formatting.money(action["budget"]),
        _hours(action["budget_hours"]),
        _indicator(action),
    ]


def _plan(document, ctx):
    content, sub, labels = ctx["content"], ctx["subheadings"], ctx["labels"]
    document.add_heading(str(sub["plan"]), level=2)
    document.add_heading(str(sub["vision"]), level=3)
    _paragraphs(document, paragraphs(content["vision"]), ctx["not_written"])
    header = [
        labels[key]
        for key in ("number", "action", "owner", "action_period", "budget", "hours", "indicator")
    ]
    for area in content["focus_areas"]:
        document.add_heading(str(area["heading"]), level=3)
        if area["description"]:
            document.add_paragraph(area["description"])
        if area["goals"]:
            document.add_paragraph().add_run(str(sub["goals"])).bold = True
            for goal in area["goals"]:
                text = f"{goal['number']} {goal['title']}"
                if goal["description"]:
                    text += f": {goal['description']}"
                document.add_paragraph(text, style=BULLETED)
        if not area["actions"]:
            continue
        document.add_paragraph().add_run(str(area["actions_caption"])).bold = True
        rows = [_action_row(action) for action in area["actions"]]
        footer = ["", str(area["total_label"]), "", "", formatting.money(area["budget"])]
        footer += [_hours(area["hours"]), ""]
        _table(document, header, rows, footer=footer, numeric=(4, 5), widths=ACTION_WIDTHS)


def _economy(document, ctx):
    economy, labels = ctx["economy"], ctx["labels"]
    if not economy.rows:
        document.add_paragraph(str(labels["no_budget"]))
        return
    document.add_paragraph().add_run(str(labels["economy_caption"])).bold = True
    header = [labels["focus_area"], *[str(year) for year in economy.years], labels["total"]]
    rows = [
        [
            str(row.title),
            *[formatting.money(amount) for amount in row.amounts],
            formatting.money(row.total),
        ]
        for row in economy.rows
    ]
    footer = [
        str(labels["total"]),
        *[formatting.money(amount) for amount in economy.year_totals],
        formatting.money(economy.total),
    ]
    _table(document, header, rows, footer=footer, numeric=range(1, len(header)))
    document.add_paragraph(str(ctx["economy_note"]))


def _build(ctx):
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    docx_page.set_a4(section)
    docx_page.set_header(section, municipality=ctx["municipality"], kind=str(ctx["document_kind"]))
    docx_page.set_footer(section, page_of=str(ctx["labels"]["page_of"]))
    properties = document.core_properties
    properties.title = str(ctx["document_title"])
    properties.author = ctx["municipality"]
    properties.subject = str(ctx["document_kind"])
    _set_language(document)
    headings = ctx["headings"]

    _head(document, ctx)
    document.add_heading(str(headings["summary"]), level=1)
    _paragraphs(document, ctx["summary"], ctx["not_written"])
    document.add_heading(str(headings["decision_points"]), level=1)
    document.add_paragraph(f"{ctx['recommends']}:")
    if ctx["decision_points"]:
        _numbered_list(document, ctx["decision_points"])
    else:
        document.add_paragraph(str(ctx["not_written"]))
    document.add_heading(str(headings["case"]), level=1)
    _paragraphs(document, ctx["case_text"], ctx["not_written"])
    _plan(document, ctx)
    if ctx["economy_landscape"]:
        # A table of many years gets a landscape page, as in the PDF.
        docx_page.set_a4(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    document.add_heading(str(headings["finances"]), level=1)
    for text in ctx["finance_text"]:
        document.add_paragraph(text)
    _economy(document, ctx)
    if ctx["economy_landscape"]:
        docx_page.set_a4(document.add_section(WD_SECTION.NEW_PAGE))
    document.add_heading(str(headings["annexes"]), level=1)
    if ctx["annexes"]:
        _numbered_list(document, [annex["text"] for annex in ctx["annexes"]])
    else:
        document.add_paragraph(str(ctx["labels"]["no_annexes"]))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_recommendation_docx(*, recommendation, version, language=DOCUMENT_LANGUAGE, today=None):
    """The .docx file's bytes, made on request from the version's snapshot."""
    with translation.override(language):
        ctx = document_context(recommendation=recommendation, version=version, today=today)
        return _build(ctx)
