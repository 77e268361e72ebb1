"""Remind the participants of events that start soon, as the job `network.send_reminders`
does every hour (NETWORK_REMINDER_HOURS ahead; each person once)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from network.services.upkeep import reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder to the participants of events that start soon (once each)."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(_("Reminders sent: %(sent)s.") % {"sent": sent})
