"""The strategy's review by the steering group (portal.review): its parts are the plan's
sections (the whole, the vision, each focus area), and the review is closed once the plan is
no longer a draft."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.review.policy import ReviewPolicy
from strategy.council.content import sections_of
from strategy.models import Strategy, StrategyComment, StrategyVerdict, StrategyVersion


class StrategyReview(ReviewPolicy):
    version_model = StrategyVersion
    comment_model = StrategyComment
    verdict_model = StrategyVerdict
    version_related = ("strategy", "saved_by", "submitted_by")

    part_field = "section"
    part_label = gettext_lazy("Section")
    part_help = gettext_lazy(
        "Choose the part of the plan your comment is about, or the plan as a whole."
    )
    part_invalid = gettext_lazy("Choose a section of this version.")
    not_a_reviewer = gettext_lazy("Only steering group members review the strategy.")

    submit_url = "strategy:version-submit"
    submit_help = gettext_lazy(
        "Submitting e-mails every steering group member a link to this page, where they read "
        "the plan, comment on it per section and give their verdict."
    )
    comment_url = "strategy:comment-add"
    verdict_url = "strategy:verdict-give"
    answer_url = "strategy:comment-answer"

    def parts(self, version):
        return sections_of(version.snapshot)

    def closed_reason(self, version, *, lock=False):
        """Closed once the city council has decided (the plan is no longer a draft): the
        review is history, comments and verdicts would change nothing. A workflow about to
        save locks the plan, so a comment cannot slip in while the decision is recorded."""
        strategy = version.strategy
        if lock:
            strategy = Strategy.objects.select_for_update().get(pk=version.strategy_id)
        if strategy.state == Strategy.State.DRAFT:
            return ""
        return _(
            "The review is closed: the plan is no longer a draft (%(state)s), so comments and "
            "verdicts are no longer taken."
        ) % {"state": strategy.get_state_display().lower()}

    def open_versions(self, queryset):
        return queryset.filter(strategy__state=Strategy.State.DRAFT)


POLICY = StrategyReview()
