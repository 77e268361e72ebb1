import shutil
import subprocess

import pytest

from portal.pdf import render_pdf


@pytest.fixture
def pdf_template(tmp_path, settings):
    folder = tmp_path / "templates"
    (folder / "t").mkdir(parents=True)
    (folder / "t" / "doc.html").write_text(
        '{% extends "portal/pdf_base.html" %}{% block title %}Rapport{% endblock %}'
        "{% block content %}<h1>Rapport</h1><p>Æblegrød på Årø og Ølby.</p>{% endblock %}",
        encoding="utf-8",
    )
    engine = {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine]  # reassigned, so Django rebuilds its template engines
    return "t/doc.html"


def test_it_renders_a_real_pdf_with_danish_text(pdf_template, tmp_path):
    data = render_pdf(pdf_template, {})
    assert data.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Æblegrød på Årø og Ølby." in text


def test_the_pdf_has_title_and_language(pdf_template):
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(render_pdf(pdf_template, {})))
    assert reader.metadata.title == "Rapport"
    assert reader.trailer["/Root"].get("/Lang") in ("da", "en")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
