"""The steering group's review is one component (portal.review) with a policy per app: the
three rules the interim report and the strategy once disagreed on hold for both alike.

1. The programme's staff (project leader and consultants) answer comments, with their name.
2. A refused comment or verdict (closed or superseded review, not a reviewer) is a form
   error: the page comes back with status 400, the reason at the top of the form, the
   member's text kept, nothing saved.
3. Each policy says when its review closes and why, and both pages say it the same way: the
   report once every member approved the version, the strategy once it is no longer a draft.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from mapping.review_policy import POLICY as REPORT
from portal.models import SteeringGroupMember, User
from portal.review import check_open, selectors, services
from strategy.models import Strategy
from strategy.review_policy import POLICY as STRATEGY
from tests.conftest import make_user
from tests.mapping.test_reports import make_version as make_report_version
from tests.strategy.test_review_fixtures import make_strategy
from tests.strategy.test_review_fixtures import make_version as make_strategy_version

pytestmark = pytest.mark.django_db


@dataclass
class Review:
    """One app's review, as these tests drive it."""

    name: str
    policy: Any
    version: Any
    by: Any

    def newer(self):
        """Submit a newer version, which supersedes this one."""
        if self.policy is REPORT:
            return make_report_version(self.version.number + 1, by=self.by, submitted=True)
        return make_strategy_version(self.version.strategy, by=self.by, submitted=True)

    def close(self, member):
        """Close the review for the app's own reason."""
        if self.policy is REPORT:
            services.verdict_give(
                policy=REPORT, version=self.version, member=member, verdict="approved"
            )
        else:
            Strategy.objects.filter(pk=self.version.strategy_id).update(
                state=Strategy.State.ADOPTED
            )
        self.version.refresh_from_db()


@pytest.fixture(params=["report", "strategy"])
def review(request, leader):
    if request.param == "report":
        version = make_report_version(1, by=leader, submitted=True)
        return Review("report", REPORT, version, leader)
    strategy = make_strategy(by=leader)
    version = make_strategy_version(strategy, by=leader, submitted=True)
    return Review("strategy", STRATEGY, version, leader)


def comment_on(review, member, text="Hvad med Årø?"):
    return services.comment_add(
        policy=review.policy, version=review.version, by=member, part="", text=text
    )


def post_comment(client, review, text):
    url = reverse(review.policy.comment_url, args=[review.version.pk])
    return client.post(url, {review.policy.part_field: "", "text": text})


def post_verdict(client, review):
    url = reverse(review.policy.verdict_url, args=[review.version.pk])
    return client.post(url, {"verdict": "changes_requested", "comment": "For sent"})


# 1. Who answers a comment -----------------------------------------------------------------


@pytest.mark.parametrize("staff", ["leader", "consultant"])
def test_the_programme_staff_answer_a_comment_with_their_name(client, request, review, staff):
    comment = comment_on(review, request.getfixturevalue("steering"))
    by = request.getfixturevalue(staff)
    client.force_login(by)

    response = client.post(
        reverse(review.policy.answer_url, args=[comment.pk]), {"text": "Det ser vi på"}
    )

    assert response.status_code == 302
    answer = comment.answers.get()
    assert (answer.author, answer.text) == (by, "Det ser vi på")
    page = client.get(review.version.get_absolute_url()).content.decode()
    assert f"{by}, " in page and "Det ser vi på" in page


def test_someone_outside_the_staff_answers_nothing(client, review, steering, alice):
    comment = comment_on(review, steering)
    client.force_login(alice)

    response = client.post(reverse(review.policy.answer_url, args=[comment.pk]), {"text": "Hej"})

    assert response.status_code == 403
    with pytest.raises(ValidationError):
        services.comment_answer(policy=review.policy, comment=comment, by=alice, text="Hej")
    with pytest.raises(ValidationError):
        services.comment_answer(policy=review.policy, comment=comment, by=steering, text="Hej")
    assert not comment.answers.exists()


# 2. A refused comment or verdict ----------------------------------------------------------


def close_by(how, review, steering):
    """Make the review refuse `steering`'s comment and verdict; returns the reason given."""
    if how == "superseded":
        review.newer()
        with pytest.raises(ValidationError) as superseded:
            check_open(review.version)
        return superseded.value.messages[0]
    if how == "closed":
        comment_on(review, steering, text="Før lukningen")  # the report closes on approval
        review.close(steering)
        return review.policy.closed_reason(review.version, lock=True)
    SteeringGroupMember.objects.create(
        name="Sofie", organisation="Kommunen", email="s@example.dk", user=steering, active=False
    )
    return str(review.policy.not_a_reviewer)


