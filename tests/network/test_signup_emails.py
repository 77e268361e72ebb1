"""Every e-mail of a sign-up, in Danish and in English: the person's own link in each, the
offer's deadline, the event's time in Danish time."""

import datetime

import pytest
from django.utils import timezone

from network.models import SignUp
from network.services.notices import personal_url
from portal import emails
from tests.network.signup_helpers import make_event

pytestmark = pytest.mark.django_db

TEMPLATES = [
    "network_signup_check_email",
    "network_signup_again",
    "network_signup_confirmed",
    "network_signup_waiting",
    "network_offer",
    "network_offer_expired",
    "network_signup_cancelled",
    "network_reminder",
    "network_evaluation",
]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_each_e_mail_carries_the_personal_link(template, language):
    event = make_event()
    signup = SignUp.objects.create(
        event=event,
        name="Ida Holm",
        email="ida@example.dk",
        state=SignUp.State.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=48),
    )
    link = personal_url(signup)
    message = emails.build(
        template,
        to=[signup.email],
        context={"signup": signup, "event": event, "link": link, "event_url": "/x/"},
        language=language,
    )
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert link in text
        assert "Ida Holm" in text
        assert "{{" not in text and "{%" not in text
    assert event.title in message.subject
    if template == "network_offer":
        deadline = timezone.localtime(signup.offer_expires_at).strftime("%H:%M")
        assert deadline in message.body
