"""Mail backends for tests of a mail outage (used with override_settings(EMAIL_BACKEND=...))."""

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

DOWN = "tests.mail_backends.DownBackend"
REFUSING = "tests.mail_backends.RefusingBackend"

# The addresses RefusingBackend refuses; a test sets them.
refused = set()


class DownBackend(BaseEmailBackend):
    """A mail server that cannot be reached: connecting fails as a real SMTP one does."""

    def open(self):
        if not self.fail_silently:
            raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        self.open()
        return 0


class RefusingBackend(LocmemBackend):
    """The locmem backend, except that the server refuses the addresses in `refused`."""

    def send_messages(self, messages):
        import smtplib

        for message in messages:
            for address in message.to:
                if address in refused:
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})
        return super().send_messages(messages)
