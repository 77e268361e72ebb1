"""Reads of the interim report: the versions a person may see, their review, the narrative's
history, and the key figures of two versions side by side."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from mapping.models import ReportNarrative, ReportVersion, ReviewComment, ReviewVerdict
from mapping.services.reports import (
    CHAPTER_LABELS,
    CHAPTERS,
    GENERAL,
    report_package,
    state_from_counts,
    steering_group_members,
)
from portal import review
from portal.history import history_entries
from portal.steering import is_reviewer

State = review.ReviewState

Verdict = ReviewVerdict.Verdict


def versions_visible(*, user):
    """The versions `user` may know of: every one for the staff, the submitted ones for the
    steering group, none for anyone else."""
    if user.is_programme_staff:
        return ReportVersion.objects.all()
    if user.is_steering_group:
        return ReportVersion.objects.filter(submitted_at__isnull=False)
    return ReportVersion.objects.none()


def _with_review(queryset, member_ids):
    return queryset.select_related("frozen_by", "submitted_by").annotate(
        comment_count=Count("comments", filter=Q(comments__answer_to__isnull=True), distinct=True),
        answer_count=Count("comments", filter=Q(comments__answer_to__isnull=False), distinct=True),
        changes_count=Count(
            "verdicts", filter=Q(verdicts__verdict=Verdict.CHANGES_REQUESTED), distinct=True
        ),
        approval_count=Count(
            "verdicts",
            filter=Q(verdicts__verdict=Verdict.APPROVED, verdicts__member_id__in=member_ids),
            distinct=True,
        ),
        verdict_count=Count("verdicts", distinct=True),
        superseded=review.superseded_annotation(ReportVersion),
    )


def _set_state(version, members):
    version.review_state = state_from_counts(
        submitted=version.submitted_at is not None,
        changes_requested=version.changes_count,
        approvals=version.approval_count,
        members=members,
        superseded=version.superseded,
    )
    version.review_state_label = ReportVersion.ReviewState(version.review_state).label
    open_review = version.review_state not in (State.NOT_SUBMITTED, State.SUPERSEDED)
    version.awaiting_count = max(members - version.approval_count, 0) if open_review else 0
    return version


def version_list(*, user):
    """The versions `user` may see, newest first, each with its review counts and state
    (`review_state`), in a fixed number of queries."""
    member_ids = list(steering_group_members().values_list("pk", flat=True))
    versions = list(_with_review(versions_visible(user=user), member_ids).order_by("-number"))
    return [_set_state(version, len(member_ids)) for version in versions]


def version_get_for_user(*, user, pk, with_review=True):
    """One version (with its review counts and state unless `with_review` is off), or 404
    for anyone who may not know of it: the staff see every version, steering group members
    the submitted ones, nobody else any."""
    queryset = versions_visible(user=user)
    if not with_review:
        try:
            return queryset.get(pk=pk)
        except ReportVersion.DoesNotExist:
            raise Http404 from None
    member_ids = list(steering_group_members().values_list("pk", flat=True))
    try:
        version = _with_review(queryset, member_ids).get(pk=pk)
    except ReportVersion.DoesNotExist:
        raise Http404 from None
    return _set_state(version, len(member_ids))


def comment_get_for_answer(*, user, pk):
    """A member's comment (not an answer) the project leader may answer; 404 otherwise."""
    if not user.is_project_leader:
        raise Http404
    try:
        return ReviewComment.objects.select_related("version").get(pk=pk, answer_to__isnull=True)
    except ReviewComment.DoesNotExist:
        raise Http404 from None


def comments_by_chapter(*, version):
    """The members' comments with the leader's answers, grouped by chapter in report order
    (the report as a whole first). Each group: {"key", "label", "comments"}."""
    comments = (
        version.comments.filter(answer_to__isnull=True)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=ReviewComment.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
                to_attr="answer_list",
            )
        )
        .order_by("created_at", "pk")
    )
    groups = {GENERAL: []} | {key: [] for key, _label in CHAPTERS}
    for comment in comments:
        groups.setdefault(comment.chapter, []).append(comment)
    return [
        {
            "key": key or "general",
            "label": CHAPTER_LABELS.get(key, key),
            "comments": rows,
        }
        for key, rows in groups.items()
    ]


def verdicts_of(*, version):
    """Every member's verdict: the active members (with or without a verdict) and anyone
    else who gave one. Rows: {"member", "verdict"} where verdict may be None."""
    verdicts = {
        row.member_id: row for row in version.verdicts.select_related("member").order_by("pk")
    }
    rows = [
        {"member": member, "verdict": verdicts.pop(member.pk, None)}
        for member in steering_group_members()
    ]
    rows += [{"member": row.member, "verdict": row} for row in verdicts.values()]
    return rows


def verdict_of(*, version, member):
    return ReviewVerdict.objects.filter(version=version, member=member).first()


def versions_awaiting_verdict(*, member):
    """The submitted versions on which `member` has not given a verdict, newest first; none
    for someone who is no longer one of the steering group's reviewers."""
    if not is_reviewer(member):
        return ReportVersion.objects.none()
    # Only the current version: one superseded by a newer submission asks nothing more.
    return (
        ReportVersion.objects.filter(submitted_at__isnull=False)
        .exclude(verdicts__member=member)
        .exclude(review.superseded_annotation(ReportVersion))
        .order_by("-number")
    )


def latest_version(*, user):
    """The newest version `user` may see, with its review state, or None."""
    member_ids = list(steering_group_members().values_list("pk", flat=True))
    version = _with_review(versions_visible(user=user), member_ids).order_by("-number").first()
    return _set_state(version, len(member_ids)) if version else None


def unanswered_comment_count(*, version):
    return version.comments.filter(answer_to__isnull=True, answers__isnull=True).count()


# --- The narrative ---------------------------------------------------------------------


def narrative_history(*, narrative, limit=10):
    """Who changed the narrative and when, newest first, with the sections each change
    touched and their text after it. Saves that changed no text are left out."""
    # Saves without a change are rare; reading a few more records than shown covers them.
    records = narrative.history.select_related("history_user").order_by("-history_date", "-pk")[
        : limit * 2 + 1
    ]
    return history_entries(
        records,
        fields=ReportNarrative.SECTIONS,
        initial=True,
        changed_only=True,
        limit=limit,
    )


# --- Key figures -----------------------------------------------------------------------

# Counts of people: the steering group sees them as the PDF prints them ("under 5").
PEOPLE_FIGURES = {"employees", "employees_flexjob", "employees_edge"}


def figure_rows(*, versions):
    """The key figures stored with one or more versions, side by side, labelled and in the
    report's order (mapping.reports.figure_rows): rows with "key", "label", "group" (a
    heading), "member" (a row under a heading), "values" (None where a version lacks the
    key) and "changed"."""
    return report_package().figure_rows(*[version.figures or {} for version in versions])
