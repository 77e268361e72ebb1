"""Reads of the interim report: the versions a person may see, their review, the narrative's
history, and the key figures of two versions side by side."""

from django.http import Http404

from mapping.models import ReportNarrative, ReportVersion
from mapping.review_policy import POLICY
from mapping.services.reports import report_package
from portal.history import history_entries
from portal.review import selectors as review


def versions_visible(*, user):
    """The versions `user` may know of: every one for the staff, the submitted ones for the
    steering group, none for anyone else."""
    return review.versions_visible(policy=POLICY, user=user)


def version_list(*, user):
    """The versions `user` may see, newest first, each with its review counts and state
    (`review_state`), in a fixed number of queries."""
    return review.with_states(versions_visible(user=user).order_by("-number"), policy=POLICY)


def version_get_for_user(*, user, pk, with_review=True):
    """One version (with its review counts and state unless `with_review` is off), or 404
    for anyone who may not know of it: the staff see every version, steering group members
    the submitted ones, nobody else any."""
    if with_review:
        return review.version_get_for_user(policy=POLICY, user=user, pk=pk)
    try:
        return versions_visible(user=user).get(pk=pk)
    except ReportVersion.DoesNotExist:
        raise Http404 from None


def versions_awaiting_verdict(*, member):
    """The submitted versions on which `member` has not given a verdict, newest first; none
    for someone who is no longer one of the steering group's reviewers. Only the current
    version: one superseded by a newer submission asks nothing more."""
    return review.versions_awaiting_verdict(policy=POLICY, member=member).order_by("-number")


def latest_version(*, user):
    """The newest version `user` may see, with its review state, or None."""
    ids = review.member_ids()
    versions = review.with_review(versions_visible(user=user), policy=POLICY, member_ids=ids)
    version = versions.order_by("-number").first()
    return review.set_state(version, len(ids)) if version else None


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
