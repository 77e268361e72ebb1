"""The steering group's review of a strategy version: the page rendered from the snapshot,
submission with its e-mails, comments per section, answers, verdicts and the review state."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from portal.models import User
from strategy.models import Action, Strategy, StrategyComment, StrategyVerdict, StrategyVersion
from strategy.selectors import review as selectors
from strategy.services import review as services
from tests.conftest import make_user
from tests.factories.strategy import BUDGETS, StrategyVersionFactory, build_review_strategy

pytestmark = pytest.mark.django_db


State = StrategyVersion.ReviewState
Verdict = StrategyVerdict.Verdict


def detail(version):
    return reverse("strategy:version-detail", args=[version.pk])


def state_of(version):
    return selectors.version_get_for_user(user=version.saved_by, pk=version.pk).review_state


# The version page


def test_it_renders_the_version_from_its_snapshot_not_the_live_rows(client, leader, plan_data):
    version = plan_data["latest"]
    Action.objects.filter(title="Socialøkonomisk kuvøse").update(title="Ændret titel")
    client.force_login(leader)

    response = client.get(detail(version))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Socialøkonomisk kuvøse" in html
    assert "Ændret titel" not in html
    assert "Haderslev er kendt for stærke socialøkonomiske virksomheder." in html
    assert "Flere socialøkonomiske virksomheder" in html
    assert "Samspil med kommunen" in html
    assert "10 nye virksomheder" in html  # the goal
    assert "Erhverv og Udvikling" in html
    assert "01.01.2027" in html and "31.12.2028" in html


def test_it_sums_the_budgets_on_the_version_page(client, leader, plan_data):
    client.force_login(leader)
    with translation.override("da"):
        response = client.get(detail(plan_data["latest"]), HTTP_ACCEPT_LANGUAGE="da")

    html = response.content.decode()
    # The whole plan, and the first focus area (226.875 + 500.000).
    assert "1.234.567,50 kr." in html
    assert "726.875,00 kr." in html
    assert response.context["content"]["budget"] == sum(BUDGETS.values())
    assert [a["budget"] for a in response.context["content"]["focus_areas"]] == [
        Decimal("726875.00"),
        Decimal("507692.50"),
    ]


def test_it_shows_the_steering_group_no_edit_or_submit_controls(client, steering, plan_data):
    client.force_login(steering)

    html = client.get(detail(plan_data["submitted"])).content.decode()

    assert reverse("strategy:version-submit", args=[plan_data["submitted"].pk]) not in html
    assert reverse("strategy:recommendation", args=[plan_data["strategy"].pk]) not in html
    assert reverse("strategy:comment-add", args=[plan_data["submitted"].pk]) in html
    assert reverse("strategy:verdict-give", args=[plan_data["submitted"].pk]) in html


def test_it_offers_the_project_leader_to_submit_an_unsubmitted_version(client, leader, plan_data):
    client.force_login(leader)

    html = client.get(detail(plan_data["latest"])).content.decode()

    assert reverse("strategy:version-submit", args=[plan_data["latest"].pk]) in html


# Submitting


def test_it_submits_and_emails_each_member_a_link(
    client, leader, steering, plan_data, django_capture_on_commit_callbacks
):
    other = make_user("anden", User.Role.STEERING_GROUP, language="en")
    make_user("tidligere", User.Role.STEERING_GROUP, is_active=False)
    User.objects.filter(pk=make_user("uden", User.Role.STEERING_GROUP).pk).update(email="")
    version = plan_data["latest"]
    client.force_login(leader)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("strategy:version-submit", args=[version.pk]))

    version.refresh_from_db()
    assert response.status_code == 302
    assert version.submitted_at is not None
    assert version.submitted_by == leader
    assert sorted(message.to[0] for message in mail.outbox) == sorted([steering.email, other.email])
    link = f"http://testserver{detail(version)}"
    for message in mail.outbox:
        assert link in message.body
        assert plan_data["strategy"].title in message.subject
    languages = {
        message.to[0]: 'lang="en"' in message.alternatives[0][0] for message in mail.outbox
    }
    assert languages == {steering.email: False, other.email: True}  # each in their language


def test_it_sends_nothing_before_the_submission_commits(client, leader, steering, plan_data):
    client.force_login(leader)

    client.post(reverse("strategy:version-submit", args=[plan_data["latest"].pk]))

    assert mail.outbox == []  # the test's transaction never commits


def test_it_refuses_to_submit_a_version_twice(
    client, leader, steering, plan_data, django_capture_on_commit_callbacks
):
    version = plan_data["submitted"]
    before = version.submitted_at
    client.force_login(leader)
    client.cookies["django_language"] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("strategy:version-submit", args=[version.pk]), follow=True)

    version.refresh_from_db()
    assert version.submitted_at == before
    assert mail.outbox == []
    assert "already submitted" in response.content.decode()


def test_it_refuses_to_submit_a_version_of_an_adopted_plan(leader, steering, plan_data):
    strategy = plan_data["strategy"]
    Strategy.objects.filter(pk=strategy.pk).update(state=Strategy.State.ADOPTED)
    version = StrategyVersion.objects.get(pk=plan_data["latest"].pk)

    with pytest.raises(ValidationError) as error:
        services.version_submit(version=version, by=leader)

    assert error.value.code == "not_draft"
    version.refresh_from_db()
    assert version.submitted_at is None


@pytest.mark.parametrize("actor", ["consultant", "steering"])
def test_it_lets_only_the_project_leader_submit(client, actor, consultant, steering, plan_data):
    client.force_login({"consultant": consultant, "steering": steering}[actor])
    version = plan_data["latest"]

    response = client.post(reverse("strategy:version-submit", args=[version.pk]))

    version.refresh_from_db()
    assert response.status_code == 403
    assert version.submitted_at is None
    assert mail.outbox == []


# Comments and answers


@pytest.mark.parametrize("section", ["", "vision", "focus"])
def test_it_takes_a_members_comment_on_a_section(client, steering, plan_data, section):
    version = plan_data["submitted"]
    if section == "focus":
        section = f"focus-{version.snapshot['focus_areas'][1]['id']}"
    client.force_login(steering)

    response = client.post(
        reverse("strategy:comment-add", args=[version.pk]),
        {"section": section, "text": "  Flere tal, tak.  "},
    )

    comment = StrategyComment.objects.get()
    assert response.status_code == 302
    assert (comment.section, comment.text, comment.author) == (section, "Flere tal, tak.", steering)
    page = client.get(detail(version))
    assert "Flere tal, tak." in page.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"section": "", "text": "   "}, "text"),
        ({"section": "focus-999999", "text": "Hvad med denne?"}, "section"),
        ({"section": "vision", "text": "x" * 5001}, "text"),
    ],
)
def test_it_refuses_a_bad_comment_with_a_message(client, steering, plan_data, data, field):
    client.force_login(steering)

    response = client.post(reverse("strategy:comment-add", args=[plan_data["submitted"].pk]), data)

    assert response.status_code == 400
    assert response.context["comment_form"].errors[field]
    assert not StrategyComment.objects.exists()


def test_it_lets_staff_answer_a_comment(client, consultant, steering, plan_data):
    comment = services.comment_add(
        version=plan_data["submitted"], by=steering, section="vision", text="Skarpere vision?"
    )
    client.force_login(consultant)

    response = client.post(
        reverse("strategy:comment-answer", args=[comment.pk]), {"text": "Vi skærper den."}
    )

    answer = comment.answers.get()
    assert response.status_code == 302
    assert (answer.author, answer.section, answer.text) == (consultant, "vision", "Vi skærper den.")
    version = selectors.version_get_for_user(user=consultant, pk=plan_data["submitted"].pk)
    assert version.unanswered_count == 0


def test_it_refuses_an_empty_answer(client, leader, steering, plan_data):
    comment = services.comment_add(
        version=plan_data["submitted"], by=steering, section="", text="Godt arbejde"
    )
    client.force_login(leader)

    response = client.post(reverse("strategy:comment-answer", args=[comment.pk]), {"text": " "})

    assert response.status_code == 400
    assert response.context["answer_form"].errors["text"]
    assert not comment.answers.exists()


def test_it_refuses_a_comment_on_an_unsubmitted_version_in_the_service(steering, plan_data):
    with pytest.raises(ValidationError):
        services.comment_add(version=plan_data["latest"], by=steering, section="", text="Hej")
    assert not StrategyComment.objects.exists()


# Verdicts and the review state


def test_it_takes_and_changes_a_members_verdict(client, steering, plan_data):
    version = plan_data["submitted"]
    url = reverse("strategy:verdict-give", args=[version.pk])
    client.force_login(steering)

    client.post(url, {"verdict": Verdict.CHANGES_REQUESTED, "comment": "Mangler økonomi"})
    client.post(url, {"verdict": Verdict.APPROVED, "comment": ""})

    verdict = StrategyVerdict.objects.get()
    assert (verdict.member, verdict.verdict, verdict.comment) == (steering, Verdict.APPROVED, "")


@pytest.mark.parametrize("verdict", ["", "maybe"])
def test_it_refuses_a_verdict_that_is_neither(client, steering, plan_data, verdict):
    client.force_login(steering)

    response = client.post(
        reverse("strategy:verdict-give", args=[plan_data["submitted"].pk]), {"verdict": verdict}
    )

    assert response.status_code == 400
    assert response.context["verdict_form"].errors["verdict"]
    assert not StrategyVerdict.objects.exists()


def test_it_moves_through_the_review_states(leader, steering, plan_data):
    other = make_user("anden", User.Role.STEERING_GROUP)
    version = plan_data["latest"]
    assert state_of(version) == State.NOT_SUBMITTED

    services.version_submit(version=version, by=leader)
    assert state_of(version) == State.OPEN

    services.verdict_give(version=version, member=steering, verdict=Verdict.APPROVED)
    assert state_of(version) == State.OPEN  # one of two members

    services.verdict_give(version=version, member=other, verdict=Verdict.CHANGES_REQUESTED)
    assert state_of(version) == State.CHANGES_REQUESTED

    services.verdict_give(version=version, member=other, verdict=Verdict.APPROVED)
    assert state_of(version) == State.APPROVED


def test_it_shows_the_review_state_on_the_page(client, leader, steering, plan_data):
    services.verdict_give(version=plan_data["submitted"], member=steering, verdict=Verdict.APPROVED)
    client.force_login(leader)

    response = client.get(detail(plan_data["submitted"]))

    assert response.context["version"].review_state == State.APPROVED
    assert str(State.APPROVED.label) in response.content.decode()


def test_it_refuses_a_verdict_from_someone_outside_the_steering_group(leader, plan_data):
    with pytest.raises(ValidationError):
        services.verdict_give(
            version=plan_data["submitted"], member=leader, verdict=Verdict.APPROVED
        )


def test_it_renders_the_version_page_in_a_fixed_number_of_queries(
    client, leader, steering, plan_data, django_assert_max_num_queries
):
    for text in ("En", "To", "Tre"):
        comment = services.comment_add(
            version=plan_data["submitted"], by=steering, section="vision", text=text
        )
        services.comment_answer(comment=comment, by=leader, text="Svar")
    client.force_login(leader)

    with django_assert_max_num_queries(15):
        client.get(detail(plan_data["submitted"]))


def test_it_keeps_the_other_drafts_versions_apart(leader, plan_data):
    other = build_review_strategy(by=leader, title="En anden plan")
    other_version = StrategyVersionFactory(strategy=other, saved_by=leader, submitted=True)

    latest = selectors.latest_submitted_versions()

    assert [(v.strategy_id, v.number) for v in latest] == sorted(
        [(plan_data["strategy"].pk, 1), (other.pk, other_version.number)],
        key=lambda pair: Strategy.objects.get(pk=pair[0]).title,
    )
