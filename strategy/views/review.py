"""The steering group's review of a strategy version: the version rendered from its snapshot,
its submission, the comments per section, staff's answers and the members' verdicts.

Who sees what: the staff see every version and answer comments; the project leader submits;
steering group members see only submitted versions (404 for the others), comment and give
their verdict, and never edit; anyone else is told nothing about a version (404). Once the
plan is no longer a draft the review is closed: the page shows what was said, no forms.
The list of submitted versions is for the staff and the steering group.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal import deliveries, review, steering
from portal.access import EVERYONE_LOGGED_IN, PROJECT_LEADER, STAFF, role_required
from portal.models import User
from portal.steering import is_reviewer
from strategy.council.content import GENERAL, VISION, plan_content, sections_of
from strategy.forms.review import AnswerForm, CommentForm, VerdictForm
from strategy.selectors import review as selectors
from strategy.services import review as services

STEERING_GROUP = (User.Role.STEERING_GROUP,)


def _sections(version, content):
    """The comment threads in the plan's order, each with its label and anchor."""
    comments = selectors.comments_by_section(version=version)
    labels = dict(sections_of(version.snapshot))
    return {
        key: {
            "key": key,
            "anchor": f"comments-{key or 'general'}",
            "label": labels.get(key, key),
            "comments": rows,
        }
        for key, rows in comments.items()
    }


def _version_page(request, version, *, comment_form=None, verdict_form=None, answer=None):
    """The version page; the forms passed in are bound ones that failed validation. Once the
    plan is no longer a draft the review is history: no forms for the members, only what
    was said."""
    user = request.user
    is_member = user.is_steering_group
    closed = services.review_closed_reason(version.strategy)
    newer = review.newer_version(version)
    may_review = (
        is_member
        and not closed
        and newer is None
        and version.submitted_at is not None
        and is_reviewer(user)
    )
    may_submit = (
        user.is_project_leader
        and version.submitted_at is None
        and newer is None
        and version.strategy.is_editable
    )
    my_verdict = selectors.verdict_of(version=version, member=user) if is_member else None
    if may_review and verdict_form is None:
        verdict_form = VerdictForm(instance=my_verdict)
    if may_review and comment_form is None:
        comment_form = CommentForm(version=version)
    content = plan_content(version.snapshot)
    sections = _sections(version, content)
    for area in content["focus_areas"]:
        area["thread"] = sections.pop(area["key"], None)
    invalid = any(form is not None and form.is_bound for form in (comment_form, verdict_form))
    return render(
        request,
        "strategy/review/version_detail.html",
        {
            "version": version,
            "strategy": version.strategy,
            "content": content,
            "general": sections.pop(GENERAL),
            "vision_thread": sections.pop(VISION),
            "other_threads": list(sections.values()),
            "verdicts": selectors.verdicts_of(version=version),
            "is_member": is_member,
            "may_review": may_review,
            "unsent": list(deliveries.unsent(about=version)) if user.is_project_leader else [],
            "review_closed": closed,
            "my_verdict": my_verdict,
            "comment_form": comment_form,
            "verdict_form": verdict_form,
            "answer_form": answer[1] if answer else None,
            "answer_to": answer[0].pk if answer else None,
            "may_submit": may_submit,
            # Before sending: who gets a link, who an invitation with it, who cannot be reached.
            "recipients": steering.recipients() if may_submit else [],
            "newer": newer,
            "may_answer": user.is_programme_staff,
        },
        status=400 if invalid or answer else 200,
    )


@role_required(EVERYONE_LOGGED_IN)
@require_safe
def version_detail(request, pk):
    version = selectors.version_get_for_user(user=request.user, pk=pk)
    return _version_page(request, version)


@role_required(PROJECT_LEADER)
@require_POST
def version_submit(request, pk):
    version = selectors.version_get_for_user(user=request.user, pk=pk)
    try:
        recipients, outcome = services.version_submit(
            version=version, by=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version)
    steering.tell_submitted(request, version, recipients, outcome)
    return redirect(version)


@role_required(STEERING_GROUP)
@require_POST
def comment_add(request, pk):
    version = selectors.version_get_for_user(user=request.user, pk=pk)
    form = CommentForm(request.POST, version=version)
    if not form.is_valid():
        return _version_page(request, version, comment_form=form)
    try:
        comment = services.comment_add(
            version=version,
            by=request.user,
            section=form.cleaned_data["section"],
            text=form.cleaned_data["text"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version)
    messages.success(request, _("Your comment was added."))
    return redirect(f"{version.get_absolute_url()}#comment-{comment.pk}")


@role_required(STEERING_GROUP)
@require_POST
def verdict_give(request, pk):
    version = selectors.version_get_for_user(user=request.user, pk=pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _version_page(request, version, verdict_form=form)
    try:
        verdict = services.verdict_give(
            version=version,
            member=request.user,
            verdict=form.cleaned_data["verdict"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version)
    messages.success(
        request,
        _("Your verdict was saved: %(verdict)s.") % {"verdict": verdict.get_verdict_display()},
    )
    return redirect(f"{version.get_absolute_url()}#verdicts")


@role_required(STAFF)
@require_POST
def comment_answer(request, pk):
    comment = selectors.comment_get_for_answer(user=request.user, pk=pk)
    version = selectors.version_get_for_user(user=request.user, pk=comment.version_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _version_page(request, version, answer=(comment, form))
    services.comment_answer(comment=comment, by=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Your answer was added."))
    return redirect(f"{version.get_absolute_url()}#comment-{comment.pk}")


@role_required((*STAFF, *STEERING_GROUP))
@require_safe
def submitted_list(request):
    """The versions submitted to the steering group, newest first, with their review state;
    a member sees whether they gave their verdict, the staff how many members did."""
    versions, member_count = selectors.submitted_versions(user=request.user)
    return render(
        request,
        "strategy/review/submitted_list.html",
        {
            "versions": versions,
            "member_count": member_count,
            "is_member": request.user.is_steering_group,
        },
    )


urlpatterns = [
    path("strategy/submitted/", submitted_list, name="submitted-list"),
    path("strategy/versions/<int:pk>/", version_detail, name="version-detail"),
    path("strategy/versions/<int:pk>/submit/", version_submit, name="version-submit"),
    path("strategy/versions/<int:pk>/comment/", comment_add, name="comment-add"),
    path("strategy/versions/<int:pk>/verdict/", verdict_give, name="verdict-give"),
    path("strategy/comments/<int:pk>/answer/", comment_answer, name="comment-answer"),
]
