"""Progress updates on the plan in force: the newest sets the action's state, a backdated one
does not, bad input saves nothing, and an action becoming done tells the feedback givers.

The builders here (`make_plan`, `make_action`, the `live_plan` and `draft` fixtures) are
shared by the other progress tests. They build an adopted plan with a recorded council
decision and dates relative to today (late, stale and "ends today" depend on it), which the
drafting fixture `plan` in conftest.py (fixed dates, state set directly) does not give.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mapping.models import Contact, Feedback
from strategy.models import (
    Action,
    FeedbackNotice,
    ProgressUpdate,
    Strategy,
)
from strategy.services.progress import progress_add
from tests.factories.strategy import NOTE, ActionFactory, build_progress_strategy, days_ago, today
from tests.strategy.form_data import post_update

pytestmark = pytest.mark.django_db

State = Action.State


def english(client, user):
    """Log in and ask for English pages, so messages can be checked whatever the catalogue."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- The service -------------------------------------------------------------------------


def test_it_sets_the_actions_state_from_the_newest_update(live_plan, consultant):
    action = live_plan["incubator"]
    progress_add(
        action=action, by=consultant, date=days_ago(1), state=State.UNDER_WAY, percent_done=30
    )
    action.refresh_from_db()
    assert action.state == State.UNDER_WAY
    assert action.progress.get().percent_done == 30


def test_it_keeps_the_state_when_a_backdated_update_is_older_than_the_newest(live_plan, consultant):
    action = live_plan["incubator"]
    progress_add(
        action=action, by=consultant, date=days_ago(2), state=State.UNDER_WAY, percent_done=50
    )
    progress_add(
        action=action, by=consultant, date=days_ago(20), state=State.PLANNED, percent_done=10
    )
    action.refresh_from_db()
    assert action.state == State.UNDER_WAY
    assert action.progress.count() == 2


def test_it_lets_a_later_update_on_the_same_day_win(live_plan, consultant):
    action = live_plan["incubator"]
    progress_add(action=action, by=consultant, date=today(), state=State.UNDER_WAY, percent_done=50)
    progress_add(action=action, by=consultant, date=today(), state=State.DROPPED, percent_done=50)
    action.refresh_from_db()
    assert action.state == State.DROPPED


def test_it_refuses_an_update_for_an_action_of_a_draft(draft, consultant):
    with pytest.raises(ValidationError) as error:
        progress_add(
            action=draft["action"], by=consultant, date=today(), state=State.DONE, percent_done=100
        )
    assert error.value.code == "not_in_force"
    assert not ProgressUpdate.objects.exists()


@pytest.fixture
def ended(leader):
    """An adopted plan whose period ended yesterday (migration 0004 made such plans adopted
    again), and its action."""
    strategy = build_progress_strategy(by=leader, title="Forrige handleplan", adopted_days_ago=900)
    Strategy.objects.filter(pk=strategy.pk).update(starts_on=days_ago(800), ends_on=days_ago(1))
    area = strategy.focus_areas.first()
    return {
        "strategy": strategy,
        "action": ActionFactory(strategy=strategy, focus_area=area, title="Gammel handling"),
    }


@pytest.fixture
def upcoming(leader, live_plan):
    """A plan adopted for a period that starts next month, while `live_plan` is in force."""
    strategy = build_progress_strategy(by=leader, title="Næste handleplan", adopted_days_ago=3)
    Strategy.objects.filter(pk=strategy.pk).update(
        starts_on=today() + timedelta(days=30), ends_on=today() + timedelta(days=1500)
    )
    area = strategy.focus_areas.first()
    return {
        "strategy": strategy,
        "action": ActionFactory(strategy=strategy, focus_area=area, title="Kommende handling"),
    }


@pytest.mark.parametrize("plan", ["ended", "upcoming"])
def test_it_refuses_an_update_for_an_adopted_plan_not_in_force(plan, request, consultant):
    action = request.getfixturevalue(plan)["action"]
    with pytest.raises(ValidationError) as error:
        progress_add(action=action, by=consultant, date=today(), state=State.DONE, percent_done=100)
    assert error.value.code == "not_in_force"
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.state == State.PLANNED


def test_it_refuses_a_future_date_in_the_service(live_plan, consultant):
    with pytest.raises(ValidationError) as error:
        progress_add(
            action=live_plan["incubator"],
            by=consultant,
            date=today() + timedelta(days=1),
            state=State.DONE,
            percent_done=100,
        )
    assert list(error.value.error_dict) == ["date"]
    assert not ProgressUpdate.objects.exists()


def test_it_refuses_percent_over_100_in_the_service(live_plan, consultant):
    with pytest.raises(ValidationError) as error:
        progress_add(
            action=live_plan["incubator"],
            by=consultant,
            date=today(),
            state=State.DONE,
            percent_done=101,
        )
    assert "percent_done" in error.value.error_dict
    live_plan["incubator"].refresh_from_db()
    assert live_plan["incubator"].state == State.PLANNED
    assert not ProgressUpdate.objects.exists()


# --- The page ----------------------------------------------------------------------------


def test_it_saves_a_posted_update_and_lists_it(client, live_plan, consultant):
    client.force_login(consultant)
    response = post_update(client, live_plan["incubator"], percent_done="45", indicator_value="7.5")
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.percent_done, update.indicator_value, update.by) == (
        45,
        Decimal("7.5"),
        consultant,
    )
    assert update.note == NOTE
    page = client.get(
        reverse("strategy:progress-add", args=[live_plan["incubator"].pk])
    ).content.decode()
    assert NOTE in page  # the staff see their notes
    assert "45 %" in page


