"""The interim report: the narrative, previews, frozen versions and the steering group's review.

Most tests use a fake of the PDF package (mapping.reports), so they test this part's own
behaviour and stay fast; the last test freezes with the real WeasyPrint report.
"""

import hashlib
import io
import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

import mapping.reports as report_package
from mapping.models import (
    Organisation,
    ReportNarrative,
    ReportVersion,
    ReviewComment,
    ReviewVerdict,
)
from mapping.review_policy import CHAPTER_LABELS
from mapping.selectors import reports as selectors
from mapping.services import reports as services
from portal.models import Delivery, SteeringGroupMember, User
from portal.storage import private_storage
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db

State = ReportVersion.ReviewState
APPROVED = ReviewVerdict.Verdict.APPROVED
CHANGES = ReviewVerdict.Verdict.CHANGES_REQUESTED


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


@pytest.fixture
def fake_report(monkeypatch):
    fake = FakeReport()
    monkeypatch.setattr(report_package, "build_interim_report", fake.build)
    monkeypatch.setattr(report_package, "render_interim_report", fake.render)
    monkeypatch.setattr(report_package, "source_checksum", fake.source_checksum)
    monkeypatch.setattr(report_package, "interim_figures", fake_figures)
    monkeypatch.setattr(report_package, "preview_html", fake.preview)
    return fake


def freeze(client, data=None):
    """Post the freeze form and run the PDF job it queues."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("mapping:report-freeze"), data or {})


def freeze_now(*, by, latest_seen=None):
    """Freeze through the service and make the PDF, as the job does; the version, made."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        version, _created = services.report_freeze(by=by, latest_seen=latest_seen)
    version.refresh_from_db()
    return version


def make_version(number, *, by, submitted=False, figures=None, pdf=None):
    """A frozen version made directly, for the review tests."""
    content = pdf or f"%PDF-1.7 version {number}\n%%EOF".encode()
    version = ReportVersion(
        number=number,
        checksum=hashlib.sha256(content).hexdigest(),
        page_count=4,
        figures=figures if figures is not None else {"enterprises_existing": number},
        frozen_by=by,
        submitted_at=timezone.now() if submitted else None,
        submitted_by=by if submitted else None,
    )
    version.pdf.save(f"delrapport-v{number}.pdf", ContentFile(content), save=False)
    version.save()
    return version


def stored_bytes(version):
    with private_storage().open(version.pdf.name, "rb") as handle:
        return handle.read()


def member(username, email=None, **extra):
    user = make_user(username, User.Role.STEERING_GROUP, **extra)
    if email is not None:
        user.email = email
        user.save()
    return user


# --- The narrative ---------------------------------------------------------------------


def test_the_leader_writes_the_narrative_and_the_history_says_who(client, leader, fake_report):
    client.force_login(leader)
    data = {
        "introduction": "Indledning om socialøkonomi i Haderslev",
        "method": "Møder i Vojens og Gram",
        "conclusions": "",
        "recommendations": "",
    }
    response = client.post(reverse("mapping:report-home"), data)
    assert response.status_code == 302
    narrative = ReportNarrative.current()
    assert narrative.introduction == data["introduction"]
    assert narrative.updated_by == leader
    record = narrative.history.latest()
    assert record.history_user == leader

    data["conclusions"] = "Der er grundlag for et netværk"
    client.post(reverse("mapping:report-home"), data)
    page = client.get(reverse("mapping:report-home")).content.decode()
    assert "Der er grundlag for et netværk" in page
    history = selectors.narrative_history(narrative=ReportNarrative.current())
    assert [str(change.field) for change in history[0].changes] == [
        str(ReportNarrative._meta.get_field("conclusions").verbose_name)
    ]
    assert len(history) == 2


