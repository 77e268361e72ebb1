"""The project leader's moderation of self-registrations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from mapping import selectors, services
from mapping.forms import RejectForm
from portal import deliveries, refusals
from portal.access import PROJECT_LEADER, role_required
from portal.views import back_url


def _pending(request, pk):
    return selectors.registration_get_for_user(user=request.user, pk=pk, for_change=True)


def _back(request):
    """Back to where the moderation started: the queue, or the organisation's own page."""
    return back_url(request, reverse("mapping:moderation-queue"))


def _tell_registrants(request, outcome):
    """Say that the registrant was e-mailed only when they were; else what did not go out."""
    if outcome.sent:
        messages.info(
            request,
            ngettext(
                "The registrant was e-mailed.",
                "The %(count)d registrants were e-mailed.",
                len(outcome.sent),
            )
            % {"count": len(outcome.sent)},
        )
    deliveries.flash_outcome(request, outcome)


@role_required(PROJECT_LEADER)
def moderation_queue(request):
    return render(
        request,
        "mapping/moderation_queue.html",
        {"organisations": list(selectors.moderation_queue())},
    )


@role_required(PROJECT_LEADER)
@require_POST
def moderation_approve(request, pk):
    try:
        organisation, notified = services.organisation_approve(
            organisation=_pending(request, pk), by=request.user, request=request
        )
    except ValidationError as error:
        # Moderated by another click meanwhile: said, and nobody is e-mailed twice.
        refusals.as_message(request, error)
        return redirect(_back(request))
    messages.success(
        request,
        _("%(name)s was approved and is now in the directory.") % {"name": organisation.name},
    )
    _tell_registrants(request, notified)
    return redirect(_back(request))


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def moderation_reject(request, pk):
    organisation = _pending(request, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _rejected, notified = services.organisation_reject(
                organisation=organisation,
                by=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            refusals.as_message(request, error)
            return redirect(_back(request))
        messages.success(request, _("%(name)s was rejected.") % {"name": organisation.name})
        _tell_registrants(request, notified)
        return redirect(_back(request))
    return render(
        request,
        "mapping/moderation_reject.html",
        {"organisation": organisation, "form": form, "back": _back(request)},
    )