@pytest.mark.parametrize("how", ["superseded", "closed", "former member"])
def test_a_refused_comment_is_a_form_error(client, review, steering, how):
    reason = close_by(how, review, steering)
    before = review.policy.comment_model.objects.count()
    client.force_login(steering)

    response = post_comment(client, review, "Sent, men vigtigt")

    assert response.status_code == 400
    [error] = response.context["comment_form"].non_field_errors()
    assert error == reason
    page = response.content.decode()
    assert 'id="comment-form"' in page  # the reason at the top of the form, the text kept
    assert "Sent, men vigtigt" in page
    assert gettext("Nothing was saved. Please correct the fields marked below.") in page
    assert review.policy.comment_model.objects.count() == before


@pytest.mark.parametrize("how", ["superseded", "closed", "former member"])
def test_a_refused_verdict_is_a_form_error(client, review, steering, how):
    close_by(how, review, steering)
    verdicts = list(review.policy.verdict_model.objects.values_list("verdict", flat=True))
    client.force_login(steering)

    response = post_verdict(client, review)

    assert response.status_code == 400
    assert response.context["verdict_form"].non_field_errors()
    assert 'id="verdict-form"' in response.content.decode()
    assert list(review.policy.verdict_model.objects.values_list("verdict", flat=True)) == verdicts


def test_a_part_that_is_not_the_versions_is_an_error_next_to_its_field(client, review, steering):
    client.force_login(steering)
    url = reverse(review.policy.comment_url, args=[review.version.pk])

    response = client.post(url, {review.policy.part_field: "appendix", "text": "Hvor?"})

    assert response.status_code == 400
    assert response.context["comment_form"].errors[review.policy.part_field]
    with pytest.raises(ValidationError) as refused:
        services.comment_add(
            policy=review.policy, version=review.version, by=steering, part="appendix", text="x"
        )
    assert review.policy.part_field in refused.value.message_dict


# 3. Closing -------------------------------------------------------------------------------


def test_both_pages_say_why_the_review_is_closed(client, review, steering, consultant):
    comment = comment_on(review, steering)
    review.close(steering)
    reason = review.policy.closed_reason(review.version, lock=True)
    assert reason

    client.force_login(steering)
    response = client.get(review.version.get_absolute_url())

    page = response.content.decode()
    assert f'<div class="alert alert-info" role="status">{reason}</div>' in page
    assert response.context["may_review"] is False
    assert 'id="comment-form"' not in page and 'id="verdict-form"' not in page
    # An answer is still taken: it says what became of a comment.
    services.comment_answer(policy=review.policy, comment=comment, by=consultant, text="Svar")


def test_the_report_review_stays_open_until_every_member_approved(leader, steering):
    other = make_user("anden", User.Role.STEERING_GROUP)
    version = make_report_version(1, by=leader, submitted=True)

    services.verdict_give(policy=REPORT, version=version, member=steering, verdict="approved")
    assert REPORT.closed_reason(version, lock=True) == ""
    services.verdict_give(policy=REPORT, version=version, member=other, verdict="changes_requested")
    assert REPORT.closed_reason(version, lock=True) == ""

    services.verdict_give(policy=REPORT, version=version, member=other, verdict="approved")

    with translation.override("en"):
        assert "approved version 1, so it is final" in REPORT.closed_reason(version, lock=True)
    with pytest.raises(ValidationError) as refused:
        services.verdict_give(
            policy=REPORT, version=version, member=other, verdict="changes_requested"
        )
    assert refused.value.code == "closed"
    # A member who joins later has a verdict to give: the review is open again.
    make_user("ny", User.Role.STEERING_GROUP)
    assert REPORT.closed_reason(version, lock=True) == ""
    assert selectors.state_of(policy=REPORT, version=version) == "open"


def test_the_strategy_review_closes_once_the_plan_is_no_longer_a_draft(leader, steering):
    version = make_strategy_version(make_strategy(by=leader), by=leader, submitted=True)
    services.verdict_give(policy=STRATEGY, version=version, member=steering, verdict="approved")
    assert STRATEGY.closed_reason(version, lock=True) == ""  # approved, still a draft

    Strategy.objects.filter(pk=version.strategy_id).update(state=Strategy.State.REJECTED)

    with translation.override("en"):
        assert "no longer a draft" in STRATEGY.closed_reason(version, lock=True)
