"""The staff's side of the events, for the project leader and the consultants: the list
with places, waiting lists and open offers; creating, editing, publishing and cancelling an
event; and its materials (files for those who took part)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from network.forms.events import EventForm, MaterialForm
from network.selectors import events as selectors
from network.services import events as services
from portal import refusals, storage
from portal.access import EVERYONE_LOGGED_IN, STAFF, role_required
from portal.concurrency import edit_is_current
from portal.forms import model_values


def _staff_list():
    return redirect("network:event-list-staff")


def _edit_url(event):
    return reverse("network:event-edit", args=[event.pk])


@role_required(STAFF)
@require_safe
def event_list_staff(request):
    events = list(selectors.event_list_staff(user=request.user))
    return render(request, "network/events/staff_list.html", {"events": events})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def event_create(request):
    form = EventForm(request.POST or None, initial={"organiser": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(by=request.user, **model_values(form))
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(
                request, _("The event %(title)s was saved as a draft.") % {"title": event}
            )
            return redirect(_edit_url(event))
    return render(request, "network/events/event_form.html", {"form": form, "event": None})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk, for_change=True)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    services.event_save(event=event, by=request.user, **model_values(form))
                    messages.success(request, _("The event was saved."))
                    return _staff_list()
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "network/events/event_form.html",
        {
            "form": form,
            "event": event,
            "materials": selectors.materials_of(event=event),
            "material_form": MaterialForm(),
        },
    )


@role_required(STAFF)
@require_POST
def event_publish(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk, for_change=True)
    try:
        services.event_publish(event=event, by=request.user)
    except ValidationError as error:
        refusals.as_message(request, error)
    else:
        messages.success(request, _("The event %(title)s is published.") % {"title": event})
    return redirect(_edit_url(event))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def event_cancel(request, pk):
    """A page that asks first; the POST cancels and e-mails everyone signed up."""
    event = selectors.event_get_for_user(user=request.user, pk=pk, for_change=True)
    if request.method == "POST":
        try:
            told = services.event_cancel(event=event, by=request.user)
        except ValidationError as error:
            refusals.as_message(request, error)
            return redirect(_edit_url(event))
        messages.success(
            request,
            ngettext(
                "The event is cancelled. %(count)d person is being told.",
                "The event is cancelled. %(count)d people are being told.",
                told,
            )
            % {"count": told},
        )
        return _staff_list()
    return render(
        request,
        "network/events/event_cancel.html",
        {"event": event, "counts": selectors.event_counts(event=event)},
    )


@role_required(STAFF)
@require_POST
def material_add(request, pk):
    event = selectors.event_get_for_user(user=request.user, pk=pk, for_change=True)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("The material was added."))
            return redirect(_edit_url(event))
    return render(
        request,
        "network/events/event_form.html",
        {
            "form": EventForm(instance=event),
            "event": event,
            "materials": selectors.materials_of(event=event),
            "material_form": form,
        },
        status=400,
    )


@role_required(EVERYONE_LOGGED_IN)
@require_safe
def material(request, pk):
    """The file, streamed from the private storage, for staff and for the event's confirmed
    participants and those who came (404 for anyone else)."""
    item = selectors.material_get_for_user(user=request.user, pk=pk)
    return storage.download_response(item.file)


@role_required(STAFF)
@require_POST
def material_delete(request, pk):
    item = selectors.material_get_for_user(user=request.user, pk=pk, for_change=True)
    services.material_delete(material=item, by=request.user)
    messages.success(request, _("The material %(title)s was removed.") % {"title": item.title})
    return redirect(_edit_url(item.event))


urlpatterns = [
    path("staff/", event_list_staff, name="event-list-staff"),
    path("staff/new/", event_create, name="event-create"),
    path("staff/<int:pk>/edit/", event_edit, name="event-edit"),
    path("staff/<int:pk>/publish/", event_publish, name="event-publish"),
    path("staff/<int:pk>/cancel/", event_cancel, name="event-cancel"),
    path("staff/<int:pk>/materials/new/", material_add, name="material-add"),
    path("materials/<int:pk>/", material, name="material"),
    path("staff/materials/<int:pk>/delete/", material_delete, name="material-delete"),
]