def test_a_too_long_narrative_is_refused_and_nothing_is_saved(client, leader):
    narrative = ReportNarrative.current()
    narrative.introduction = "Den gamle tekst"
    narrative.save()
    client.force_login(leader)
    response = client.post(
        reverse("mapping:report-home"),
        {
            "introduction": "x" * 20001,
            "method": "Ny metode",
            "conclusions": "",
            "recommendations": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["introduction"]
    assert gettext("Nothing was saved. Please correct the fields marked below.") in (
        response.content.decode()
    )
    narrative.refresh_from_db()
    assert (narrative.introduction, narrative.method) == ("Den gamle tekst", "")


def test_a_consultant_reads_the_narrative_but_gets_no_form(client, consultant):
    narrative = ReportNarrative.current()
    narrative.conclusions = "Konklusionen står her"
    narrative.save()
    client.force_login(consultant)
    response = client.get(reverse("mapping:report-home"))
    assert response.context["form"] is None
    page = response.content.decode()
    assert "Konklusionen står her" in page
    assert reverse("mapping:report-freeze") not in page
    assert "<textarea" not in page


def test_the_preview_shows_the_report_in_the_browser(client, leader, fake_report):
    narrative = ReportNarrative.current()
    narrative.introduction = "Æbler, øer og ål"
    narrative.save()
    client.force_login(leader)
    response = client.get(reverse("mapping:report-preview"))
    assert response.status_code == 200
    assert "<h2>Forhåndsvisning</h2><p>Æbler, øer og ål</p>" in response.content.decode()


def test_the_pdf_preview_is_rendered_and_not_stored(client, leader, fake_report):
    client.force_login(leader)
    response = client.get(reverse("mapping:report-preview-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF-1.7 fake vNone preview")
    assert fake_report.calls[0]["version_number"] is None
    assert ReportVersion.objects.count() == 0


# --- Freezing --------------------------------------------------------------------------


def test_freezing_makes_numbered_versions_with_their_bytes_and_checksum(
    client, leader, fake_report
):
    narrative = ReportNarrative.current()
    narrative.introduction = "Første udgave"
    narrative.save()
    client.force_login(leader)
    first = freeze(client)
    narrative.method = "Interview med ildsjæle"  # a change, so that there is a new version
    narrative.save()
    second = freeze(client)

    versions = list(ReportVersion.objects.order_by("number"))
    assert [version.number for version in versions] == [1, 2]
    assert first["Location"] == versions[0].get_absolute_url()
    assert second["Location"] == versions[1].get_absolute_url()
    for version, call in zip(versions, fake_report.calls, strict=True):
        content = stored_bytes(version)
        assert content == fake_pdf(version_number=version.number, frozen_at=version.frozen_at)
        assert hashlib.sha256(content).hexdigest() == version.checksum
        assert version.page_count == 3
        assert version.frozen_by == leader
        assert version.figures == {"enterprises_existing": 0, "stakeholders_by_sector.public": 2}
        assert version.pdf.name.startswith(f"reports/interim/delrapport-v{version.number}")
        assert call["version_number"] == version.number
        assert call["frozen_at"] == version.frozen_at
        assert (call["narrative"], call["language"]) == ("Første udgave", "da")
        assert version.submitted_at is None
        assert version.pdf_state == ReportVersion.PdfState.READY


def test_a_frozen_version_never_changes_when_the_data_changes(client, leader, fake_report, area):
    client.force_login(leader)
    freeze(client)
    version = ReportVersion.objects.get()
    before = (stored_bytes(version), version.checksum, version.page_count, version.figures)

    make_organisation("Café Kvisten", area=area)
    make_organisation("Genbrugsværkstedet Vojens", area=area)
    narrative = ReportNarrative.current()
    narrative.introduction = "Ændret efter frysningen"
    narrative.save()

    version.refresh_from_db()
    assert (stored_bytes(version), version.checksum, version.page_count, version.figures) == before
    assert hashlib.sha256(stored_bytes(version)).hexdigest() == version.checksum
    served = client.get(reverse("mapping:report-version-pdf", args=[version.pk]))
    assert b"".join(served.streaming_content) == before[0]
    assert len(fake_report.calls) == 1  # serving never renders again

    # A new version does see the new data.
    freeze(client)
    newest = ReportVersion.objects.get(number=2)
    assert newest.checksum != version.checksum
    assert newest.figures["enterprises_existing"] == 2


def test_a_failed_rendering_stores_no_pdf_and_says_why(client, leader, fake_report):
    files_before = set(private_storage().listdir("reports/interim")[1])
    fake_report.fail = True
    client.force_login(leader)
    response = freeze(client)
    version = ReportVersion.objects.get()
    assert response["Location"] == version.get_absolute_url()
    assert version.pdf_state == ReportVersion.PdfState.FAILED
    assert version.pdf_error == "RuntimeError: WeasyPrint fell over"
    assert (version.pdf.name, version.checksum, version.page_count) == ("", "", None)
    assert set(private_storage().listdir("reports/interim")[1]) == files_before


def test_a_failed_save_leaves_no_file_behind(leader, fake_report, monkeypatch):
    make_version(1, by=leader)
    files_before = set(private_storage().listdir("reports/interim")[1])

    def refuse(self, *args, **kwargs):
        raise IntegrityError("another freeze took the number")

    monkeypatch.setattr(ReportVersion, "save", refuse)
    with pytest.raises(IntegrityError):
        services.report_freeze(by=leader)
    assert set(private_storage().listdir("reports/interim")[1]) == files_before
    assert ReportVersion.objects.count() == 1


# --- The version page and its PDF ------------------------------------------------------


def test_the_pdf_is_served_inline_from_storage_with_nosniff(client, leader, consultant):
    version = make_version(1, by=leader)
    client.force_login(consultant)
    response = client.get(reverse("mapping:report-version-pdf", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="delrapport-v1.pdf"'
    assert b"".join(response.streaming_content) == stored_bytes(version)
    download = client.get(reverse("mapping:report-version-pdf", args=[version.pk]) + "?download=1")
    assert download["Content-Disposition"].startswith("attachment")


def test_the_version_page_shows_the_pdf_figures_and_never_a_media_url(client, leader):
    version = make_version(
        1, by=leader, figures={"enterprises_existing": 1234, "stakeholders_by_sector.public": 3}
    )
    client.force_login(leader)
    page = client.get(version.get_absolute_url()).content.decode()
    pdf_url = reverse("mapping:report-version-pdf", args=[version.pk])
    assert f'src="{pdf_url}"' in page
    assert version.pdf.name not in page
    assert "/media/" not in page
    assert "1.234" in page  # Danish thousands separator
    assert str(report_package.FIGURE_LABELS["stakeholders_by_sector"]) in page
    assert version.checksum in page


# --- Submitting ------------------------------------------------------------------------


def test_submitting_emails_every_active_member_a_link(
    client, leader, django_capture_on_commit_callbacks
):
    sofie = member("sofie")
    bent = member("bent")
    member("tavs", email="")  # no address: not e-mailed
    member("tidligere", is_active=False)  # left the steering group
    version = make_version(1, by=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:report-submit", args=[version.pk]))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.submitted_by == leader
    assert version.submitted_at is not None
    assert sorted(message.to[0] for message in mail.outbox) == sorted([sofie.email, bent.email])
    link = f"http://testserver{version.get_absolute_url()}"
    for message in mail.outbox:
        assert len(message.to) == 1
        assert link in message.body
        assert link in message.alternatives[0][0]
        assert "1" in message.subject


def test_a_failed_email_does_not_undo_the_submission(
    client, leader, steering, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.mail_backends.DownBackend"
    version = make_version(1, by=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("mapping:report-submit", args=[version.pk]))
    assert response.status_code == 302
    assert len(callbacks) == 1
    version.refresh_from_db()
    assert version.submitted_at is not None
    # Kept to be sent again (tests/portal/test_mail_outage.py follows it further).
    assert [d.status for d in Delivery.objects.all()] == [Delivery.Status.FAILED]


def test_a_version_is_submitted_once(client, leader, steering, django_capture_on_commit_callbacks):
    version = make_version(1, by=leader, submitted=True)
    submitted_at = version.submitted_at
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:report-submit", args=[version.pk]), follow=True)
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert str(message) == gettext(
        "Version %(number)s was already submitted to the steering group."
    ) % {"number": 1}
    version.refresh_from_db()
    assert version.submitted_at == submitted_at
    assert mail.outbox == []


def test_submitting_updates_the_version_it_is_given(leader, steering):
    version = make_version(1, by=leader)
    services.report_submit(version=version, by=leader, notify=False)
    assert (version.submitted_by, version.submitted_at is not None) == (leader, True)
    assert services.review_state(version) == State.OPEN
    stale = ReportVersion.objects.get(pk=version.pk)
    stale.submitted_at = None  # a copy read before the first submission
    with pytest.raises(services.ValidationError):
        services.report_submit(version=stale, by=leader)


def test_submitting_with_no_member_to_email_says_so(
    client, leader, django_capture_on_commit_callbacks
):
    silent = member("tavs", email="")
    version = make_version(1, by=leader)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mapping:report-submit", args=[version.pk]), follow=True)
    version.refresh_from_db()
    assert version.submitted_at is not None
    assert mail.outbox == []
    said = list(response.context["messages"])
    assert {m.level_tag for m in said} == {"warning"}
    # The member who cannot be reached is named, with the reason.
    with translation.override(leader.language):
        reason = gettext("No e-mail address.")
    assert any(str(silent) in m.message and reason in m.message for m in said)


# --- Comments, answers and verdicts ----------------------------------------------------


def test_a_member_comments_per_chapter_and_the_leader_answers(client, leader, steering):
    version = make_version(1, by=leader, submitted=True)
    client.force_login(steering)
    url = reverse("mapping:report-comment", args=[version.pk])
    response = client.post(url, {"chapter": "cases", "text": "Flere tal om effekterne, tak"})
    comment = ReviewComment.objects.get()
    assert response["Location"] == f"{version.get_absolute_url()}#comment-{comment.pk}"
    client.post(url, {"chapter": "", "text": "En god rapport i det hele taget"})
    assert {(c.chapter, c.author) for c in ReviewComment.objects.all()} == {
        ("cases", steering),
        ("", steering),
    }

    client.force_login(leader)
    answer_url = reverse("mapping:report-answer", args=[comment.pk])
    response = client.post(answer_url, {"text": "Det tilføjer vi i version 2"})
    assert response.status_code == 302
    answer = ReviewComment.objects.get(answer_to=comment)
    assert (answer.author, answer.chapter, answer.version) == (leader, "cases", version)

    # An answer is not answered in turn.
    nested = client.post(reverse("mapping:report-answer", args=[answer.pk]), {"text": "Og?"})
    assert nested.status_code == 404

    client.force_login(steering)
    response = client.get(version.get_absolute_url())
    chapters = {group["key"]: group for group in response.context["threads"]}
    assert [c.text for c in chapters["general"]["comments"]] == ["En god rapport i det hele taget"]
    cases = chapters["cases"]["comments"]
    assert [c.text for c in cases] == ["Flere tal om effekterne, tak"]
    assert [a.text for a in cases[0].answer_list] == ["Det tilføjer vi i version 2"]
    page = response.content.decode()
    assert "Det tilføjer vi i version 2" in page
    assert str(CHAPTER_LABELS["cases"]) in page


def test_a_former_member_is_told_and_nothing_is_saved(client, leader, steering):
    """A member marked inactive in the programme's member list reviews no more."""
    SteeringGroupMember.objects.create(
        name="Sofie", organisation="Kommunen", email="s@example.dk", user=steering, active=False
    )
    version = make_version(1, by=leader, submitted=True)
    client.force_login(steering)
    refused = gettext("Only steering group members review the report.")
    url = reverse("mapping:report-verdict", args=[version.pk])
    response = client.post(url, {"verdict": APPROVED, "comment": ""})
    assert refused in response.content.decode()
    comment_url = reverse("mapping:report-comment", args=[version.pk])
    response = client.post(comment_url, {"chapter": "", "text": "Stadig med?"})
    assert refused in response.content.decode()
    assert not ReviewVerdict.objects.exists()
    assert not ReviewComment.objects.exists()


def test_a_member_gives_and_changes_a_verdict(client, leader, steering):
    version = make_version(1, by=leader, submitted=True)
    client.force_login(steering)
    url = reverse("mapping:report-verdict", args=[version.pk])
    client.post(url, {"verdict": CHANGES, "comment": "Mangler Årø"})
    verdict = ReviewVerdict.objects.get()
    assert (verdict.member, verdict.verdict, verdict.comment) == (steering, CHANGES, "Mangler Årø")
    assert services.review_state(version) == State.CHANGES_REQUESTED

    client.post(url, {"verdict": APPROVED, "comment": ""})
    verdict = ReviewVerdict.objects.get()
    assert (verdict.verdict, verdict.comment) == (APPROVED, "")
    assert services.review_state(version) == State.APPROVED

    client.force_login(leader)
    response = client.get(version.get_absolute_url())
    rows = response.context["verdicts"]
    assert [(row["member"], row["verdict"].verdict) for row in rows] == [(steering, APPROVED)]
    assert response.context["version"].review_state == State.APPROVED


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"chapter": "cases", "text": ""}, "text"),
        ({"chapter": "cases", "text": "   \n "}, "text"),
        ({"chapter": "appendix", "text": "Et kapitel der ikke findes"}, "chapter"),
        ({"chapter": "", "text": "x" * 5001}, "text"),
    ],
)
def test_a_bad_comment_is_refused_and_nothing_is_saved(client, leader, steering, data, field):
    version = make_version(1, by=leader, submitted=True)
    client.force_login(steering)
    response = client.post(reverse("mapping:report-comment", args=[version.pk]), data)
    assert response.status_code == 400
    assert response.context["comment_form"].errors[field]
    page = response.content.decode()
    assert gettext("Nothing was saved. Please correct the fields marked below.") in page
    if field == "text" and len(data["text"]) < 100:
        assert gettext("Write a comment before you send it.") in page
    assert ReviewComment.objects.count() == 0


@pytest.mark.parametrize("value", ["", "maybe", "APPROVED"])
def test_a_bad_verdict_is_refused_and_nothing_is_saved(client, leader, steering, value):
    version = make_version(1, by=leader, submitted=True)
    client.force_login(steering)
    response = client.post(reverse("mapping:report-verdict", args=[version.pk]), {"verdict": value})
    assert response.status_code == 400
    assert response.context["verdict_form"].errors["verdict"] == [
        gettext("Choose approved or changes requested.")
    ]
    assert gettext("Choose approved or changes requested.") in response.content.decode()
    assert ReviewVerdict.objects.count() == 0


def test_an_empty_answer_is_refused_and_nothing_is_saved(client, leader, steering):
    version = make_version(1, by=leader, submitted=True)
    comment = services.review_comment_add(version=version, by=steering, chapter="", text="Hej")
    client.force_login(leader)
    response = client.post(reverse("mapping:report-answer", args=[comment.pk]), {"text": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert gettext("Write an answer before you send it.") in page
    assert f'id="answer-{comment.pk}-error"' in page
    assert ReviewComment.objects.count() == 1


def test_the_services_refuse_what_the_views_never_offer(leader, steering, consultant, alice):
    unsubmitted = make_version(1, by=leader)
    with pytest.raises(services.ValidationError):
        services.review_comment_add(version=unsubmitted, by=steering, chapter="", text="Hej")
    with pytest.raises(services.ValidationError):
        services.review_verdict_give(version=unsubmitted, member=steering, verdict=APPROVED)
    submitted = make_version(2, by=leader, submitted=True)
    with pytest.raises(services.ValidationError):
        services.review_verdict_give(version=submitted, member=consultant, verdict=APPROVED)
    comment = services.review_comment_add(version=submitted, by=steering, chapter="", text="Hej")
    with pytest.raises(services.ValidationError):
        services.review_comment_answer(comment=comment, by=alice, text="Svar")
    assert ReviewVerdict.objects.count() == 0
    assert ReviewComment.objects.count() == 1


# --- The review state ------------------------------------------------------------------


@pytest.fixture
def board(leader):
    return {"anna": member("anna"), "bent": member("bent"), "carl": member("carl")}


def verdicts(version, **given):
    for name, verdict in given.items():
        ReviewVerdict.objects.create(
            version=version, member=User.objects.get(username=name), verdict=verdict
        )


@pytest.mark.parametrize(
    ("submitted", "given", "state"),
    [
        (False, {}, State.NOT_SUBMITTED),
        (True, {}, State.OPEN),
        (True, {"anna": APPROVED, "bent": APPROVED}, State.OPEN),
        (True, {"anna": APPROVED, "bent": CHANGES}, State.CHANGES_REQUESTED),
        (True, {"anna": APPROVED, "bent": APPROVED, "carl": CHANGES}, State.CHANGES_REQUESTED),
        (True, {"anna": APPROVED, "bent": APPROVED, "carl": APPROVED}, State.APPROVED),
    ],
)
def test_the_review_state(leader, board, submitted, given, state):
    version = make_version(1, by=leader, submitted=submitted)
    verdicts(version, **given)
    assert services.review_state(version) == state
    # The list computes the same state from its counts.
    [listed] = selectors.version_list(user=leader)
    assert listed.review_state == state


def test_a_member_who_left_does_not_hold_up_the_approval(leader, board):
    version = make_version(1, by=leader, submitted=True)
    verdicts(version, anna=APPROVED, bent=APPROVED)
    board["carl"].is_active = False
    board["carl"].save()
    assert services.review_state(version) == State.APPROVED


def test_without_members_a_submitted_version_stays_open(leader):
    version = make_version(1, by=leader, submitted=True)
    assert services.review_state(version) == State.OPEN


def test_the_version_list_costs_the_same_at_two_sizes(
    client, leader, board, django_assert_max_num_queries
):
    def load():
        with django_assert_max_num_queries(14) as captured:
            response = client.get(reverse("mapping:report-home"))
        assert response.status_code == 200
        return len(captured)

    client.force_login(leader)
    version = make_version(1, by=leader, submitted=True)
    verdicts(version, anna=APPROVED)
    load()  # the first visit creates the narrative's row
    small = load()
    for number in range(2, 8):
        version = make_version(number, by=leader, submitted=True)
        verdicts(version, anna=APPROVED, bent=CHANGES)
        services.review_comment_add(version=version, by=board["anna"], chapter="", text="Hej")
    assert load() == small


def test_the_version_list_exports_what_it_shows(client, leader, board):
    version = make_version(1, by=leader, submitted=True)
    verdicts(version, anna=APPROVED, bent=CHANGES)
    client.force_login(leader)
    response = client.get(reverse("mapping:report-version-list") + "?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert version.checksum in text
    assert str(State.CHANGES_REQUESTED.label) in text
    xlsx = client.get(reverse("mapping:report-version-list") + "?export=xlsx")
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"


# --- Comparing -------------------------------------------------------------------------


def test_compare_shows_the_figures_side_by_side_with_the_difference(client, leader, consultant):
    first = make_version(
        1,
        by=leader,
        figures={"enterprises_existing": 5, "feedback": 40, "stakeholders_by_sector.public": 3},
    )
    second = make_version(
        2,
        by=leader,
        figures={"enterprises_existing": 7, "feedback": 40, "cases_published": 2},
    )
    client.force_login(consultant)
    url = reverse("mapping:report-compare") + f"?a={first.pk}&b={second.pk}"
    response = client.get(url)
    assert response.status_code == 200
    rows = {row["key"]: row for row in response.context["rows"] if not row["group"]}
    existing = rows["enterprises_existing"]
    assert (existing["texts"], existing["difference_text"], existing["changed"]) == (
        ["5", "7"],
        "+2",
        True,
    )
    assert (rows["feedback"]["difference_text"], rows["feedback"]["changed"]) == ("0", False)
    assert (rows["cases_published"]["texts"], rows["cases_published"]["difference_text"]) == (
        ["–", "2"],
        "–",
    )
    public = rows["stakeholders_by_sector.public"]
    assert public["texts"] == ["3", "–"]
    assert public["full_label"].startswith(
        str(report_package.FIGURE_LABELS["stakeholders_by_sector"])
    )
    page = response.content.decode()
    assert str(report_package.FIGURE_LABELS["enterprises_existing"]) in page
    assert "+2" in page

    csv = client.get(url + "&export=csv").content.decode("utf-8-sig")
    assert re.search(r"enterprises|virksomheder", csv, re.IGNORECASE)
    assert "+2" in csv


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?a={a}", "b", "Choose the second version."),
        ("?b={a}", "a", "Choose the first version."),
        ("?a={a}&b=999999", "b", "There is no such version to compare."),
        ("?a=abc&b={a}", "a", "There is no such version to compare."),
        ("?a={a}&b={a}", "__all__", "Choose two different versions to compare."),
    ],
)
def test_compare_with_missing_or_unknown_versions_says_so(client, leader, query, field, message):
    first = make_version(1, by=leader)
    make_version(2, by=leader)
    client.force_login(leader)
    response = client.get(reverse("mapping:report-compare") + query.format(a=first.pk))
    assert response.status_code == 400
    assert response.context["rows"] is None
    assert response.context["form"].errors[field] == [gettext(message)]
    assert gettext(message) in response.content.decode()


def test_a_member_cannot_compare_with_an_unsubmitted_version(client, leader, steering):
    submitted = make_version(1, by=leader, submitted=True)
    hidden = make_version(2, by=leader)
    client.force_login(steering)
    response = client.get(reverse("mapping:report-compare") + f"?a={submitted.pk}&b={hidden.pk}")
    assert response.status_code == 400
    assert response.context["form"].errors["b"]


def test_people_counts_under_five_are_hidden_from_the_steering_group(client, leader, steering):
    version = make_version(
        1, by=leader, submitted=True, figures={"employees_flexjob": 3, "employees": 12}
    )
    client.force_login(steering)
    figures = {row["key"]: row for row in client.get(version.get_absolute_url()).context["figures"]}
    assert figures["employees_flexjob"]["texts"] == [gettext("under %(limit)s") % {"limit": 5}]
    assert figures["employees"]["texts"] == ["12"]
    client.force_login(leader)
    figures = {row["key"]: row for row in client.get(version.get_absolute_url()).context["figures"]}
    assert figures["employees_flexjob"]["texts"] == ["3"]


# --- The dashboard ---------------------------------------------------------------------


def test_the_dashboard_shows_the_leader_the_state_and_the_member_what_awaits(
    client, leader, steering
):
    version = make_version(1, by=leader, submitted=True)
    make_version(2, by=leader)  # not submitted: the member does not see it
    client.force_login(steering)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{version.get_absolute_url()}"' in page
    assert reverse("mapping:report-version", args=[version.pk + 1]) not in page

    # Commented before approving: the only member's approval closes the review.
    services.review_comment_add(version=version, by=steering, chapter="", text="Hej")
    services.review_verdict_give(version=version, member=steering, verdict=APPROVED)
    page = client.get(reverse("home")).content.decode()
    assert gettext("No version awaits your verdict.") in page

    client.force_login(leader)
    response = client.get(reverse("home"))
    panel = next(
        p for p in response.context["panels"] if p.template == "mapping/reports/panel_review.html"
    )
    assert panel.context["version"].number == 2
    assert panel.context["version"].review_state == State.NOT_SUBMITTED
    assert selectors.unanswered_comment_count(version=version) == 1


def test_the_leaders_panel_shows_the_approval(client, leader, steering):
    version = make_version(1, by=leader, submitted=True)
    services.review_verdict_give(version=version, member=steering, verdict=APPROVED)
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert str(State.APPROVED.label) in page


# --- Demo data -------------------------------------------------------------------------


def test_the_demo_writes_the_texts_freezes_and_submits_once(
    leader, steering, fake_report, django_capture_on_commit_callbacks
):
    from mapping.demo import reports as demo

    users = {"project_leader": leader, "steering_group": steering}
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(users=users, stdout=out)
        demo.load(users=users, stdout=out)
    narrative = ReportNarrative.current()
    assert narrative.introduction.startswith("Haderslev Kommune")
    assert all(getattr(narrative, name) for name in ReportNarrative.SECTIONS)
    version = ReportVersion.objects.get()
    assert (version.number, version.submitted_by) == (1, leader)
    assert mail.outbox == []
    assert selectors.version_list(user=steering) == [version]


# --- With the real PDF -----------------------------------------------------------------


def test_freezing_with_the_real_report(client, leader, steering, area, purposes):
    """The real WeasyPrint report, frozen, stored, served and compared: one run end to end."""
    from pypdf import PdfReader

    make_organisation("Café Kvisten", area=area)
    narrative = ReportNarrative.current()
    narrative.introduction = "Kortlægningen af socialøkonomien i Haderslev, Vojens og på Årø"
    narrative.save()
    client.force_login(leader)
    freeze(client)
    version = ReportVersion.objects.get()
    content = stored_bytes(version)
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == version.checksum
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == version.page_count
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Årø" in text
    assert version.figures == report_package.interim_figures()
    assert version.figures["enterprises_existing"] == 1

    make_organisation("Genbrugsværkstedet Vojens", area=area)
    version.refresh_from_db()
    assert stored_bytes(version) == content
    freeze(client)
    second = ReportVersion.objects.get(number=2)
    assert second.figures["enterprises_existing"] == 2

    client.post(reverse("mapping:report-submit", args=[second.pk]))
    client.force_login(steering)
    page = client.get(second.get_absolute_url())
    assert page.status_code == 200
    response = client.get(reverse("mapping:report-compare") + f"?a={version.pk}&b={second.pk}")
    assert response.status_code == 400  # version 1 was never submitted to the steering group
    client.force_login(leader)
    response = client.get(reverse("mapping:report-compare") + f"?a={version.pk}&b={second.pk}")
    rows = {row["key"]: row for row in response.context["rows"]}
    assert rows["enterprises_existing"]["difference_text"] == "+1"
    preview = client.get(reverse("mapping:report-preview"))
    assert "Årø" in preview.content.decode()


def test_a_frozen_pdf_has_no_public_url():
    """Frozen reports live in the private storage: only the checking view serves them."""
    from mapping.models import ReportVersion

    field = ReportVersion._meta.get_field("pdf")
    with pytest.raises(ValueError):
        field.storage.url("reports/interim/delrapport-v1.pdf")
