"""The review's views, for any app's policy: the review's part of a version page, and the
views that take a member's comment and verdict and staff's answer.

An app renders its version page with `page_context` merged into its own context, and makes
its three posting views with `comment_view`, `verdict_view` and `answer_view`, passing the
function that renders that page (`page(request, version, **refused)`, where `refused` is
`comment_form`, `verdict_form` or `answer=(comment, form)`). A refusal, be it bad input or
a review that is closed, is a form error and the page comes back with status 400.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import refusals
from portal.access import STAFF, role_required
from portal.models import User
from portal.review import selectors, services
from portal.review.forms import AnswerForm, CommentForm, VerdictForm
from portal.review.states import newer_version

STEERING_GROUP = (User.Role.STEERING_GROUP,)


def page_context(request, *, policy, version, comment_form=None, verdict_form=None, answer=None):
    """The review's part of the version page's context. The forms passed in are bound ones
    that were refused: they are shown again with their errors. Once the review is closed
    (superseded, or for the policy's reason) a member gets no new forms, only what was
    said and why it is closed."""
    user = request.user
    newer = newer_version(version)
    closed = policy.closed_reason(version)
    may_review = (
        user.is_steering_group
        and not closed
        and newer is None
        and version.submitted_at is not None
        and policy.may_comment(user)
    )
    verdicts = selectors.verdicts_of(version=version)
    my_verdict = None
    if user.is_steering_group:
        # Read from every member's verdicts, which the page lists anyway: no query of its own.
        mine = (row["verdict"] for row in verdicts if row["member"].pk == user.pk)
        my_verdict = next(mine, None)
    if may_review and verdict_form is None:
        verdict_form = VerdictForm(given=my_verdict)
    if may_review and comment_form is None:
        comment_form = CommentForm(policy=policy, version=version)
    return {
        "review": policy,
        "threads": selectors.threads(policy=policy, version=version),
        "verdicts": verdicts,
        "is_member": user.is_steering_group,
        "may_review": may_review,
        "may_answer": policy.may_answer(user),
        "review_closed": closed,
        "newer": newer,
        "my_verdict": my_verdict,
        "comment_form": comment_form,
        "verdict_form": verdict_form,
        "answer_form": answer[1] if answer else None,
        "answer_to": answer[0].pk if answer else None,
    }


def page_status(context):
    """400 for a page shown again with a refused form, else 200."""
    forms = (context["comment_form"], context["verdict_form"], context["answer_form"])
    return 400 if any(form is not None and form.is_bound for form in forms) else 200


def comment_view(policy, *, page):
    """The view that takes a steering group member's comment on a version."""

    @role_required(STEERING_GROUP)
    @require_POST
    def comment(request, pk):
        version = selectors.version_get_for_user(policy=policy, user=request.user, pk=pk)
        form = CommentForm(request.POST, policy=policy, version=version)
        if not form.is_valid():
            return page(request, version, comment_form=form)
        try:
            added = services.comment_add(
                policy=policy,
                version=version,
                by=request.user,
                part=form.part,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            refusals.on_form(form, error)
            return page(request, version, comment_form=form)
        messages.success(request, _("Your comment was added."))
        return redirect(f"{version.get_absolute_url()}#comment-{added.pk}")

    return comment


def verdict_view(policy, *, page):
    """The view that takes a member's verdict on a version, or their change of it."""

    @role_required(STEERING_GROUP)
    @require_POST
    def verdict(request, pk):
        version = selectors.version_get_for_user(policy=policy, user=request.user, pk=pk)
        form = VerdictForm(request.POST)
        if not form.is_valid():
            return page(request, version, verdict_form=form)
        try:
            given = services.verdict_give(
                policy=policy,
                version=version,
                member=request.user,
                verdict=form.cleaned_data["verdict"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            refusals.on_form(form, error)
            return page(request, version, verdict_form=form)
        messages.success(
            request,
            _("Your verdict was saved: %(verdict)s.") % {"verdict": given.get_verdict_display()},
        )
        return redirect(f"{version.get_absolute_url()}#verdicts")

    return verdict


def answer_view(policy, *, page):
    """The view that takes a staff member's answer to a member's comment."""

    @role_required(STAFF)
    @require_POST
    def answer(request, pk):
        comment = selectors.comment_get_for_answer(policy=policy, user=request.user, pk=pk)
        version = selectors.version_get_for_user(
            policy=policy, user=request.user, pk=comment.version_id
        )
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return page(request, version, answer=(comment, form))
        try:
            services.comment_answer(
                policy=policy, comment=comment, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            refusals.on_form(form, error)
            return page(request, version, answer=(comment, form))
        messages.success(request, _("Your answer was added."))
        return redirect(f"{version.get_absolute_url()}#comment-{comment.pk}")

    return answer
