"""The staff's pages for an event's participants: the seats, the confirmed list, open offers,
the waiting list (moved by hand when needed), adding someone, cancelling someone, and the
attendance checklist used on a phone at the door."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from network.forms.participants import AttendanceForm, ParticipantAddForm, WaitingMoveForm
from network.selectors import participants as selectors
from network.selectors.events import event_get_for_user
from network.services import signups as services
from portal import refusals
from portal.access import STAFF, role_required


def _participants_page(request, event, *, form=None, status=200):
    return render(
        request,
        "network/participants/participants.html",
        {
            "event": event,
            "participants": selectors.participants_of(event=event),
            "form": form or ParticipantAddForm(),
            "started": timezone.localdate(event.starts_at) <= timezone.localdate(),
        },
        status=status,
    )


def _participants_url(event, anchor=""):
    url = reverse("network:participants", args=[event.pk])
    return f"{url}#{anchor}" if anchor else url


@role_required(STAFF)
def participants(request, pk):
    event = event_get_for_user(user=request.user, pk=pk)
    return _participants_page(request, event)


@role_required(STAFF)
@require_POST
def participant_add(request, pk):
    event = event_get_for_user(user=request.user, pk=pk, for_change=True)
    form = ParticipantAddForm(request.POST)
    if form.is_valid():
        try:
            signup = services.signup_create(
                event=event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organisation_name=form.cleaned_data["organisation_name"],
                department=form.cleaned_data["department"],
                by=request.user,
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            if signup.state == signup.State.WAITING:
                message = _("%(name)s was put on the waiting list.")
            else:
                message = _("%(name)s has a place.")
            messages.success(request, message % {"name": signup.name})
            return redirect(_participants_url(event))
    return _participants_page(request, event, form=form)


@role_required(STAFF)
@require_POST
def waiting_move(request, pk):
    signup = selectors.signup_get_for_user(user=request.user, pk=pk, for_change=True)
    form = WaitingMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose up, down or to the top."))
    else:
        try:
            services.waiting_move(
                signup=signup, direction=form.cleaned_data["direction"], by=request.user
            )
        except ValidationError as error:
            refusals.as_message(request, error)
    return redirect(_participants_url(signup.event, "waiting"))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def signup_cancel_staff(request, pk):
    """GET asks to confirm; POST cancels. A place it held is offered to the next in line."""
    signup = selectors.signup_get_for_user(user=request.user, pk=pk, for_change=True)
    if request.method == "POST":
        try:
            services.signup_cancel(signup=signup, by=request.user)
        except ValidationError as error:
            refusals.as_message(request, error)
        else:
            messages.success(
                request, _("The sign-up of %(name)s was cancelled.") % {"name": signup.name}
            )
        return redirect(_participants_url(signup.event))
    return render(
        request,
        "network/participants/signup_cancel.html",
        {"signup": signup, "event": signup.event},
    )


@role_required(STAFF)
def attendance(request, pk):
    event = event_get_for_user(user=request.user, pk=pk)
    people = selectors.attendance_list(event=event)
    for signup in people:
        signup.came = signup.state == signup.State.ATTENDED
    attended = sum(1 for signup in people if signup.came)
    return render(
        request,
        "network/participants/attendance.html",
        {
            "event": event,
            "people": people,
            "attended": attended,
            "not_attended": len(people) - attended,
            "started": timezone.localdate(event.starts_at) <= timezone.localdate(),
        },
    )


@role_required(STAFF)
@require_POST
def attendance_mark(request, pk):
    signup = selectors.signup_get_for_user(user=request.user, pk=pk, for_change=True)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the person attended."))
    else:
        try:
            services.attendance_mark(signup=signup, attended=form.cleaned_data["attended"])
        except ValidationError as error:
            refusals.as_message(request, error)
    url = reverse("network:attendance", args=[signup.event_id])
    return redirect(f"{url}#signup-{signup.pk}")


urlpatterns = [
    path("staff/<int:pk>/participants/", participants, name="participants"),
    path("staff/<int:pk>/participants/add/", participant_add, name="participant-add"),
    path("staff/<int:pk>/attendance/", attendance, name="attendance"),
    path("staff/signups/<int:pk>/move/", waiting_move, name="waiting-move"),
    path("staff/signups/<int:pk>/cancel/", signup_cancel_staff, name="signup-cancel-staff"),
    path("staff/signups/<int:pk>/attendance/", attendance_mark, name="attendance-mark"),
]
