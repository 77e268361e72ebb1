"""Re-check every stored CVR number against the CVR register, by hand (Celery beat runs the
same nightly as the job `mapping.check_cvr`, see mapping.upkeep_jobs).

Flags organisations whose company has ceased, reports what it could not check and carries on.
Exits non-zero when no adapter is configured, or when the register could not be reached at all.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mapping.cvr import get_backend
from mapping.services.cvr import (
    MAX_FAILURES_IN_A_ROW,
    organisations_check_cvr,
    organisations_to_check,
)


class Command(BaseCommand):
    help = "Re-check the organisations' CVR numbers in the CVR register and flag ceased companies."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=None,
            metavar="N",
            help="Only organisations not checked in the last N days (or never).",
        )

    def _report(self, organisation, info, error):
        label = f"{organisation.name} (CVR {organisation.cvr})"
        if error is not None:
            self.stderr.write(_("Not checked: %(org)s: %(error)s") % {"org": label, "error": error})
        elif info is None:
            self.stdout.write(_("Not found in the CVR register: %(org)s") % {"org": label})
        elif info.ceased:
            ceased = _("Ceased: %(org)s, status “%(status)s”")
            self.stdout.write(self.style.WARNING(ceased % {"org": label, "status": info.status}))

    def handle(self, *args, older_than_days=None, **options):
        backend = get_backend()
        if backend is None:
            raise CommandError(_("No CVR look-up is configured (CVR_LOOKUP_BACKEND is empty)."))
        if older_than_days is not None and older_than_days < 0:
            raise CommandError(_("--older-than-days must be 0 or more."))
        checked_before = None
        if older_than_days is not None:
            checked_before = timezone.now() - timedelta(days=older_than_days)
        run = organisations_check_cvr(
            organisations=organisations_to_check(checked_before=checked_before),
            backend=backend,
            report=self._report,
        )
        if run.stopped:
            self.stderr.write(
                _("Stopped after %(count)d failed look-ups in a row.")
                % {"count": MAX_FAILURES_IN_A_ROW}
            )
        self.stdout.write(
            ngettext(
                "Checked %(checked)d organisation: %(active)d active, %(ceased)d ceased, "
                "%(not_found)d not found; %(failed)d could not be checked.",
                "Checked %(checked)d organisations: %(active)d active, %(ceased)d ceased, "
                "%(not_found)d not found; %(failed)d could not be checked.",
                run.checked,
            )
            % run.counts
        )
        if run.checked == 0 and run.register_errors:
            raise CommandError(
                _("The CVR register could not be reached: %(error)s")
                % {"error": run.register_errors[-1]}
            )
