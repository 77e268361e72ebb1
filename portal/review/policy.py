"""What an app says about its review: one small policy object per reviewed thing.

The component (`portal.review`) does the rest the same way for every app. The three rules
that once differed between the interim report and the strategy are decided here, once:

- who answers a comment: the programme's staff (the project leader and the consultants), as
  they write the chapters and sections; an answer carries its author's name;
- a refused comment or verdict (closed or superseded review, not a reviewer): a form error
  at the top of the form, the page shown again with status 400 (`portal.review.views`);
- closing: each policy says when its review is closed and why (`closed_reason`), and the
  version page shows "closed, because ..." the same way for every app.
"""

from portal.steering import is_reviewer


class ReviewPolicy:
    """The defaults; an app subclasses it and sets the class attributes."""

    # The models: the reviewed version (with `number`, `submitted_at`, `REVIEW_SERIES`) and
    # the concrete subclasses of `portal.review.models.AbstractComment` / `AbstractVerdict`.
    version_model = None
    comment_model = None
    verdict_model = None
    # What a version's page and lists read with it (`select_related`).
    version_related = ()

    # What the parts of the reviewed thing are called: the comment model's field that names
    # the part (also the comment form's field), its label and help text in the form, and the
    # message for a part that is not one of the version's.
    part_field = ""
    part_label = ""
    part_help = ""
    part_invalid = ""
    # Said to someone who may not review (not, or no longer, in the steering group).
    not_a_reviewer = ""

    # Sending a version to the steering group (the app's own workflow): the URL name of the
    # project leader's post, and what the page says it does.
    submit_url = ""
    submit_help = ""

    # URL names, each taking a pk: the version's comment and verdict posts, a comment's answer.
    comment_url = ""
    verdict_url = ""
    answer_url = ""

    def parts(self, version):
        """The parts a comment on `version` can be about, as [(key, label)] in the order
        they are read; the first is the whole ("")."""
        raise NotImplementedError

    def may_comment(self, user):
        """Whether `user` may comment: an active member of the steering group
        (`portal.steering.reviewers`); a former member reviews nothing."""
        return user.is_active and is_reviewer(user)

    def may_give_verdict(self, user):
        return self.may_comment(user)

    def may_answer(self, user):
        """Whether `user` may answer a member's comment: the programme's staff."""
        return user.is_authenticated and user.is_programme_staff

    def closed_reason(self, version, *, lock=False):
        """Why the review of `version` takes no more comments and verdicts, or "" while it
        is open. A superseded version is closed by the component itself (`states`); this
        is the app's own reason. `lock`: called by a workflow about to save, which may lock
        what the reason is read from."""
        return ""

    def open_versions(self, queryset):
        """The versions of `queryset` whose review may still be open, for the dashboards."""
        return queryset
