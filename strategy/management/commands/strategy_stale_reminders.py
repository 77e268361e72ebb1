"""The weekly e-mail about stale actions of the plan in force, for a scheduler.

Each owner person gets one e-mail with their own stale actions; each project leader gets one
with all of them. A project leader who owns stale actions finds them in the leader's e-mail
and is not sent a second one. Nothing is sent when no action is stale. An e-mail that
cannot be sent is reported on stderr and the others still go out; the command then ends
with an error, so the scheduler notices.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import emails
from strategy.selectors import progress as selectors
from strategy.services.feedback_loop import absolute_url

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "E-mail each owner their stale actions of the plan in force, and each project leader "
        "all stale actions. Stale: no progress update for more than STRATEGY_STALE_DAYS days. "
        "Run weekly by a scheduler, e.g. on Monday at 07:00 with this crontab line: "
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

    def _url(self, path, base_url):
        if base_url:
            return base_url.rstrip("/") + path
        return absolute_url(path)

    def handle(self, *args, dry_run=False, base_url=None, **options):
        strategy = selectors.plan_in_force()
        actions = selectors.stale_actions(strategy=strategy) if strategy else []
        if not actions:
            self.stdout.write(_("No stale actions: nothing sent."))
            return
        items = [
            {
                "action": action,
                "url": self._url(reverse("strategy:progress-add", args=[action.pk]), base_url),
            }
            for action in actions
        ]
        user_model = get_user_model()
        leaders = list(
            user_model.objects.filter(role=user_model.Role.PROJECT_LEADER, is_active=True)
            .exclude(email="")
            .order_by("pk")
        )
        leader_ids = {leader.pk for leader in leaders}
        context = {
            "strategy": strategy,
            "days": settings.STRATEGY_STALE_DAYS,
            "list_url": self._url(reverse("strategy:stale-list"), base_url),
        }
        messages = []
        owners = {}
        for item in items:
            person = item["action"].owner_person
            if person is not None and person.is_active and person.email:
                owners.setdefault(person.pk, (person, []))[1].append(item)
        for person, own in owners.values():
            if person.pk not in leader_ids:
                messages.append(("strategy_stale_owner", person, own))
        for leader in leaders:
            messages.append(("strategy_stale_leader", leader, items))

        sent, failed = 0, []
        for template, recipient, own_items in messages:
            titles = ", ".join(item["action"].title for item in own_items)
            line = _("%(who)s <%(email)s>: %(count)d stale action(s): %(titles)s") % {
                "who": recipient,
                "email": recipient.email,
                "count": len(own_items),
                "titles": titles,
            }
            if dry_run:
                self.stdout.write(_("Would send to %(line)s") % {"line": line})
                continue
            outcome = emails.send(
                template,
                to=[recipient.email],
                context={
                    **context,
                    "recipient": recipient,
                    "items": own_items,
                    "actions": [item["action"] for item in own_items],
                },
                language=recipient.language or settings.LANGUAGE_CODE,
                topic=f"strategy-stale:{strategy.pk}",
                recipient_user=recipient,
                at_once=True,
            )
            if outcome.failed:
                # One unreachable address must not cost everyone else their reminder; the
                # failed one is kept, to be sent again from the list of e-mails not sent.
                error = outcome.failed[0].last_error
                failed.append(recipient.email)
                logger.warning("Stale reminder to %s not sent: %s", recipient.email, error)
                self.stderr.write(
                    _("Not sent to %(line)s: %(error)s") % {"line": line, "error": error}
                )
                continue
            sent += 1
            self.stdout.write(_("Sent to %(line)s") % {"line": line})
        if dry_run:
            self.stdout.write(
                _("Dry run: %(count)d e-mail(s) not sent.") % {"count": len(messages)}
            )
            return
        self.stdout.write(_("%(count)d e-mail(s) sent.") % {"count": sent})
        if failed:
            raise CommandError(
                _("%(count)d e-mail(s) could not be sent: %(addresses)s")
                % {"count": len(failed), "addresses": ", ".join(failed)}
            )
