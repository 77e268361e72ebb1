"""The steering group's review, one component for whatever is reviewed: the interim report's
versions (`mapping`), the strategy's (`strategy`), and what phase 2 adds.

- `states`: the review's states, and a version superseded by a newer one submitted;
- `policy.ReviewPolicy`: what an app says about its review (what the parts are called, who
  may comment, answer and give a verdict, when and why the review is closed, its URL names);
- `models`: the abstract comment and verdict models the apps' tables subclass;
- `forms`, `selectors`, `services`, `views`: the comment, answer and verdict forms, the
  reads, the workflows and the views, each taking the app's policy;
- `templates/portal/review/includes/`: the comment threads, the comment and verdict forms,
  the verdict table, the review state and the "closed, because ..." note.

What is sent to the steering group, and the e-mails, stay with each app.
"""

from portal.review.states import (
    ReviewState,
    check_may_submit,
    check_open,
    is_reviewed,
    newer_version,
    state_from_counts,
    superseded_annotation,
)

__all__ = [
    "ReviewState",
    "check_may_submit",
    "check_open",
    "is_reviewed",
    "newer_version",
    "state_from_counts",
    "superseded_annotation",
]
