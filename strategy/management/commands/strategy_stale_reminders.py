"""The weekly e-mail about stale actions of the plan in force, by hand (Celery beat runs the
same as the job `strategy.stale_reminders`, see strategy.services.stale_reminders).

The e-mails are sent at once, from this process. An e-mail that cannot be sent is reported
on stderr and the others still go out; the command then ends with an error.
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.models import Delivery
from strategy.services.stale_reminders import stale_reminders, stale_reminders_send

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "E-mail each owner their stale actions of the plan in force, and each project leader "
        "all stale actions. Stale: no progress update for more than STRATEGY_STALE_DAYS days. "
        "Celery beat runs this weekly as a job; run it by hand with this command, or from "
        "another scheduler, e.g. on Monday at 07:00 with this crontab line: "
        "'0 7 * * 1  cd /srv/portal && .venv/bin/python manage.py strategy_stale_reminders'. "
        "Links in the e-mails start with --base-url, or else the setting PORTAL_BASE_URL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print who would get which e-mail, and send nothing.",
        )
        parser.add_argument(
            "--base-url",
            default=None,
            metavar="URL",
            help="The portal's address for the links, e.g. https://socialokonomi.haderslev.dk",
        )

    def _line(self, reminder):
        return _("%(who)s <%(email)s>: %(count)d stale action(s): %(titles)s") % {
            "who": reminder.recipient,
            "email": reminder.recipient.email,
            "count": len(reminder.items),
            "titles": ", ".join(item["action"].title for item in reminder.items),
        }

    def handle(self, *args, dry_run=False, base_url=None, **options):
        if dry_run:
            run = stale_reminders(base_url=base_url)
        else:
            run = stale_reminders_send(base_url=base_url)
        if not run.reminders:
            self.stdout.write(_("No stale actions: nothing sent."))
            return
        if dry_run:
            for reminder in run.reminders:
                self.stdout.write(_("Would send to %(line)s") % {"line": self._line(reminder)})
            self.stdout.write(
                _("Dry run: %(count)d e-mail(s) not sent.") % {"count": len(run.reminders)}
            )
            return
        sent, failed = 0, []
        for reminder in run.reminders:
            line = self._line(reminder)
            delivery = reminder.delivery
            if delivery.status != Delivery.Status.SENT:
                # One unreachable address must not cost everyone else their reminder; the
                # failed one is kept, to be sent again from the list of e-mails not sent.
                failed.append(reminder.recipient.email)
                logger.warning(
                    "Stale reminder to %s not sent: %s",
                    reminder.recipient.email,
                    delivery.last_error,
                )
                self.stderr.write(
                    _("Not sent to %(line)s: %(error)s")
                    % {"line": line, "error": delivery.last_error}
                )
                continue
            sent += 1
            self.stdout.write(_("Sent to %(line)s") % {"line": line})
        self.stdout.write(_("%(count)d e-mail(s) sent.") % {"count": sent})
        if failed:
            raise CommandError(
                _("%(count)d e-mail(s) could not be sent: %(addresses)s")
                % {"count": len(failed), "addresses": ", ".join(failed)}
            )
