"""The steering group's review of a strategy version: submission (with the e-mails),
comments per section, staff's answers and the members' verdicts. As for the interim report
(mapping.services.reports): a verdict is one per member per version and may be changed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import review, steering
from portal.review import answer_save, verdict_save
from portal.steering import is_reviewer
from strategy.council.content import sections_of
from strategy.models import Strategy, StrategyComment, StrategyVerdict, StrategyVersion

State = StrategyVersion.ReviewState
Verdict = StrategyVerdict.Verdict


def review_state(*, submitted, changes_requested, approvals, members, superseded=False):
    """The review state of a version from its counts, computed as the interim report's."""
    return State(
        review.state_from_counts(
            submitted=submitted,
            changes_requested=changes_requested,
            approvals=approvals,
            members=members,
            superseded=superseded,
        )
    )


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


def review_closed_reason(strategy):
    """Why the steering group's review of the strategy's versions is closed, or "" while it
    is open (the strategy is a draft). Once the city council has decided, the review is
    history: comments and verdicts would change nothing."""
    if strategy.state == Strategy.State.DRAFT:
        return ""
    return _(
        "The review is closed: the plan is no longer a draft (%(state)s), so comments and "
        "verdicts are no longer taken."
    ) % {"state": strategy.get_state_display().lower()}


def _check_member_may_review(version, member):
    # A former member (their member row inactive) neither approves nor holds up the review.
    if not member.is_active or not is_reviewer(member):
        raise ValidationError(_("Only steering group members review the strategy."), code="role")
    if version.submitted_at is None:
        raise ValidationError(
            _("This version has not been submitted to the steering group."), code="not_submitted"
        )
    review.check_open(version)
    # Locked, so a comment cannot slip in while the council's decision is being recorded.
    reason = review_closed_reason(Strategy.objects.select_for_update().get(pk=version.strategy_id))
    if reason:
        raise ValidationError(reason, code="closed")


def _check_section(version, section):
    if section not in dict(sections_of(version.snapshot)):
        raise ValidationError({"section": _("Choose a section of this version.")}, code="section")


@transaction.atomic
def comment_add(*, version, by, section, text):
    """A steering group member's comment on a section of a submitted version ("" for the
    plan as a whole, "vision", or "focus-<id>")."""
    _check_member_may_review(version, by)
    _check_section(version, section)
    comment = StrategyComment(version=version, section=section, text=text.strip(), author=by)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_answer(*, comment, by, text):
    """A staff member's answer to a member's comment, on the same section."""
    if not by.is_programme_staff:
        raise ValidationError(_("Only the programme's staff answer comments."), code="role")
    return answer_save(comment=comment, by=by, text=text, part="section")


@transaction.atomic
def verdict_give(*, version, member, verdict, comment=""):
    """Give or change a member's verdict on a submitted version."""
    _check_member_may_review(version, member)
    return verdict_save(
        model=StrategyVerdict, version=version, member=member, verdict=verdict, comment=comment
    )
