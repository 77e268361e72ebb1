"""Where the text of a PDF lies: every word's box read back with poppler's `pdftotext -bbox`,
so a test can fail when a table runs past the page's edge or a long word spills into the
next cell. Shared by the tests of every PDF the portal makes.

    assert_text_fits(pdf_bytes, name="...")   # fails with the words that do not fit
"""

import html
import io
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

# Printers cannot print the outer few millimetres, and no layout of the portal's puts text
# there: a word that reaches into this strip has run off its column.
EDGE = 5 * 72 / 25.4  # 5 mm in points
# Glyph boxes of neighbouring words may touch by a hair (kerning, rounding).
TOLERANCE = 0.5

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>'
)


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def __str__(self):
        return (
            f"page {self.page}: {self.text!r} at x {self.x0:.1f}–{self.x1:.1f}, "
            f"y {self.y0:.1f}–{self.y1:.1f}"
        )

    def overlaps(self, other):
        return (
            self.x0 < other.x1 - TOLERANCE
            and other.x0 < self.x1 - TOLERANCE
            and self.y0 < other.y1 - TOLERANCE
            and other.y0 < self.y1 - TOLERANCE
        )


def pages_and_words(pdf):
    """[(width, height, [Word])] of every page, in points, origin at the top left."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to check a PDF's layout")
    xhtml = subprocess.run(  # noqa: S603
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    pages = []
    for number, chunk in enumerate(xhtml.split("<page ")[1:], start=1):
        width, height = map(float, PAGE.match("<page " + chunk).groups())
        words = [
            Word(number, html.unescape(text), *map(float, box))
            for *box, text in WORD.findall(chunk)
        ]
        pages.append((width, height, words))
    return pages


def words_off_the_page(pdf):
    """The words that lie outside a page, or in the 5 mm at its edge."""
    return [
        word
        for width, height, words in pages_and_words(pdf)
        for word in words
        if word.x0 < EDGE or word.y0 < EDGE or word.x1 > width - EDGE or word.y1 > height - EDGE
    ]


def overlapping_words(pdf):
    """Pairs of words printed over each other: text that ran out of its cell."""
    pairs = []
    for _width, _height, words in pages_and_words(pdf):
        ordered = sorted(words, key=lambda word: word.y0)
        for index, word in enumerate(ordered):
            for other in ordered[index + 1 :]:
                if other.y0 >= word.y1 - TOLERANCE:
                    break
                if word.overlaps(other):
                    pairs.append((word, other))
    return pairs


def layout_problems(pdf):
    """Lines describing every word off its page and every pair printed over each other."""
    problems = [f"off the page: {word}" for word in words_off_the_page(pdf)]
    problems += [f"over each other: {a} / {b}" for a, b in overlapping_words(pdf)]
    return problems


def assert_text_fits(pdf, *, name="the PDF"):
    """Fail, listing the words, when any text of `pdf` lies outside its page (or at its very
    edge) or over other text."""
    problems = layout_problems(pdf)
    assert not problems, f"{name}: text does not fit the page:\n" + "\n".join(problems[:40])


def pdf_text(pdf):
    """The PDF's text as pypdf extracts it, and as pdftotext does where it is installed."""
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    if shutil.which("pdftotext"):
        result = subprocess.run(  # noqa: S603
            ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
            input=pdf,
            capture_output=True,
            check=True,
        )
        text += "\n" + result.stdout.decode("utf-8")
    return text
