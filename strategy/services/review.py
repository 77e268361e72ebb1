"""The steering group's review of a strategy version: submission (with the e-mails),
comments per section, staff's answers and the members' verdicts. As for the interim report
(mapping.services.reports): a verdict is one per member per version and may be changed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import review, steering
from portal.review import services as review_services
from strategy.models import Strategy, StrategyVersion
from strategy.review_policy import POLICY


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


@transaction.atomic
def version_submit(*, version, by, request=None):
    """Submit a draft's version to the steering group and e-mail every active member a link
    to it, in their language, once the submission has committed; a member without a login
    gets an account and the invitation to choose a password in the same e-mail
    (`portal.steering.reach`). An older version under review is superseded.

    Returns every member as a `portal.steering.Recipient` (those who cannot be reached too,
    with the reason) and the deliveries of their e-mails
    (`emails.Outcome`): recorded with the submission, sent once it has committed, a failed
    one kept to be sent again. Refused for a version already submitted, for a strategy
    that is no longer a draft, and for anyone but the project leader.
    """
    if not by.is_project_leader:
        raise ValidationError(_("Only the project leader submits a version."), code="role")
    # Lock the row, so that two submissions at once send one set of e-mails.
    locked = (
        StrategyVersion.objects.select_for_update().select_related("strategy").get(pk=version.pk)
    )
    if locked.submitted_at is not None:
        raise ValidationError(
            _("Version %(number)s was already submitted to the steering group on %(date)s."),
            code="already_submitted",
            params={
                "number": locked.number,
                "date": timezone.localtime(locked.submitted_at).strftime("%d.%m.%Y"),
            },
        )
    if locked.strategy.state != Strategy.State.DRAFT:
        raise ValidationError(
            _("Only a version of a draft can be submitted; this plan is %(state)s."),
            code="not_draft",
            params={"state": locked.strategy.get_state_display().lower()},
        )
    review.check_may_submit(locked)
    version.submitted_at = timezone.now()
    version.submitted_by = by
    version.full_clean()
    version.save(update_fields=["submitted_at", "submitted_by"])
    recipients = steering.reach(by=by, request=request)
    url = _absolute(request, version.get_absolute_url())
    login_url = _absolute(request, reverse("login"))
    outcome = steering.mail_submitted(
        template="strategy_submitted",
        version=version,
        recipients=recipients,
        context={
            "version": version,
            "strategy": locked.strategy,
            "submitted_by": by,
            "url": url,
            "login_url": login_url,
        },
        by=by,
    )
    return recipients, outcome


# The steering group's comments, staff's answers and the members' verdicts: the shared
# review (portal.review) under the strategy's policy; a comment's part is its section.


def comment_add(*, version, by, section, text):
    """A steering group member's comment on a section of a submitted version ("" for the
    plan as a whole, "vision", or "focus-<id>")."""
    return review_services.comment_add(
        policy=POLICY, version=version, by=by, part=section, text=text
    )


def comment_answer(*, comment, by, text):
    """A staff member's answer to a member's comment, on the same section."""
    return review_services.comment_answer(policy=POLICY, comment=comment, by=by, text=text)


def verdict_give(*, version, member, verdict, comment=""):
    """Give or change a member's verdict on a submitted version."""
    return review_services.verdict_give(
        policy=POLICY, version=version, member=member, verdict=verdict, comment=comment
    )
