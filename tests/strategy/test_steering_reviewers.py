"""One steering group: `portal.steering.reviewers()` is who reviews, for the interim report
and the strategy alike. A user whose member row the programme marked inactive gets no
e-mail, does not count towards approval or "awaiting", and sees nothing awaiting them; a
user without a member row still counts."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mapping.selectors import reports as report_selectors
from mapping.services import reports as report_services
from portal.models import SteeringGroupMember, User
from portal.review import selectors as review_selectors
from portal.steering import is_reviewer, reviewers
from strategy.selectors import review as selectors
from strategy.services import review as services
from tests.conftest import make_user
from tests.mapping.test_reports import make_version as make_report_version
from tests.strategy import test_review_fixtures as review_fixtures

pytestmark = pytest.mark.django_db

plan_data = review_fixtures.plan_data


@pytest.fixture
def group(steering):
    """`steering` (no member row), an active member with a row, and a former member."""
    active = make_user("aktiv", User.Role.STEERING_GROUP)
    former = make_user("tidligere", User.Role.STEERING_GROUP)
    SteeringGroupMember.objects.create(
        name="Aktiv Andersen", organisation="Haderslev Kommune", email=active.email, user=active
    )
    SteeringGroupMember.objects.create(
        name="Tidligere Thomsen",
        organisation="Erhvervsrådet",
        email=former.email,
        user=former,
        active=False,
    )
    return {"steering": steering, "active": active, "former": former}


def test_reviewers_leave_out_a_former_member_only(group):
    make_user("lukket", User.Role.STEERING_GROUP, is_active=False)
    without_email = make_user("utenmail", User.Role.STEERING_GROUP)
    User.objects.filter(pk=without_email.pk).update(email="")

    assert set(reviewers().values_list("username", flat=True)) == {
        "styregruppe",
        "aktiv",
        "utenmail",
    }
    assert is_reviewer(group["active"]) and is_reviewer(group["steering"])
    assert not is_reviewer(group["former"])


# The strategy


def test_a_former_member_is_not_mailed_a_strategy_version(
    leader, group, plan_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        members, _outcome = services.version_submit(version=plan_data["latest"], by=leader)

    assert {m.user.username for m in members if m.reachable} == {"styregruppe", "aktiv"}
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [group["steering"].email, group["active"].email]
    )


def test_a_former_member_does_not_count_for_the_strategy_review(leader, group, plan_data):
    version = plan_data["submitted"]
    services.verdict_give(version=version, member=group["steering"], verdict="approved")
    services.verdict_give(version=version, member=group["active"], verdict="approved")

    seen = selectors.version_get_for_user(user=leader, pk=version.pk)

    assert seen.review_state == seen.ReviewState.APPROVED
    assert seen.awaiting_count == 0
    assert [row["member"] for row in review_selectors.verdicts_of(version=version)] == [
        group["active"],
        group["steering"],
    ]


def test_a_former_member_may_not_give_a_verdict_on_the_strategy(group, plan_data):
    with pytest.raises(ValidationError):
        services.verdict_give(
            version=plan_data["submitted"], member=group["former"], verdict="changes_requested"
        )
    with pytest.raises(ValidationError):
        services.comment_add(
            version=plan_data["submitted"], by=group["former"], section="", text="x"
        )

    assert not plan_data["submitted"].verdicts.exists()
    assert list(selectors.versions_awaiting_verdict(member=group["former"])) == []
    assert list(selectors.versions_awaiting_verdict(member=group["active"])) == [
        plan_data["submitted"]
    ]


def test_the_version_page_shows_a_former_member_no_forms(client, group, plan_data):
    client.force_login(group["former"])

    response = client.get(plan_data["submitted"].get_absolute_url())

    assert response.status_code == 200
    assert response.context["may_review"] is False
    assert 'id="verdict-form"' not in response.content.decode()


# The interim report


def test_a_former_member_is_not_mailed_an_interim_report_version(
    leader, group, django_capture_on_commit_callbacks
):
    version = make_report_version(1, by=leader)

    with django_capture_on_commit_callbacks(execute=True):
        members, _outcome = report_services.report_submit(version=version, by=leader)

    assert {m.user.username for m in members if m.reachable} == {"styregruppe", "aktiv"}
    assert group["former"].email not in [a for message in mail.outbox for a in message.to]
    assert len(mail.outbox) == 2


def test_a_former_member_does_not_count_for_the_interim_report(leader, group):
    version = make_report_version(1, by=leader, submitted=True)
    for member in (group["steering"], group["active"]):
        report_services.review_verdict_give(version=version, member=member, verdict="approved")

    seen = report_selectors.version_get_for_user(user=leader, pk=version.pk)

    assert report_services.review_state(version) == version.ReviewState.APPROVED
    assert seen.review_state == version.ReviewState.APPROVED
    assert seen.awaiting_count == 0
    assert list(report_selectors.versions_awaiting_verdict(member=group["former"])) == []
