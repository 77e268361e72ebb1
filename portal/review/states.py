"""The review's states and supersession, whatever is reviewed (the interim report's versions
in `mapping`, the strategy's in `strategy`): the state from the counts, and when a version is
superseded by a newer one submitted.

A reviewed model has `number`, `submitted_at` and a class attribute `REVIEW_SERIES`: the
fields that a newer version shares with the one it supersedes (`()` for the one interim
report, `("strategy",)` for a strategy's versions).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ReviewState(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", gettext_lazy("Not submitted")
    OPEN = "open", gettext_lazy("Under review")
    APPROVED = "approved", gettext_lazy("Approved")
    CHANGES_REQUESTED = "changes_requested", gettext_lazy("Changes requested")
    # A newer version was sent to the steering group: this one's review is closed, its
    # comments and verdicts stay readable.
    SUPERSEDED = "superseded", gettext_lazy("Superseded by a newer version")


def state_from_counts(*, submitted, changes_requested, approvals, members, superseded=False):
    """The review state from what is known about a version.

    `changes_requested`: verdicts asking for changes (any member's: a request stands until a
    new version answers it); `approvals`: approvals by current members; `members`: how many
    active members the steering group has; `superseded`: a newer version was submitted.
    """
    if not submitted:
        return ReviewState.NOT_SUBMITTED
    if superseded:
        return ReviewState.SUPERSEDED
    if changes_requested:
        return ReviewState.CHANGES_REQUESTED
    if members and approvals >= members:
        return ReviewState.APPROVED
    return ReviewState.OPEN


def _newer(model, version=None):
    """The submitted versions newer than `version` in its series; an OuterRef's when None."""
    if version is None:
        scope = {field: OuterRef(field) for field in model.REVIEW_SERIES}
        number = OuterRef("number")
    else:
        scope = {field: getattr(version, f"{field}_id") for field in model.REVIEW_SERIES}
        number = version.number
    return model.objects.filter(submitted_at__isnull=False, number__gt=number, **scope)


def superseded_annotation(model):
    """An expression, true for a version of `model` when a newer one was submitted: for
    `.annotate(superseded=...)` and `.exclude(...)`."""
    return Exists(_newer(model))


def newer_version(version):
    """The newest version submitted after `version` (by number, in its series), or None."""
    model = type(version)
    # With its series loaded: a version's name reads it (an agenda item names the newer one).
    newer = _newer(model, version).select_related(*model.REVIEW_SERIES)
    return newer.order_by("-number").first()


def is_reviewed(obj):
    """Whether `obj` is a version the steering group reviews (duck-typed, so `portal`
    imports no app that has one)."""
    return hasattr(type(obj), "REVIEW_SERIES") and hasattr(obj, "submitted_at")


def check_open(version):
    """Refuse a comment or a verdict on a version whose review was closed by a newer one."""
    newer = newer_version(version)
    if newer is not None:
        raise ValidationError(
            _(
                "Version %(number)s was superseded by version %(newer)s: its review is closed. "
                "Comment on and give your verdict on version %(newer)s."
            ),
            code="superseded",
            params={"number": version.number, "newer": newer.number},
        )


def check_may_submit(version):
    """Refuse to submit a version older than one the steering group already has."""
    newer = newer_version(version)
    if newer is not None:
        raise ValidationError(
            _(
                "Version %(newer)s, newer than this one, was already submitted to the steering "
                "group. Only a newer version can be submitted."
            ),
            code="superseded",
            params={"newer": newer.number},
        )
