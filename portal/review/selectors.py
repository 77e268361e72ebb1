"""Reads of a review, for any app's policy: the versions a person may see with their review
counts and state, the comment threads by part, the verdicts, and what awaits a member."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from portal.review.states import ReviewState, newer_version, state_from_counts
from portal.review.states import superseded_annotation as superseded
from portal.steering import is_reviewer, reviewers


def member_ids():
    """The pks of the steering group's reviewers: their approvals count."""
    return list(reviewers().values_list("pk", flat=True))


def versions_visible(*, policy, user):
    """The versions `user` may know of: every one for the staff, the submitted ones for the
    steering group, none for anyone else."""
    versions = policy.version_model.objects
    if user.is_programme_staff:
        return versions.all()
    if user.is_steering_group:
        return versions.filter(submitted_at__isnull=False)
    return versions.none()


def with_review(queryset, *, policy, member_ids):
    """The versions with their review counts (comments, unanswered ones, requests for
    changes, approvals by current members) and whether a newer one superseded them; for
    `set_state`."""
    verdict = policy.verdict_model.Verdict
    return queryset.select_related(*policy.version_related).annotate(
        comment_count=Count("comments", filter=Q(comments__answer_to__isnull=True), distinct=True),
        unanswered_count=Count(
            "comments",
            filter=Q(comments__answer_to__isnull=True, comments__answers__isnull=True),
            distinct=True,
        ),
        changes_count=Count(
            "verdicts", filter=Q(verdicts__verdict=verdict.CHANGES_REQUESTED), distinct=True
        ),
        approval_count=Count(
            "verdicts",
            filter=Q(verdicts__verdict=verdict.APPROVED, verdicts__member_id__in=member_ids),
            distinct=True,
        ),
        superseded=superseded(policy.version_model),
    )


def set_state(version, members):
    """Set `review_state`, its label and `awaiting_count` from the annotated counts."""
    version.review_state = ReviewState(
        state_from_counts(
            submitted=version.submitted_at is not None,
            changes_requested=version.changes_count,
            approvals=version.approval_count,
            members=members,
            superseded=version.superseded,
        )
    )
    version.review_state_label = version.review_state.label
    open_review = version.review_state not in (ReviewState.NOT_SUBMITTED, ReviewState.SUPERSEDED)
    version.awaiting_count = max(members - version.approval_count, 0) if open_review else 0
    return version


def with_states(queryset, *, policy):
    """The versions of `queryset`, each with its review counts and state, in one query."""
    ids = member_ids()
    return [set_state(v, len(ids)) for v in with_review(queryset, policy=policy, member_ids=ids)]


def version_get_for_user(*, policy, user, pk):
    """One version with its review state, or 404 for anyone who may not know of it."""
    ids = member_ids()
    queryset = with_review(
        versions_visible(policy=policy, user=user), policy=policy, member_ids=ids
    )
    try:
        version = queryset.get(pk=pk)
    except policy.version_model.DoesNotExist:
        raise Http404 from None
    return set_state(version, len(ids))


def state_of(*, policy, version):
    """The review state of one version, read afresh."""
    if version.submitted_at is None:
        return ReviewState.NOT_SUBMITTED
    ids = member_ids()
    verdicts = version.verdicts.all()
    verdict = policy.verdict_model.Verdict
    return state_from_counts(
        submitted=True,
        superseded=newer_version(version) is not None,
        changes_requested=verdicts.filter(verdict=verdict.CHANGES_REQUESTED).count(),
        approvals=verdicts.filter(verdict=verdict.APPROVED, member_id__in=ids).count(),
        members=len(ids),
    )


def comment_get_for_answer(*, policy, user, pk):
    """A member's comment (not an answer) that `user` may answer; 404 otherwise."""
    if not policy.may_answer(user):
        raise Http404
    comments = policy.comment_model.objects.select_related("version")
    try:
        return comments.get(pk=pk, answer_to__isnull=True)
    except policy.comment_model.DoesNotExist:
        raise Http404 from None


def threads(*, policy, version):
    """The members' comments with the answers (`answer_list`), oldest first, grouped by
    part in the version's order, the whole first: [{"part", "key", "anchor", "label",
    "comments"}]. A part no longer among the version's is kept, so no comment is hidden."""
    answers = policy.comment_model.objects.select_related("author").order_by("created_at", "pk")
    comments = (
        version.comments.filter(answer_to__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("answers", queryset=answers, to_attr="answer_list"))
        .order_by("created_at", "pk")
    )
    labels = dict(policy.parts(version))
    groups = {part: [] for part in labels}
    for comment in comments:
        groups.setdefault(getattr(comment, policy.part_field), []).append(comment)
    return [
        {
            "part": part,
            "key": part or "general",
            "anchor": f"comments-{part or 'general'}",
            "label": labels.get(part, part),
            "comments": rows,
        }
        for part, rows in groups.items()
    ]


def verdicts_of(*, version):
    """Every member's verdict: the active members (with or without one) and anyone else
    who gave one. Rows: {"member", "verdict"} where verdict may be None."""
    verdicts = {
        row.member_id: row for row in version.verdicts.select_related("member").order_by("pk")
    }
    rows = [{"member": member, "verdict": verdicts.pop(member.pk, None)} for member in reviewers()]
    rows += [{"member": row.member, "verdict": row} for row in verdicts.values()]
    return rows


def versions_awaiting_verdict(*, policy, member):
    """The submitted versions, current and open, on which `member` has given no verdict;
    none for someone who is no longer one of the steering group's reviewers."""
    versions = policy.version_model.objects
    if not is_reviewer(member):
        return versions.none()
    return (
        policy.open_versions(versions.filter(submitted_at__isnull=False))
        .exclude(verdicts__member=member)
        .exclude(superseded(policy.version_model))
        .select_related(*policy.version_related)
    )
