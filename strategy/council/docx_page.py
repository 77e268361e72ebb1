"""The page of the Word document as a Danish municipality sends it: A4 with the usual margins,
the municipality in the header, "Side X af Y" as Word fields in the footer, and the case's
number, committee and meeting date as named content controls that a case-handling system
(and Word's own Quick Parts) can read and fill."""

import re

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(25), "bottom": Mm(20), "left": Mm(25), "right": Mm(20)}
HEADER_SIZE = Pt(9)

# The content controls' tags: the names a case system finds the values by.
CASE_NUMBER_TAG = "sagsnummer"
COMMITTEE_TAG = "udvalg"
MEETING_DATE_TAG = "moededato"

FIELD_MARK = re.compile(r"%\((page|pages)\)s")
FIELD_CODES = {"page": "PAGE", "pages": "NUMPAGES"}


def set_a4(section, *, landscape=False):
    """A4 paper (python-docx starts from US Letter) with the municipality's margins."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)


def text_width(section):
    return section.page_width - section.left_margin - section.right_margin


def _run(paragraph, text="", *, bold=False, size=None):
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = size
    return run


def add_field(paragraph, code, *, shown="1", size=None):
    """A Word field (PAGE, NUMPAGES) as begin/code/separate/result/end runs; `shown` is the
    value until Word updates it."""
    for kind in ("begin", None, "separate", shown, "end"):
        run = _run(paragraph, size=size)
        if kind is None:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {code} "
            run._r.append(instruction)
        elif kind in ("begin", "separate", "end"):
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            run.text = kind


def set_header(section, *, municipality, kind):
    """The municipality (bold) and the kind of document, on every page."""
    paragraph = section.header.paragraphs[0]
    paragraph.text = ""
    _run(paragraph, municipality, bold=True, size=HEADER_SIZE)
    _run(paragraph, f" · {kind}", size=HEADER_SIZE)


def set_footer(section, *, page_of):
    """'Side 1 af 3' on the right, from a translated text with %(page)s and %(pages)s."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = ""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    position = 0
    for match in FIELD_MARK.finditer(page_of):
        _run(paragraph, page_of[position : match.start()], size=HEADER_SIZE)
        add_field(paragraph, FIELD_CODES[match.group(1)], size=HEADER_SIZE)
        position = match.end()
    _run(paragraph, page_of[position:], size=HEADER_SIZE)


def _content_control(paragraph, *, tag, alias, text, date=None):
    """An inline content control named `tag` around `text` (a date picker for a date)."""
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    for name, value in (("w:alias", alias), ("w:tag", tag)):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        properties.append(element)
    if date is not None:
        picker = OxmlElement("w:date")
        picker.set(qn("w:fullDate"), f"{date.isoformat()}T00:00:00Z")
        for name, value in (("w:dateFormat", "dd.MM.yyyy"), ("w:lid", "da-DK")):
            element = OxmlElement(name)
            element.set(qn("w:val"), value)
            picker.append(element)
        properties.append(picker)
    else:
        properties.append(OxmlElement("w:text"))
    if not text:
        properties.append(OxmlElement("w:showingPlcHdr"))
    content = OxmlElement("w:sdtContent")
    run = _run(paragraph, text or "…")
    content.append(run._r)  # moved from the paragraph into the control
    sdt.append(properties)
    sdt.append(content)
    paragraph._p.append(sdt)


def add_case_field(document, *, label, tag, text, date=None):
    """A line 'Label: value' whose value is a named content control."""
    paragraph = document.add_paragraph()
    _run(paragraph, f"{label}: ", bold=True)
    _content_control(paragraph, tag=tag, alias=label, text=text, date=date)
    return paragraph
