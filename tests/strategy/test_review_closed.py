"""Once the city council has decided, the steering group's review is history: no more
comments or verdicts, and the version page shows only what was said."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from strategy.models import Strategy, StrategyComment, StrategyVerdict
from strategy.services import review as services
from tests.strategy import test_review_fixtures as review_fixtures

pytestmark = pytest.mark.django_db

plan_data = review_fixtures.plan_data


@pytest.fixture
def decided(leader, steering, plan_data):
    """Version 1 was reviewed (a comment, an approval), then the plan was adopted."""
    version = plan_data["submitted"]
    services.comment_add(version=version, by=steering, section="vision", text="Godt begyndt")
    services.verdict_give(version=version, member=steering, verdict="approved")
    Strategy.objects.filter(pk=plan_data["strategy"].pk).update(state=Strategy.State.ADOPTED)
    return version


@pytest.mark.parametrize("state", [Strategy.State.ADOPTED, Strategy.State.REJECTED])
def test_it_refuses_a_verdict_after_the_decision(steering, plan_data, state):
    version = plan_data["submitted"]
    Strategy.objects.filter(pk=plan_data["strategy"].pk).update(state=state)

    with pytest.raises(ValidationError) as error:
        services.verdict_give(version=version, member=steering, verdict="changes_requested")

    assert error.value.code == "closed"
    assert not StrategyVerdict.objects.exists()


def test_it_refuses_a_comment_after_the_decision(steering, plan_data):
    Strategy.objects.filter(pk=plan_data["strategy"].pk).update(state=Strategy.State.ADOPTED)

    with pytest.raises(ValidationError) as error:
        services.comment_add(version=plan_data["submitted"], by=steering, section="", text="Sent")

    assert error.value.code == "closed"
    assert not StrategyComment.objects.exists()


def test_a_late_post_is_told_the_review_is_closed(client, steering, decided):
    """A refusal is a form error, as bad input is: the page comes back with status 400 and
    the reason at the top of the form, and the member's text is not lost."""
    client.force_login(steering)
    client.cookies["django_language"] = "en"

    verdict = client.post(
        reverse("strategy:verdict-give", args=[decided.pk]),
        {"verdict": "changes_requested", "comment": "For sent"},
    )
    comment = client.post(
        reverse("strategy:comment-add", args=[decided.pk]),
        {"section": "", "text": "For sent"},
    )

    for response, form in ((verdict, "verdict_form"), (comment, "comment_form")):
        assert response.status_code == 400
        [error] = response.context[form].non_field_errors()
        assert error.startswith("The review is closed")
        assert "For sent" in response.content.decode()
    assert StrategyVerdict.objects.get().verdict == "approved"
    assert list(StrategyComment.objects.values_list("text", flat=True)) == ["Godt begyndt"]


def test_the_page_shows_the_history_without_forms(client, steering, decided):
    client.force_login(steering)
    client.cookies["django_language"] = "en"

    response = client.get(decided.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["may_review"] is False
    assert response.context["comment_form"] is None
    assert response.context["verdict_form"] is None
    assert 'id="verdict-form"' not in html
    assert 'id="comment-form"' not in html
    assert "The review is closed" in html
    assert "Godt begyndt" in html  # the history stays


def test_a_draft_keeps_its_forms(client, steering, plan_data):
    client.force_login(steering)

    response = client.get(plan_data["submitted"].get_absolute_url())

    html = response.content.decode()
    assert response.context["may_review"] is True
    assert 'id="verdict-form"' in html
    assert 'id="comment-form"' in html
