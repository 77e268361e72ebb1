"""A newer version sent to the steering group supersedes the older one, for the interim
report and the strategy alike (portal.review): the older review is closed, its comments stay
readable, dashboards ask only about the current one, and an agenda pointing at the older
one says that a newer one exists."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from mapping.dashboard import panels as mapping_panels
from mapping.models import ReportVersion
from mapping.selectors import reports as report_selectors
from mapping.services import reports as report_services
from portal.programme.selectors import steering as steering_selectors
from portal.programme.services import steering as steering_services
from portal.review import ReviewState, newer_version, state_from_counts
from strategy.models import StrategyVersion
from strategy.selectors import review as strategy_selectors
from strategy.services import review as strategy_services
from tests.factories.mapping import ReportVersionFactory
from tests.factories.portal import SteeringGroupMemberFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(leader, steering):
    """Version 1 submitted and commented on, then version 2 submitted."""
    first = ReportVersionFactory(number=1, frozen_by=leader)
    report_services.report_submit(version=first, by=leader, notify=False)
    first.refresh_from_db()
    report_services.review_comment_add(version=first, by=steering, chapter="", text="Uklart")
    second = ReportVersionFactory(number=2, frozen_by=leader)
    report_services.report_submit(version=second, by=leader, notify=False)
    second.refresh_from_db()
    return first, second


@pytest.fixture
def drafts(leader, steering):
    strategy = build_review_strategy(by=leader)
    first = StrategyVersionFactory(strategy=strategy, saved_by=leader)
    strategy_services.version_submit(version=first, by=leader)
    first.refresh_from_db()
    strategy_services.comment_add(version=first, by=steering, section="", text="Uklart")
    second = StrategyVersionFactory(strategy=strategy, saved_by=leader)
    strategy_services.version_submit(version=second, by=leader)
    second.refresh_from_db()
    return first, second


def test_the_state_is_superseded_whatever_the_verdicts():
    counts = {"changes_requested": 1, "approvals": 3, "members": 3}
    assert state_from_counts(submitted=True, superseded=True, **counts) == ReviewState.SUPERSEDED
    assert state_from_counts(submitted=False, superseded=True, **counts) == (
        ReviewState.NOT_SUBMITTED
    )


def test_a_newer_report_version_supersedes_the_older(leader, steering, reports):
    first, second = reports

    assert newer_version(first) == second
    assert newer_version(second) is None
    states = {v.number: v.review_state for v in report_selectors.version_list(user=leader)}
    assert states == {1: ReviewState.SUPERSEDED, 2: ReviewState.OPEN}
    assert report_services.review_state(first) == ReportVersion.ReviewState.SUPERSEDED
    with pytest.raises(ValidationError):
        report_services.review_comment_add(version=first, by=steering, chapter="", text="x")
    with pytest.raises(ValidationError):
        report_services.review_verdict_give(version=first, member=steering, verdict="approved")
    assert not first.verdicts.exists()
    # The current one is reviewed as before.
    report_services.review_verdict_give(version=second, member=steering, verdict="approved")


def test_an_older_report_version_cannot_be_sent_after_a_newer_one(leader, reports):
    older = ReportVersionFactory(number=3, frozen_by=leader)
    newest = ReportVersionFactory(number=4, frozen_by=leader)
    report_services.report_submit(version=newest, by=leader, notify=False)

    with pytest.raises(ValidationError):
        report_services.report_submit(version=older, by=leader, notify=False)
    older.refresh_from_db()
    assert older.submitted_at is None


def test_the_members_dashboard_asks_only_about_the_current_report(steering, reports):
    first, second = reports
    assert list(report_selectors.versions_awaiting_verdict(member=steering)) == [second]

    request = RequestFactory().get("/")
    request.user = steering
    awaiting = [
        panel.context["awaiting"]
        for panel in mapping_panels(request)
        if "awaiting" in panel.context
    ]
    assert awaiting == [[second]]


def test_the_superseded_report_page_keeps_its_comments_and_has_no_forms(client, steering, reports):
    first, second = reports
    client.force_login(steering)

    page = client.get(first.get_absolute_url()).content.decode()

    assert "Uklart" in page
    assert 'id="comment-form"' not in page and 'id="verdict-form"' not in page
    assert second.get_absolute_url() in page
    refused = client.post(
        reverse("mapping:report-comment", args=[first.pk]), {"chapter": "", "text": "Mere"}
    )
    assert refused.status_code == 400
    assert first.comments.count() == 1
    current = client.get(second.get_absolute_url()).content.decode()
    assert 'id="comment-form"' in current and 'id="verdict-form"' in current


def test_a_newer_strategy_version_supersedes_the_older(client, leader, steering, drafts):
    first, second = drafts

    states = {
        v.number: v.review_state for v in strategy_selectors.versions_of(strategy=first.strategy)
    }
    assert states == {1: StrategyVersion.ReviewState.SUPERSEDED, 2: ReviewState.OPEN}
    with pytest.raises(ValidationError):
        strategy_services.comment_add(version=first, by=steering, section="", text="x")
    with pytest.raises(ValidationError):
        strategy_services.verdict_give(version=first, member=steering, verdict="approved")
    assert list(strategy_selectors.versions_awaiting_verdict(member=steering)) == [second]

    client.force_login(steering)
    response = client.get(first.get_absolute_url())
    assert response.context["may_review"] is False
    page = response.content.decode()
    assert "Uklart" in page and second.get_absolute_url() in page
    assert client.get(second.get_absolute_url()).context["may_review"] is True


def test_a_strategy_is_superseded_only_by_its_own_versions(leader, drafts):
    first, second = drafts
    other = StrategyVersionFactory(
        strategy=build_review_strategy(by=leader, title="En anden plan"), saved_by=leader
    )
    strategy_services.version_submit(version=other, by=leader)

    assert newer_version(second) is None
    assert newer_version(first) == second


def test_an_agenda_pointing_at_a_superseded_version_says_a_newer_one_exists(
    client, leader, steering, reports, django_capture_on_commit_callbacks
):
    first, second = reports
    SteeringGroupMemberFactory(
        name="Sofie Skovgaard", email="styregruppe@example.dk", user=steering
    )
    meeting = SteeringMeetingFactory(created_by=leader)
    item = AgendaItemFactory(
        meeting=meeting,
        title="Delrapporten",
        subject_type=ContentType.objects.get_for_model(first),
        subject_id=first.pk,
    )
    current = AgendaItemFactory(
        meeting=meeting,
        title="Den nye version",
        position=2,
        subject_type=ContentType.objects.get_for_model(second),
        subject_id=second.pk,
    )

    entries = {entry.item: entry for entry in steering_selectors.agenda_of(meeting=meeting)}
    assert entries[item].newer_label == str(second)
    assert entries[item].newer_url == second.get_absolute_url()
    assert entries[current].newer_label == ""

    client.force_login(steering)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{second.get_absolute_url()}">{second}</a>' in page

    with django_capture_on_commit_callbacks(execute=True):  # sent once recorded
        result = steering_services.meeting_send_agenda(meeting=meeting, by=leader)
    assert len(result.sent) == 1
    [message] = mail.outbox
    assert second.get_absolute_url() in message.body
