"""The steering group's review of a strategy version: the version rendered from its snapshot,
its submission, the comments per section, staff's answers and the members' verdicts.

Who sees what: the staff see every version and answer comments; the project leader submits;
steering group members see only submitted versions (404 for the others), comment and give
their verdict, and never edit; anyone else is told nothing about a version (404). Once the
plan is no longer a draft the review is closed: the page shows what was said, no forms.
The list of submitted versions is for the staff and the steering group.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST, require_safe

from portal import deliveries, refusals, steering
from portal.access import EVERYONE_LOGGED_IN, PROJECT_LEADER, STAFF, role_required
from portal.review import views as review_views
from portal.review.views import STEERING_GROUP
from strategy.council.content import GENERAL, VISION, plan_content
from strategy.review_policy import POLICY
from strategy.selectors import review as selectors
from strategy.services import review as services


def _version_page(request, version, **refused):
    """The version page; `refused`: a form that was refused, shown again with its errors
    (portal.review.views). Each comment thread is shown under the part of the plan it is
    about; threads of parts no longer in the plan under the comments."""
    user = request.user
    review = review_views.page_context(request, policy=POLICY, version=version, **refused)
    may_submit = (
        user.is_project_leader
        and version.submitted_at is None
        and review["newer"] is None
        and version.strategy.is_editable
    )
    content = plan_content(version.snapshot)
    threads = {thread["part"]: thread for thread in review["threads"]}
    for area in content["focus_areas"]:
        area["thread"] = threads.pop(area["key"], None)
    return render(
        request,
        "strategy/review/version_detail.html",
        {
            **review,
            "version": version,
            "strategy": version.strategy,
            "content": content,
            "general": threads.pop(GENERAL),
            "vision_thread": threads.pop(VISION),
            "other_threads": list(threads.values()),
            "unsent": list(deliveries.unsent(about=version)) if user.is_project_leader else [],
            "may_submit": may_submit,
            # Before sending: who gets a link, who an invitation with it, who cannot be reached.
            "recipients": steering.recipients() if may_submit else [],
        },
        status=review_views.page_status(review),
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
        refusals.as_message(request, error)
        return redirect(version)
    steering.tell_submitted(request, version, recipients, outcome)
    return redirect(version)


# The review: the shared one (portal.review) under the strategy's policy.
comment_add = review_views.comment_view(POLICY, page=_version_page)
verdict_give = review_views.verdict_view(POLICY, page=_version_page)
comment_answer = review_views.answer_view(POLICY, page=_version_page)


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
