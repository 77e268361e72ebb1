"""The interim report: its key figures, its PDF (text, counts, Danish letters, metadata, pages,
privacy) and its preview in the browser."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from mapping.models import (
    Case,
    CaseEffect,
    Contact,
    Feedback,
    FeedbackTag,
    InterplayIdea,
    Meeting,
    Organisation,
    Potential,
    StakeholderAssessment,
)
from mapping.reports import (
    CHAPTERS,
    FIGURE_LABELS,
    build_interim_report,
    figure_label,
    figure_rows,
    interim_figures,
    preview_html,
    render_interim_report,
    source_checksum,
)
from mapping.reports.interim import said_by, title_of
from tests.conftest import make_organisation
from tests.mapping.report_fakes import narrative
from tests.pdf_layout import pdf_text

Status = Organisation.SocialEconomyStatus
Sector = Organisation.Sector


@pytest.fixture
def mapping(db, area, other_area, purposes, leader):
    """Known data: 3 existing (2 in Haderslev, 1 in Vojens) and 2 potential (Vojens)
    approved enterprises, one pending and one rejected that must not count, stakeholders of
    other sectors, an assessed grid, a published case and a draft, feedback, meetings,
    ideas and potentials."""
    kvisten = make_organisation(
        "Café Kvisten", area=area, rsv_registered=True, employees=10, employees_flexjob=3
    )
    kvisten.purpose_areas.set([purposes["employment"], purposes["social"]])
    aeble = make_organisation("Æblemosteriet Øst", area=area, employees=4, employees_edge=2)
    aeble.purpose_areas.set([purposes["environment"]])
    genbrug = make_organisation("Genbrugsværkstedet Vojens", area=other_area)
    genbrug.purpose_areas.set([purposes["environment"], purposes["employment"]])
    aaroe = make_organisation("Årø Ungdomscafé", area=other_area, se_status=Status.POTENTIAL)
    aaroe.purpose_areas.set([purposes["culture"]])
    make_organisation("Sønderskov Idé", area=other_area, se_status=Status.POTENTIAL)
    make_organisation(
        "Ventende Værksted",
        area=area,
        moderation_state=Organisation.Moderation.PENDING,
        rsv_registered=True,
    )
    make_organisation(
        "Afvist Aps",
        area=area,
        moderation_state=Organisation.Moderation.REJECTED,
        rejection_reason="Ikke socialøkonomisk.",
    )
    kommune = make_organisation(
        "Haderslev Kommune, Erhverv",
        sector=Sector.PUBLIC,
        kind=Organisation.Kind.PUBLIC_BODY,
        se_status=Status.NONE,
        area=area,
    )
    traelast = make_organisation(
        "Damsgaard Trælast", sector=Sector.PRIVATE, se_status=Status.NONE, area=other_area
    )
    StakeholderAssessment.objects.create(organisation=kommune, influence=5, interest=4)
    StakeholderAssessment.objects.create(organisation=traelast, influence=4, interest=1)
    StakeholderAssessment.objects.create(organisation=kvisten, influence=1, interest=5)

    case = Case.objects.create(
        organisation=kvisten,
        title="Fra praktik til fast job",
        summary="Unge lærer køkken og servering.",
        problem="Unge uden uddannelse.",
        method="Praktik.",
        published=True,
    )
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    CaseEffect.objects.create(
        case=case,
        description="Ansat i fleksjob",
        value=Decimal(3),
        unit="personer",
        about_people=True,
        **period,
    )
    CaseEffect.objects.create(
        case=case,
        description="Omsætning",
        value=Decimal("1234567.50"),
        unit="kr.",
        **period,
    )
    Case.objects.create(
        organisation=genbrug, title="Kladde om cykler", problem="-", method="-", published=False
    )

    now = timezone.now()
    held = Meeting.objects.create(
        kind=Meeting.Kind.DIALOGUE,
        title="Dialogmøde i Vojens",
        starts_at=now - timedelta(days=10, hours=2),
        ends_at=now - timedelta(days=10),
        place="Vojens Bibliotek",
        organiser=leader,
    )
    Meeting.objects.create(
        kind=Meeting.Kind.INFORMATION,
        title="Informationsmøde næste måned",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=2),
        place="Rådhuset",
        organiser=leader,
    )
    secret = Contact.objects.create(
        organisation=traelast, name="Hemmelige Henriette", role="Indkøber", purpose="Møder"
    )
    public = Contact.objects.create(
        organisation=kvisten, name="Offentlige Ole", role="Leder", purpose="Møder", public=True
    )
    Feedback.objects.create(
        text="Vi vil gerne købe montageopgaver.",
        theme=Feedback.Theme.OFFERS,
        meeting=held,
        contact=secret,
        recorded_by=leader,
    )
    Feedback.objects.create(
        text="Vi mangler lokaler på Årø.",
        theme=Feedback.Theme.NEEDS,
        meeting=held,
        contact=public,
        recorded_by=leader,
    )
    Feedback.objects.create(
        text="Regler for fleksjob er svære.",
        theme=Feedback.Theme.BARRIERS,
        organisation=genbrug,
        recorded_by=leader,
    )
    InterplayIdea.objects.create(
        organisation=genbrug,
        department=kommune,
        service="Istandsættelse af kontormøbler",
        description="Værkstedet reparerer kasserede stole.",
        state=InterplayIdea.State.EXPLORING,
    )
    Potential.objects.create(
        organisation=aaroe,
        stage=Potential.Stage.GRASSROOTS,
        needs="Lokaler",
        next_step="Møde med foreningen",
        next_step_on=date(2026, 12, 1),
        next_step_owner=leader,
    )
    return {"kvisten": kvisten, "genbrug": genbrug, "kommune": kommune}


# The key figures


def test_it_computes_the_key_figures_from_the_approved_mapping(mapping):
    figures = interim_figures()

    assert figures["enterprises_existing"] == 3
    assert figures["enterprises_potential"] == 2
    assert figures["enterprises_rsv"] == 1  # the pending registration does not count
    assert figures["existing_by_area.Haderslev"] == 2
    assert figures["existing_by_area.Vojens"] == 1
    assert figures["potential_by_area.Haderslev"] == 0
    assert figures["potential_by_area.Vojens"] == 2
    assert figures["enterprises_by_purpose.environment"] == 2
    assert figures["enterprises_by_purpose.employment"] == 2
    assert figures["enterprises_by_purpose.health"] == 0
    assert (figures["employees"], figures["employees_flexjob"], figures["employees_edge"]) == (
        14,
        3,
        2,
    )
    assert figures["stakeholders"] == 7
    assert figures["stakeholders_by_sector.social_economy"] == 5
    assert figures["stakeholders_by_sector.public"] == 1
    assert figures["stakeholders_by_sector.private"] == 1
    assert figures["stakeholders_by_sector.civil"] == 0
    assert figures["stakeholders_assessed"] == 3
    assert figures["stakeholders_by_quadrant.manage_closely"] == 1
    assert figures["stakeholders_by_quadrant.keep_satisfied"] == 1
    assert figures["stakeholders_by_quadrant.keep_informed"] == 1
    assert figures["stakeholders_by_quadrant.monitor"] == 0
    assert figures["cases_published"] == 1
    assert figures["feedback"] == 3
    assert figures["feedback_by_theme.offers"] == 1
    assert figures["feedback_by_theme.ideas"] == 0
    assert figures["meetings_held"] == 1  # the coming meeting is not held yet
    assert figures["meetings_by_kind.dialogue"] == 1
    assert figures["meetings_by_kind.information"] == 0
    assert figures["ideas"] == 1
    assert figures["ideas_by_state.exploring"] == 1
    assert figures["potentials"] == 1
    assert figures["potentials_by_stage.grassroots"] == 1


def test_it_keeps_the_figures_plain_and_every_key_labelled(mapping):
    figures = interim_figures()

    assert all(type(value) is int for value in figures.values())
    for key in figures:
        group = key.partition(".")[0]
        assert group in FIGURE_LABELS
        assert figure_label(key)


def test_it_lays_two_versions_side_by_side(mapping):
    before = interim_figures()
    make_organisation("Ny Café", area=mapping["kvisten"].area)
    after = interim_figures() | {"existing_by_area.Gram": 1}

    rows = {row["key"]: row for row in figure_rows(before, after)}

    assert rows["enterprises_existing"]["values"] == [3, 4]
    assert rows["enterprises_existing"]["changed"] is True
    assert rows["enterprises_potential"]["changed"] is False
    assert rows["existing_by_area"]["group"] is True
    assert rows["existing_by_area"]["values"] == [None, None]
    assert rows["existing_by_area.Gram"]["values"] == [None, 1]
    with translation.override("da"):
        assert rows["stakeholders_by_sector.public"]["label"] == str(Sector.PUBLIC.label)
    keys = [row["key"] for row in figure_rows(before, after)]
    assert keys.index("existing_by_area.Gram") < keys.index("existing_by_area.Haderslev")


# The PDF


def test_it_renders_a_pdf_with_the_chapters_title_and_language(mapping):
    pdf, pages = render_interim_report(
        narrative=narrative(introduction="Programmet i Haderslev."),
        version_number=3,
        frozen_at=datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
    )

    reader = PdfReader(io.BytesIO(pdf))
    assert pdf.startswith(b"%PDF-")
    assert pages == len(reader.pages) > 7  # a cover, the contents and a page per chapter
    text = pdf_text(pdf)
    with translation.override("da"):
        for number, chapter in enumerate(CHAPTERS, start=1):
            assert f"{number}. {chapter.title}" in text
        assert str(title_of(version_number=3)) == reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert "27.11.2026" in text
    assert "Programmet i Haderslev." in text
    mediabox = reader.pages[0].mediabox
    assert (round(float(mediabox.width)), round(float(mediabox.height))) == (595, 842)  # A4


def test_it_prints_the_right_counts_and_danish_letters(mapping):
    pdf, _pages = render_interim_report(narrative=narrative(), version_number=1)

    text = pdf_text(pdf)
    with translation.override("da"):
        assert f"{FIGURE_LABELS['enterprises_existing']} 3" in text
        assert f"{FIGURE_LABELS['enterprises_potential']} 2" in text
        assert f"{FIGURE_LABELS['stakeholders']} 7" in text
        assert f"{gettext('Total')} 3 2 5" in text  # the enterprises by local area
    assert "Haderslev 2 0 2" in text
    assert "Vojens 1 2 3" in text
    for name in ("Æblemosteriet Øst", "Årø Ungdomscafé", "Sønderskov Idé", "Café Kvisten"):
        assert name in text
    assert "Ventende Værksted" not in text
    assert "Afvist Aps" not in text
    assert "Kladde om cykler" not in text  # a draft case
    assert "Fra praktik til fast job" in text
    assert "1.234.567,50" in text  # Danish number format
    with translation.override("da"):
        assert gettext("under %(limit)s") % {"limit": 5} in text  # 3 people


def test_it_draws_the_charts_as_vectors_not_images(mapping):
    pdf, _pages = render_interim_report(narrative=narrative(), version_number=1)

    reader = PdfReader(io.BytesIO(pdf))
    assert all(len(page.images) == 0 for page in reader.pages)
    text = pdf_text(pdf)
    assert "2 + 0" in text  # Haderslev's bar: existing + potential, as text in the SVG


def test_it_marks_a_preview_as_not_frozen(mapping):
    pdf, _pages = render_interim_report(narrative=narrative(), version_number=None)

    with translation.override("da"):
        assert gettext("Preview – not frozen") in pdf_text(pdf)
        assert PdfReader(io.BytesIO(pdf)).metadata.title == str(title_of(version_number=None))


def test_it_never_names_a_contact_who_may_not_be_named(mapping):
    pdf, _pages = render_interim_report(narrative=narrative(), version_number=1)

    text = pdf_text(pdf)
    assert "Vi vil gerne købe montageopgaver." in text
    assert "Hemmelige Henriette" not in text
    assert "Indkøber" not in text
    assert "Damsgaard Trælast" in text  # her organisation is named instead
    assert "Offentlige Ole (Leder)" in text


def test_it_names_no_erased_person():
    contact = Contact(name="", public=True, erased_at=timezone.now())
    contact.organisation = Organisation(name="Foreningen")
    entry = Feedback(contact=contact)

    assert said_by(entry) == "Foreningen"


def test_its_page_count_grows_with_the_data(mapping, other_area):
    _pdf, few = render_interim_report(narrative=narrative(), version_number=1)
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Virksomhed nr. {index} på Årø",
            sector=Sector.SOCIAL_ECONOMY,
            kind=Organisation.Kind.COMPANY,
            se_status=Status.EXISTING,
            moderation_state=Organisation.Moderation.APPROVED,
            area=other_area,
        )
        for index in range(150)
    )

    pdf, many = render_interim_report(narrative=narrative(), version_number=1)

    assert many > few
    assert "Virksomhed nr. 149 på Årø" in pdf_text(pdf)


def test_it_returns_the_figures_it_prints(mapping):
    report = build_interim_report(narrative=narrative(), version_number=1)

    assert report.figures == interim_figures()
    assert report.page_count == len(PdfReader(io.BytesIO(report.pdf)).pages)


def test_it_tells_its_progress_page_by_page(mapping):
    """WeasyPrint's own steps reach the freeze's job: the data, the HTML, each page as it
    is laid out (from WeasyPrint's progress log), the PDF."""
    steps = []
    report = build_interim_report(
        narrative=narrative(),
        version_number=1,
        progress=lambda step, page=None: steps.append((step, page)),
    )

    assert steps[:2] == [("data", None), ("html", None)]
    assert steps[-1] == ("pdf", None)
    pages = [page for step, page in steps if step == "page"]
    # A second layout pass (for the contents' page references) counts again from page 1.
    assert sorted(set(pages)) == list(range(1, report.page_count + 1))


def test_its_html_checksum_is_the_same_for_the_same_report(mapping, area):
    """The freeze's job tells an unchanged report by its HTML alone, so the same data, texts,
    number and date must write the same HTML; any change must not."""
    frozen_at = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    report = build_interim_report(narrative=narrative(), version_number=2, frozen_at=frozen_at)

    same = source_checksum(narrative=narrative(), version_number=2, frozen_at=frozen_at)
    assert report.source_checksum == same
    assert source_checksum(narrative=narrative(), version_number=3, frozen_at=frozen_at) != same
    make_organisation("Nyt Værksted i Gram", area=area)
    assert source_checksum(narrative=narrative(), version_number=2, frozen_at=frozen_at) != same


def _add_rows(count, *, area, purposes, leader, department):
    """`count` more of everything the report lists."""
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.PROCESS,
        title="Procesmøde",
        starts_at=timezone.now() - timedelta(days=3, hours=1),
        ends_at=timezone.now() - timedelta(days=3),
        place="Gram",
        organiser=leader,
    )
    tag = FeedbackTag.objects.create(name=f"tag {count}")
    for index in range(count):
        organisation = make_organisation(
            f"Ekstra {count}-{index}",
            area=area,
            se_status=Status.EXISTING if index % 2 else Status.POTENTIAL,
        )
        organisation.purpose_areas.set([purposes["social"], purposes["health"]])
        StakeholderAssessment.objects.create(
            organisation=organisation, influence=1 + index % 5, interest=1 + index % 4
        )
        case = Case.objects.create(
            organisation=organisation,
            title=f"Case {index}",
            problem="-",
            method="-",
            published=True,
        )
        CaseEffect.objects.create(
            case=case,
            description="Effekt",
            value=index,
            unit="stk.",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
        )
        contact = Contact.objects.create(
            organisation=organisation, name=f"Person {index}", purpose="Møder"
        )
        feedback = Feedback.objects.create(
            text=f"Tilkendegivelse {index}",
            theme=Feedback.Theme.IDEAS,
            meeting=meeting,
            contact=contact,
        )
        feedback.tags.add(tag)
        InterplayIdea.objects.create(
            organisation=organisation, department=department, service="Frokost", description="-"
        )
        Potential.objects.create(organisation=organisation, stage=Potential.Stage.ENTREPRENEUR)


