"""Time registration: consultants register, change and remove their own time; the project
leader sees everyone's, by person if asked. The monthly statement is in `time_export`.

An entry is the business of the person who registered it: another consultant is told nothing
about it (404); the project leader, who sees every entry, may look but not change it (403).
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal import refusals
from portal.access import STAFF, role_required
from portal.concurrency import edit_is_current
from portal.programme.forms.timesheets import PersonFilterForm, TimeEntryForm
from portal.programme.models import TimeEntry
from portal.programme.selectors.plan import hours_text
from portal.programme.selectors.timesheets import time_entry_get_for_user
from portal.programme.services import timesheets as services
from portal.programme.views.time_export import time_export

PAGE_SIZE = 50


def _entry_for_change(user, pk):
    """The entry `user` may change: their own. 404 for anyone who may not see it."""
    return time_entry_get_for_user(user=user, pk=pk, for_change=True)


@role_required(STAFF)
@require_safe
def time_list(request):
    """Your own time; for the project leader, everyone's or one person's."""
    entries = TimeEntry.objects.select_related("activity__phase", "user")
    form = None
    person = request.user
    if request.user.is_project_leader:
        form = PersonFilterForm(request.GET or None)
        person = form.cleaned_data["person"] if form.is_valid() else None
    if person is not None:
        entries = entries.filter(user=person)
    total = entries.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    page = Paginator(entries.order_by("-date", "-created_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "programme/timesheets/list.html",
        {
            "page": page,
            "entries": list(page.object_list),
            "total": total,
            "filter_form": form,
            "person": person,
            "own": person == request.user,
        },
    )


def _entry_form(request, entry):
    form = TimeEntryForm(request.POST or None, instance=entry, user=entry.user or request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if edit_is_current(form, request=request):
                data = {
                    name: form.cleaned_data[name] for name in ("activity", "date", "hours", "note")
                }
                try:
                    if entry.pk:
                        entry = services.time_entry_update(entry=entry, **data)
                    else:
                        entry = services.time_entry_create(user=request.user, **data)
                except ValidationError as error:
                    refusals.on_form(form, error)
                else:
                    messages.success(
                        request,
                        _("%(hours)s hours on “%(activity)s” on %(date)s were registered.")
                        % {
                            "hours": hours_text(entry.hours),
                            "activity": entry.activity,
                            "date": formats.date_format(entry.date, "SHORT_DATE_FORMAT"),
                        },
                    )
                    return redirect("programme:time-list")
    return render(
        request,
        "programme/timesheets/form.html",
        {"form": form, "entry": entry if entry.pk else None},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def time_add(request):
    initial_activity = request.GET.get("activity", "")
    entry = TimeEntry(user=request.user)
    if initial_activity.isdigit():
        entry.activity_id = int(initial_activity)
    return _entry_form(request, entry)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def time_edit(request, pk):
    return _entry_form(request, _entry_for_change(request.user, pk))


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def time_delete(request, pk):
    entry = _entry_for_change(request.user, pk)
    if request.method == "POST":
        services.time_entry_delete(entry=entry)
        messages.success(request, _("The registration was removed."))
        return redirect("programme:time-list")
    return render(request, "programme/timesheets/delete.html", {"entry": entry})


urlpatterns = [
    path("time/", time_list, name="time-list"),
    path("time/new/", time_add, name="time-add"),
    path("time/<int:pk>/edit/", time_edit, name="time-edit"),
    path("time/<int:pk>/delete/", time_delete, name="time-delete"),
    path("time/export/", time_export, name="time-export"),
]
