"""A fake of the interim report's PDF package (mapping.reports), so that tests of the report's
workflow stay fast, and the helpers that freeze through it. The fixture `fake_report` in
tests/conftest.py puts the fake in place."""

import hashlib

from django.test import TestCase
from django.urls import reverse

import mapping.reports as report_package
from mapping.models import Organisation, ReportNarrative
from mapping.services import reports as services
from portal.storage import private_storage


def fake_figures():
    """Figures that follow the data, as the real ones do."""
    return {
        "enterprises_existing": Organisation.objects.filter(
            se_status=Organisation.SocialEconomyStatus.EXISTING
        ).count(),
        "stakeholders_by_sector.public": 2,
    }


def fake_pdf(*, version_number, frozen_at):
    count = Organisation.objects.count()
    stamp = frozen_at.isoformat() if frozen_at else "preview"
    return f"%PDF-1.7 fake v{version_number} {stamp} organisations={count}\n%%EOF".encode()


class FakeReport:
    """Stands in for mapping.reports' rendering: records its calls, fails when told, and
    reports its progress as the real one does (the data, the HTML, each page, the PDF)."""

    pages = 3
    fail = False

    def __init__(self):
        self.calls = []

    def build(
        self, *, narrative, version_number=None, frozen_at=None, language="da", progress=None
    ):
        if self.fail:
            raise RuntimeError("WeasyPrint fell over")
        progress = progress or (lambda step, page=None: None)
        self.calls.append(
            {
                "narrative": narrative.introduction,
                "version_number": version_number,
                "frozen_at": frozen_at,
                "language": language,
            }
        )
        progress("data")
        progress("html")
        for page in range(1, self.pages + 1):
            progress("page", page)
        progress("pdf")
        return report_package.InterimReport(
            pdf=fake_pdf(version_number=version_number, frozen_at=frozen_at),
            page_count=self.pages,
            figures=fake_figures(),
            source_checksum=self.source_checksum(
                narrative=narrative, version_number=version_number, frozen_at=frozen_at
            ),
        )

    def source_checksum(self, *, narrative, version_number, frozen_at, language="da"):
        """What the real HTML depends on: the data (here the organisations), the texts, the
        number and the date."""
        texts = "|".join(getattr(narrative, name) for name in ReportNarrative.SECTIONS)
        pdf = fake_pdf(version_number=version_number, frozen_at=frozen_at)
        return hashlib.sha256(pdf + texts.encode()).hexdigest()

    def render(self, **kwargs):
        report = self.build(**kwargs)
        return report.pdf, report.page_count

    def preview(self, *, narrative, request=None):
        return f"<article><h2>Forhåndsvisning</h2><p>{narrative.introduction}</p></article>"


def install(monkeypatch):
    """Put a FakeReport in the place of mapping.reports' rendering; the fake, installed."""
    fake = FakeReport()
    monkeypatch.setattr(report_package, "build_interim_report", fake.build)
    monkeypatch.setattr(report_package, "render_interim_report", fake.render)
    monkeypatch.setattr(report_package, "source_checksum", fake.source_checksum)
    monkeypatch.setattr(report_package, "interim_figures", fake_figures)
    monkeypatch.setattr(report_package, "preview_html", fake.preview)
    return fake


def freeze(client, data=None):
    """Post the freeze form and run the PDF job it queues."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("mapping:report-freeze"), data or {})


def freeze_now(*, by, latest_seen=None):
    """Freeze through the service and make the PDF, as the job does; the version, made."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        version, _created = services.report_freeze(by=by, latest_seen=latest_seen)
    version.refresh_from_db()
    return version


def stored_bytes(version):
    with private_storage().open(version.pdf.name, "rb") as handle:
        return handle.read()


def narrative(**texts):
    """The report's narrative with these texts (the other sections empty), saved."""
    report = ReportNarrative.current()
    for key in ReportNarrative.SECTIONS:
        setattr(report, key, texts.get(key, ""))
    report.save()
    return report