def test_it_lists_the_updates_newest_first_with_the_indicator(client, live_plan, consultant):
    action = live_plan["meetings"]
    progress_add(
        action=action,
        by=consultant,
        date=days_ago(40),
        state=State.UNDER_WAY,
        percent_done=10,
        note="første",
    )
    progress_add(
        action=action,
        by=consultant,
        date=days_ago(3),
        state=State.UNDER_WAY,
        percent_done=60,
        indicator_value=Decimal("18"),
        note="anden",
    )
    client.force_login(consultant)
    page = client.get(reverse("strategy:progress-add", args=[action.pk])).content.decode()
    assert page.index("anden") < page.index("første")
    assert "Deltagere pr. møde" in page
    assert ">5<" in page and ">18<" in page and ">25<" in page  # baseline → current → target


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"percent_done": "101"}, "percent_done", "at most 100"),
        ({"percent_done": "-1"}, "percent_done", "at least 0"),
        ({"percent_done": ""}, "percent_done", "from 0 to 100"),
        ({"date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "date", "future"),
        ({"state": "finished"}, "state", "valid choice"),
        ({"indicator_value": "mange"}, "indicator_value", "number"),
    ],
    ids=["percent 101", "negative percent", "no percent", "future date", "bad state", "bad value"],
)
def test_it_refuses_bad_input_clearly_and_saves_nothing(
    client, live_plan, consultant, data, field, message
):
    english(client, consultant)
    response = post_update(client, live_plan["incubator"], **data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert message in response.content.decode()  # shown, in the reader's language
    assert not ProgressUpdate.objects.exists()
    live_plan["incubator"].refresh_from_db()
    assert live_plan["incubator"].state == State.PLANNED


def test_it_refuses_a_posted_update_for_a_drafts_action(client, draft, consultant):
    english(client, consultant)
    response = post_update(client, draft["action"])
    assert response.status_code == 400
    assert "plan in force" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("plan", "why"), [("ended", "the period ended"), ("upcoming", "in force from")]
)
def test_it_refuses_a_posted_update_for_an_adopted_plan_not_in_force(
    client, consultant, request, plan, why
):
    action = request.getfixturevalue(plan)["action"]
    english(client, consultant)
    page = client.get(reverse("strategy:progress-add", args=[action.pk]))
    assert page.status_code == 200
    assert page.context["form"] is None  # no form to fill in for nothing
    response = post_update(client, action)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Progress is recorded only for the actions of the plan in force" in html
    assert why in html  # says what the plan is today
    assert not ProgressUpdate.objects.exists()


def test_the_plan_in_force_still_takes_updates_beside_an_upcoming_one(
    client, consultant, live_plan, upcoming
):
    english(client, consultant)
    response = post_update(client, live_plan["incubator"])
    assert response.status_code == 302
    assert ProgressUpdate.objects.filter(action=live_plan["incubator"]).count() == 1


def test_it_shows_a_drafts_action_without_a_form(client, draft, consultant):
    client.force_login(consultant)
    response = client.get(reverse("strategy:progress-add", args=[draft["action"].pk]))
    assert response.status_code == 200
    assert response.context["form"] is None


# --- Done tells the feedback givers --------------------------------------------------------


def test_it_tells_the_feedback_givers_once_the_action_is_done(
    client, live_plan, consultant, django_capture_on_commit_callbacks
):
    action = live_plan["meetings"]
    organisation = live_plan["mapping"].owner_organisation
    contact = Contact.objects.create(
        organisation=organisation,
        name="Grethe",
        email="grethe@example.dk",
        purpose="Tilkendegivelse",
    )
    feedback = Feedback.objects.create(
        text="Vi savner et netværk",
        theme=Feedback.Theme.NEEDS,
        organisation=organisation,
        contact=contact,
        wants_reply=True,
    )
    action.feedback.add(feedback)
    client.force_login(consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_update(client, action, state=State.DONE, percent_done="100")
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["grethe@example.dk"]]
    assert "Vi savner et netværk" in mail.outbox[0].body
    assert reverse("strategy:public-action", args=[action.pk]) in mail.outbox[0].body
    notice = FeedbackNotice.objects.get()
    assert (notice.action, notice.feedback, notice.event, notice.sent_by) == (
        action,
        feedback,
        "done",
        consultant,
    )


def test_it_tells_nobody_when_the_update_does_not_make_the_action_done(
    live_plan, consultant, django_capture_on_commit_callbacks
):
    action = live_plan["meetings"]
    organisation = live_plan["mapping"].owner_organisation
    contact = Contact.objects.create(
        organisation=organisation,
        name="Grethe",
        email="grethe@example.dk",
        purpose="Tilkendegivelse",
    )
    action.feedback.add(
        Feedback.objects.create(
            text="Mere netværk",
            theme="needs",
            organisation=organisation,
            contact=contact,
            wants_reply=True,
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        progress_add(
            action=action, by=consultant, date=today(), state=State.UNDER_WAY, percent_done=80
        )
        # A backdated "done" does not make the action done either.
        progress_add(
            action=action, by=consultant, date=days_ago(9), state=State.DONE, percent_done=100
        )
    assert mail.outbox == []
    assert not FeedbackNotice.objects.exists()
