"""Reads of the steering group's review of strategy versions: the shared review
(portal.review) under the strategy's policy, and the lists only the strategy has."""

from django.db.models import Count, OuterRef, Q, Subquery

from portal.review import selectors as review
from portal.review import superseded_annotation
from strategy.models import Strategy, StrategyVerdict, StrategyVersion
from strategy.review_policy import POLICY

Verdict = StrategyVerdict.Verdict


def versions_visible(*, user):
    """The versions `user` may know of: every one for the staff, the submitted ones for the
    steering group, none for anyone else."""
    return review.versions_visible(policy=POLICY, user=user)


def version_get_for_user(*, user, pk):
    """One version with its review state, or 404 for anyone who may not know of it."""
    return review.version_get_for_user(policy=POLICY, user=user, pk=pk)


def versions_of(*, strategy):
    """A strategy's versions, newest first, each with its review state."""
    return review.with_states(strategy.versions.order_by("-number"), policy=POLICY)


def versions_awaiting_verdict(*, member):
    """Submitted versions of draft strategies on which `member` has given no verdict; none
    for someone who is no longer one of the steering group's reviewers."""
    versions = review.versions_awaiting_verdict(policy=POLICY, member=member)
    return versions.order_by("-submitted_at", "-pk")


def latest_submitted_versions():
    """For each draft strategy, its newest submitted version with its review state."""
    current = StrategyVersion.objects.filter(
        strategy__state=Strategy.State.DRAFT, submitted_at__isnull=False
    ).exclude(superseded_annotation(StrategyVersion))
    return review.with_states(current.order_by("strategy__title", "strategy__pk"), policy=POLICY)


def submitted_versions(*, user):
    """Every version submitted to the steering group, newest submission first, each with its
    review state, the verdicts given by current members (`verdict_count`) and, for a steering
    group member, their own verdict (`my_verdict`: a Verdict value or None)."""
    member_ids = review.member_ids()
    mine = StrategyVerdict.objects.filter(version=OuterRef("pk"), member=user).values("verdict")
    versions = (
        review.with_review(
            versions_visible(user=user).filter(submitted_at__isnull=False),
            policy=POLICY,
            member_ids=member_ids,
        )
        .annotate(
            verdict_count=Count(
                "verdicts", filter=Q(verdicts__member_id__in=member_ids), distinct=True
            ),
            my_verdict=Subquery(mine[:1]),
        )
        .order_by("-submitted_at", "-pk")
    )
    rows = [review.set_state(version, len(member_ids)) for version in versions]
    for version in rows:
        version.my_verdict_label = Verdict(version.my_verdict).label if version.my_verdict else ""
    return rows, len(member_ids)
