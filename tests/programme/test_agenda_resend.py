"""A double click sends the agenda once: a second send within a few minutes is refused,
unless the project leader asks to send it again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from portal.programme.models import SteeringMeeting
from portal.programme.services import steering as services
from tests.factories.portal import SteeringGroupMemberFactory
from tests.factories.programme import AgendaItemFactory, SteeringMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(leader):
    meeting = SteeringMeetingFactory(created_by=leader)
    AgendaItemFactory(meeting=meeting, title="Budget og timeforbrug", position=1)
    SteeringGroupMemberFactory(name="Jens Jessen", email="jens@example.dk")
    SteeringGroupMemberFactory(name="Sofie Skovgaard", email="sofie@example.dk")
    return meeting


def send(client, meeting, **data):
    # The e-mails go out from a job when the request commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("programme:meeting-send-agenda", args=[meeting.pk]), data, follow=True
        )


def test_a_double_click_sends_the_agenda_once(client, leader, meeting, mailoutbox, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(leader)
    send(client, meeting)
    response = send(client, meeting)
    assert sorted(m.to[0] for m in mailoutbox) == ["jens@example.dk", "sofie@example.dk"]
    # A refusal, shown as every button's refusal is (portal.refusals.as_message).
    refusal = next(m for m in response.context["messages"] if m.level_tag == "error")
    assert "It was not sent again" in str(refusal)


def test_the_page_then_offers_to_send_it_again(client, leader, meeting, mailoutbox):
    client.force_login(leader)
    response = send(client, meeting)
    assert response.context["recently_sent"] is True
    assert 'name="again" value="1"' in response.content.decode()


def test_send_again_sends_it_once_more(client, leader, meeting, mailoutbox):
    client.force_login(leader)
    send(client, meeting)
    send(client, meeting, again="1")
    assert len(mailoutbox) == 4


def test_a_later_send_needs_no_asking(client, leader, meeting, mailoutbox):
    client.force_login(leader)
    send(client, meeting)
    earlier = timezone.now() - services.RESEND_AFTER - dt.timedelta(minutes=1)
    SteeringMeeting.objects.filter(pk=meeting.pk).update(agenda_sent_at=earlier)
    send(client, meeting)
    assert len(mailoutbox) == 4
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at > earlier


def test_the_service_refuses_a_second_send_and_keeps_the_first_time(meeting, mailoutbox):
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.meeting_send_agenda(meeting=meeting)
    meeting.refresh_from_db()
    first = meeting.agenda_sent_at
    with pytest.raises(ValidationError):
        services.meeting_send_agenda(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at == first
    assert len(mailoutbox) == 2


def test_the_service_locks_the_meeting_while_it_claims_the_sending(
    meeting, mailoutbox, monkeypatch
):
    """The meeting row is read with select_for_update, so a second request waits."""
    locked = []
    original = SteeringMeeting.objects.select_for_update

    def spy(*args, **kwargs):
        locked.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(SteeringMeeting.objects, "select_for_update", spy)
    services.meeting_send_agenda(meeting=meeting)
    assert locked
