"""E-mail that did not go out: the project leader's list of failed deliveries and the "send
again" button, which the list and every page that sends mail post to. A background job can
later call `deliveries.retry` on the same rows."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from portal import deliveries
from portal.access import PROJECT_LEADER, role_required

# Enough to see what is wrong; a longer outage is told by the count.
LIST_LIMIT = 500


@role_required(PROJECT_LEADER)
@require_safe
def delivery_failed_list(request):
    unsent = deliveries.unsent()
    return render(
        request,
        "portal/mail/failed_list.html",
        {"count": unsent.count(), "unsent": list(unsent[:LIST_LIMIT])},
    )


def _next(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "mail:delivery-failed-list"


@role_required(PROJECT_LEADER)
@require_POST
def delivery_retry(request):
    """Send the chosen failed deliveries again, as they were built (invitations with a fresh
    link); those sent since, by another click or a job, are left alone."""
    unsent = deliveries.deliveries_get_for_user(
        user=request.user, pks=request.POST.getlist("delivery")
    )
    outcome = deliveries.retry(list(unsent[:LIST_LIMIT]), request=request)
    level, text = deliveries.retry_summary(outcome)
    messages.add_message(request, level, text)
    return redirect(_next(request))
