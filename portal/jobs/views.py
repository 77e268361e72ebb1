"""The background jobs in the portal: the project leader's list, and one job's page and
status (polled by job-progress.js) for those who may follow it (`jobs.may_follow`)."""

from django.db.models import Case, IntegerField, Value, When
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal import jobs
from portal.access import EVERYONE_LOGGED_IN, PROJECT_LEADER, role_required
from portal.models import Job

LIST_LIMIT = 200


@role_required(PROJECT_LEADER)
@require_safe
def job_list(request):
    """Running and failed jobs first, then the newest."""
    jobs = (
        Job.objects.select_related("created_by")
        .annotate(
            rank=Case(
                When(state__in=(Job.State.RUNNING, Job.State.RETRYING), then=Value(0)),
                When(state=Job.State.QUEUED, then=Value(1)),
                When(state=Job.State.FAILED, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-created_at")
    )
    return render(request, "portal/jobs/job_list.html", {"jobs": jobs[:LIST_LIMIT]})


def _visible_job(request, pk):
    return jobs.settle(jobs.job_get_for_user(user=request.user, pk=pk))


@role_required(EVERYONE_LOGGED_IN)
@require_safe
def job_detail(request, pk):
    return render(request, "portal/jobs/job_detail.html", {"job": _visible_job(request, pk)})


def status_of(job):
    """What the progress display shows: also the JSON the page polls."""
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "label": str(job.label),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "finished": job.finished,
        "error": job.error if job.state in (Job.State.FAILED, Job.State.RETRYING) else "",
        "result_url": job.result_url if job.state == Job.State.SUCCEEDED else "",
    }


@role_required(EVERYONE_LOGGED_IN)
@require_safe
def job_status(request, pk):
    return JsonResponse(status_of(_visible_job(request, pk)))
