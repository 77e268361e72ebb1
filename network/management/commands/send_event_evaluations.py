"""Ask the participants of events that ended to evaluate them, as the job
`network.send_evaluations` does every hour (each person once)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from network.services.upkeep import evaluations_send


class Command(BaseCommand):
    help = "E-mail the evaluation to the participants of events that ended (once each)."

    def handle(self, *args, **options):
        sent = evaluations_send()
        self.stdout.write(_("Evaluations asked for: %(sent)s.") % {"sent": sent})
