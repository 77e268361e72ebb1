"""The interim report's review by the steering group (portal.review): its parts are the
PDF's chapters, and a version the whole steering group approved is final."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mapping.models import ReportVersion, ReviewComment, ReviewVerdict
from mapping.reports.interim import CHAPTERS as REPORT_CHAPTERS
from portal.review import ReviewState
from portal.review.policy import ReviewPolicy
from portal.review.selectors import state_of

# The chapters a comment can be about are the PDF's own; "" is the report as a whole.
CHAPTERS = [(chapter.key, chapter.title) for chapter in REPORT_CHAPTERS]
GENERAL = ""
GENERAL_LABEL = gettext_lazy("The report as a whole")
CHAPTER_LABELS = {GENERAL: GENERAL_LABEL, **dict(CHAPTERS)}


class ReportReview(ReviewPolicy):
    version_model = ReportVersion
    comment_model = ReviewComment
    verdict_model = ReviewVerdict
    version_related = ("frozen_by", "submitted_by")

    part_field = "chapter"
    part_label = gettext_lazy("Chapter")
    part_help = gettext_lazy("Choose the chapter your comment is about, or the report as a whole.")
    part_invalid = gettext_lazy("Choose a chapter of the report.")
    not_a_reviewer = gettext_lazy("Only steering group members review the report.")

    submit_url = "mapping:report-submit"
    submit_help = gettext_lazy(
        "Submitting e-mails every steering group member a link to this page, where they read "
        "the PDF, comment and give their verdict."
    )
    comment_url = "mapping:report-comment"
    verdict_url = "mapping:report-verdict"
    answer_url = "mapping:report-answer"

    def parts(self, version):
        return list(CHAPTER_LABELS.items())

    def closed_reason(self, version, *, lock=False):
        """Closed once every member of the steering group approved the version: the one
        interim report is then final, and what is still to say goes into a new version.
        (A member who joins later opens it again: their verdict is missing.)"""
        state = None if lock else getattr(version, "review_state", None)
        if (state or state_of(policy=self, version=version)) != ReviewState.APPROVED:
            return ""
        return _(
            "The review is closed: every member of the steering group approved version "
            "%(number)s, so it is final. Comments and verdicts are no longer taken; what is "
            "still to say goes into a new version."
        ) % {"number": version.number}


POLICY = ReportReview()
