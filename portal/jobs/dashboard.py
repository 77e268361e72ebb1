"""Background jobs on the project leader's dashboard, only while some failed lately (the list
is in the Programme menu)."""

import datetime

from django.utils import timezone

from portal.models import Job
from portal.registry import Panel

# A failed job is flagged on the dashboard for this long.
RECENT = datetime.timedelta(days=7)


def _leader(request):
    user = request.user
    return user.is_authenticated and user.is_active and user.is_project_leader


def panels(request):
    if not _leader(request):
        return []
    failed = Job.objects.filter(
        state=Job.State.FAILED, finished_at__gte=timezone.now() - RECENT
    ).count()
    if not failed:
        return []
    return [Panel("portal/jobs/includes/failed_panel.html", {"count": failed}, order=6)]
