"""Forget the participants of events that ended more than NETWORK_PARTICIPANT_RETENTION_DAYS
ago and delete sign-ups never confirmed, as the job `network.forget_participants` does
nightly."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from network.services.upkeep import participants_forget


class Command(BaseCommand):
    help = (
        "Erase the names and e-mail addresses of the participants of events past the "
        "retention period, and delete sign-ups never confirmed."
    )

    def handle(self, *args, **options):
        erased, deleted = participants_forget()
        self.stdout.write(
            _("Sign-ups erased: %(erased)s. Unconfirmed sign-ups deleted: %(deleted)s.")
            % {"erased": erased, "deleted": deleted}
        )
