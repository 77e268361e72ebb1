"""The weekly stale reminder survives one failing address: the others are sent, the failure is
reported on stderr, and the command ends with an error so the scheduler notices."""

from io import StringIO
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

pytestmark = pytest.mark.django_db


FAILING_ADDRESS = "konsulent@example.dk"  # the consultant fixture's address


class FailingBackend(EmailBackend):
    """The locmem backend, except that the mail server refuses FAILING_ADDRESS."""

    def send_messages(self, messages):
        for message in messages:
            if FAILING_ADDRESS in message.to:
                raise SMTPRecipientsRefused({FAILING_ADDRESS: (550, b"No such user")})
        return super().send_messages(messages)


class BrokenConnectionBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def run():
    out, err = StringIO(), StringIO()
    try:
        call_command("strategy_stale_reminders", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@override_settings(
    STRATEGY_STALE_DAYS=5, EMAIL_BACKEND="tests.strategy.test_stale_failures.FailingBackend"
)
def test_one_refused_address_does_not_stop_the_others(live_plan, leader, consultant):
    assert consultant.email == FAILING_ADDRESS

    out, err, error = run()

    assert [message.to for message in mail.outbox] == [[leader.email]]
    assert FAILING_ADDRESS in err
    assert leader.email in out
    assert error is not None
    assert FAILING_ADDRESS in str(error)


@override_settings(
    STRATEGY_STALE_DAYS=5,
    EMAIL_BACKEND="tests.strategy.test_stale_failures.BrokenConnectionBackend",
)
def test_a_mail_server_that_is_down_fails_every_recipient_and_the_run(
    live_plan, leader, consultant
):
    out, err, error = run()

    assert mail.outbox == []
    assert leader.email in err and consultant.email in err
    assert error is not None


@override_settings(STRATEGY_STALE_DAYS=5)
def test_a_run_without_failures_ends_well(live_plan, leader, consultant):
    out, err, error = run()

    assert error is None
    assert err == ""
    assert len(mail.outbox) == 2
