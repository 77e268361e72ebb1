"""The review's dashboard panels: for the staff, the latest submitted version of each draft
with its review state and unanswered comments; for a steering group member, the versions
that await their verdict."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from strategy.dashboard_review import panels
from strategy.models import Strategy, StrategyVersion
from strategy.services import review as services
from tests.factories.strategy import StrategyVersionFactory, build_review_strategy

pytestmark = pytest.mark.django_db


def panels_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return panels(request)


def rendered(panel):
    with translation.override("en"):
        return render_to_string(panel.template, {"panel": panel.context})


def test_it_shows_staff_the_latest_submitted_version_of_each_draft(leader, steering, plan_data):
    services.version_submit(version=plan_data["latest"], by=leader)
    services.comment_add(
        version=plan_data["latest"], by=steering, section="vision", text="Skarpere"
    )
    services.verdict_give(version=plan_data["latest"], member=steering, verdict="approved")
    adopted = build_review_strategy(by=leader, title="Vedtaget plan")
    StrategyVersionFactory(strategy=adopted, saved_by=leader, submitted=True)
    Strategy.objects.filter(pk=adopted.pk).update(state=Strategy.State.ADOPTED)

    (panel,) = panels_for(leader)

    (version,) = panel.context["versions"]
    assert version.pk == plan_data["latest"].pk  # not version 1, not the adopted plan's
    assert version.review_state == StrategyVersion.ReviewState.APPROVED
    assert version.unanswered_count == 1
    html = rendered(panel)
    assert plan_data["latest"].get_absolute_url() in html
    assert "1 comment without an answer" in html


def test_it_shows_a_member_what_awaits_their_verdict(leader, steering, plan_data):
    services.version_submit(version=plan_data["latest"], by=leader)

    (panel,) = panels_for(steering)
    # Version 1 was superseded by version 2: only the current one asks for a verdict.
    assert [v.number for v in panel.context["awaiting"]] == [2]
    assert plan_data["latest"].get_absolute_url() in rendered(panel)

    services.verdict_give(version=plan_data["latest"], member=steering, verdict="approved")
    (panel,) = panels_for(steering)
    assert [v.number for v in panel.context["awaiting"]] == []


def test_it_shows_nothing_to_enterprise_users_and_the_public(alice, plan_data):
    assert panels_for(alice) == []
    assert panels_for(AnonymousUser()) == []


def test_it_says_so_when_nothing_was_submitted(consultant):
    (panel,) = panels_for(consultant)

    assert panel.context["versions"] == []
    assert "No draft has been submitted" in rendered(panel)
