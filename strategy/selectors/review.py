"""Reads of the steering group's review of strategy versions: which versions a person may
see, each with its review counts and state, the comments by section and the verdicts."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from portal import review
from portal.steering import is_reviewer, reviewers
from strategy.council.content import sections_of
from strategy.models import Strategy, StrategyComment, StrategyVerdict, StrategyVersion
from strategy.services.review import review_state

Verdict = StrategyVerdict.Verdict
State = review.ReviewState


def versions_visible(*, user):
    """The versions `user` may know of: every one for the staff, the submitted ones for the
    steering group, none for anyone else."""
    if user.is_programme_staff:
        return StrategyVersion.objects.all()
    if user.is_steering_group:
        return StrategyVersion.objects.filter(submitted_at__isnull=False)
    return StrategyVersion.objects.none()


def _member_ids():
    return list(reviewers().values_list("pk", flat=True))


def with_review(queryset, member_ids):
    """The versions with their review counts, for `set_review_state`."""
    return queryset.select_related("strategy", "saved_by", "submitted_by").annotate(
        comment_count=Count("comments", filter=Q(comments__answer_to__isnull=True), distinct=True),
        unanswered_count=Count(
            "comments",
            filter=Q(comments__answer_to__isnull=True, comments__answers__isnull=True),
            distinct=True,
        ),
        changes_count=Count(
            "verdicts", filter=Q(verdicts__verdict=Verdict.CHANGES_REQUESTED), distinct=True
        ),
        approval_count=Count(
            "verdicts",
            filter=Q(verdicts__verdict=Verdict.APPROVED, verdicts__member_id__in=member_ids),
            distinct=True,
        ),
        superseded=review.superseded_annotation(StrategyVersion),
    )


def set_review_state(version, members):
    """Set `review_state`, its label and `awaiting_count` from the annotated counts."""
    version.review_state = review_state(
        submitted=version.submitted_at is not None,
        changes_requested=version.changes_count,
        approvals=version.approval_count,
        members=members,
        superseded=version.superseded,
    )
    version.review_state_label = version.review_state.label
    open_review = version.review_state not in (State.NOT_SUBMITTED, State.SUPERSEDED)
    version.awaiting_count = max(members - version.approval_count, 0) if open_review else 0
    return version


def version_get_for_user(*, user, pk):
    """One version with its review state, or 404 for anyone who may not know of it."""
    member_ids = _member_ids()
    try:
        version = with_review(versions_visible(user=user), member_ids).get(pk=pk)
    except StrategyVersion.DoesNotExist:
        raise Http404 from None
    return set_review_state(version, len(member_ids))


def versions_of(*, strategy):
    """A strategy's versions, newest first, each with its review state."""
    member_ids = _member_ids()
    versions = with_review(strategy.versions.all(), member_ids).order_by("-number")
    return [set_review_state(version, len(member_ids)) for version in versions]


def comment_get_for_answer(*, user, pk):
    """A member's comment (not an answer) that staff may answer; 404 otherwise."""
    if not user.is_programme_staff:
        raise Http404
    try:
        return StrategyComment.objects.select_related("version").get(pk=pk, answer_to__isnull=True)
    except StrategyComment.DoesNotExist:
        raise Http404 from None


def comments_by_section(*, version):
    """{section key: [comments with `answer_list`]} for the version, oldest first. A key
    no longer among the snapshot's sections is kept, so no comment is ever hidden."""
    comments = (
        version.comments.filter(answer_to__isnull=True)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=StrategyComment.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
                to_attr="answer_list",
            )
        )
        .order_by("created_at", "pk")
    )
    groups = {key: [] for key, _label in sections_of(version.snapshot)}
    for comment in comments:
        groups.setdefault(comment.section, []).append(comment)
    return groups


def verdicts_of(*, version):
    """Every member's verdict: the active members (with or without one) and anyone else
    who gave one. Rows: {"member", "verdict"} where verdict may be None."""
    verdicts = {
        row.member_id: row for row in version.verdicts.select_related("member").order_by("pk")
    }
    rows = [{"member": member, "verdict": verdicts.pop(member.pk, None)} for member in reviewers()]
    rows += [{"member": row.member, "verdict": row} for row in verdicts.values()]
    return rows


def verdict_of(*, version, member):
    return StrategyVerdict.objects.filter(version=version, member=member).first()


def latest_submitted_versions():
    """For each draft strategy, its newest submitted version with its review state."""
    member_ids = _member_ids()
    newer = StrategyVersion.objects.filter(
        strategy=OuterRef("strategy"), submitted_at__isnull=False, number__gt=OuterRef("number")
    )
    versions = (
        with_review(
            StrategyVersion.objects.filter(
                strategy__state=Strategy.State.DRAFT, submitted_at__isnull=False
            ),
            member_ids,
        )
        .exclude(Exists(newer))
        .order_by("strategy__title", "strategy__pk")
    )
    return [set_review_state(version, len(member_ids)) for version in versions]


def versions_awaiting_verdict(*, member):
    """Submitted versions of draft strategies on which `member` has given no verdict; none
    for someone who is no longer one of the steering group's reviewers."""
    if not is_reviewer(member):
        return StrategyVersion.objects.none()
    return (
        StrategyVersion.objects.filter(
            submitted_at__isnull=False, strategy__state=Strategy.State.DRAFT
        )
        .exclude(verdicts__member=member)
        .exclude(review.superseded_annotation(StrategyVersion))
        .select_related("strategy")
        .order_by("-submitted_at", "-pk")
    )


def submitted_versions(*, user):
    """Every version submitted to the steering group, newest submission first, each with its
    review state, the verdicts given by current members (`verdict_count`) and, for a steering
    group member, their own verdict (`my_verdict`: a Verdict value or None)."""
    member_ids = _member_ids()
    mine = StrategyVerdict.objects.filter(version=OuterRef("pk"), member=user).values("verdict")
    versions = (
        with_review(versions_visible(user=user).filter(submitted_at__isnull=False), member_ids)
        .annotate(
            verdict_count=Count(
                "verdicts", filter=Q(verdicts__member_id__in=member_ids), distinct=True
            ),
            my_verdict=Subquery(mine[:1]),
        )
        .order_by("-submitted_at", "-pk")
    )
    rows = [set_review_state(version, len(member_ids)) for version in versions]
    for version in rows:
        version.my_verdict_label = Verdict(version.my_verdict).label if version.my_verdict else ""
    return rows, len(member_ids)