def test_it_costs_a_fixed_number_of_queries_whatever_the_rows(mapping, area, purposes, leader):
    text = narrative(method="Møder")
    counts = []
    for size in (2, 12):
        _add_rows(size, area=area, purposes=purposes, leader=leader, department=mapping["kommune"])
        with CaptureQueriesContext(connection) as queries:
            render_interim_report(narrative=text, version_number=1)
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]
    assert counts[0] <= 14


# The preview in the browser


def test_its_preview_is_the_report_as_an_article_with_escaped_narrative(mapping):
    html = preview_html(
        narrative=narrative(
            introduction="Første afsnit <script>alert(1)</script>\nanden linje\n\nAndet afsnit",
            conclusions="",
        )
    )

    assert html.lstrip().startswith("<article")
    assert "<html" not in html
    assert "<h1" not in html  # the page around it has the h1
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "anden linje" in html and "<br>" in html
    assert html.count("<p>Andet afsnit</p>") == 1
    with translation.override("da"):
        assert gettext("Not written yet.") in html
    assert html.count('role="img"') == 3  # two bar charts and the grid
    assert "<title id=" in html and "<desc id=" in html
    assert "Hemmelige Henriette" not in html
    for chapter in CHAPTERS:
        assert f'id="{chapter.anchor}"' in html and f'href="#{chapter.anchor}"' in html
