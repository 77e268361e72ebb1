"""Re-check every stored CVR number against the CVR register, for a scheduler (e.g. nightly).

Flags organisations whose company has ceased, reports what it could not check and carries on.
Exits non-zero when no adapter is configured, or when the register could not be reached at all.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mapping.cvr import CVRLookupError, get_backend
from mapping.models import Organisation
from mapping.services.cvr import organisation_check_cvr

# A register that fails this many times in a row is down: stop rather than wait out a
# timeout for every remaining organisation.
MAX_FAILURES_IN_A_ROW = 5


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

    def handle(self, *args, older_than_days=None, **options):
        backend = get_backend()
        if backend is None:
            raise CommandError(_("No CVR look-up is configured (CVR_LOOKUP_BACKEND is empty)."))
        if older_than_days is not None and older_than_days < 0:
            raise CommandError(_("--older-than-days must be 0 or more."))
        organisations = Organisation.objects.exclude(cvr="").order_by("pk")
        if older_than_days is not None:
            cutoff = timezone.now() - timedelta(days=older_than_days)
            organisations = organisations.filter(
                Q(cvr_checked_at__isnull=True) | Q(cvr_checked_at__lt=cutoff)
            )

        counts = dict.fromkeys(("checked", "active", "ceased", "not_found", "failed"), 0)
        register_failures_in_a_row = 0
        last_register_error = None
        for organisation in organisations.iterator(chunk_size=200):
            label = f"{organisation.name} (CVR {organisation.cvr})"
            try:
                info = organisation_check_cvr(organisation=organisation, backend=backend)
            except CVRLookupError as error:
                counts["failed"] += 1
                register_failures_in_a_row += 1
                last_register_error = error
                self.stderr.write(
                    _("Not checked: %(org)s: %(error)s") % {"org": label, "error": error}
                )
                if register_failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
                    self.stderr.write(
                        _("Stopped after %(count)d failed look-ups in a row.")
                        % {"count": register_failures_in_a_row}
                    )
                    break
                continue
            except (ValueError, ValidationError) as error:
                counts["failed"] += 1
                self.stderr.write(
                    _("Not checked: %(org)s: %(error)s") % {"org": label, "error": error}
                )
                continue
            register_failures_in_a_row = 0
            counts["checked"] += 1
            if info is None:
                counts["not_found"] += 1
                self.stdout.write(_("Not found in the CVR register: %(org)s") % {"org": label})
            elif info.ceased:
                counts["ceased"] += 1
                self.stdout.write(
                    self.style.WARNING(
                        _("Ceased: %(org)s, status “%(status)s”")
                        % {"org": label, "status": info.status}
                    )
                )
            else:
                counts["active"] += 1

        self.stdout.write(
            ngettext(
                "Checked %(checked)d organisation: %(active)d active, %(ceased)d ceased, "
                "%(not_found)d not found; %(failed)d could not be checked.",
                "Checked %(checked)d organisations: %(active)d active, %(ceased)d ceased, "
                "%(not_found)d not found; %(failed)d could not be checked.",
                counts["checked"],
            )
            % counts
        )
        if counts["checked"] == 0 and last_register_error is not None:
            raise CommandError(
                _("The CVR register could not be reached: %(error)s")
                % {"error": last_register_error}
            )
