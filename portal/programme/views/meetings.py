"""The steering group's meetings: when and where, the agenda (sent by e-mail, as PDF and as a
calendar file), the minutes and the decisions with their follow-up tasks.

The project leader changes them; consultants and the steering group read them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import deliveries, ics, refusals, sending, steering
from portal.access import PROJECT_LEADER, role_required
from portal.concurrency import edit_is_current
from portal.forms import model_values
from portal.programme import agenda_pdf
from portal.programme.forms.steering import AgendaItemForm, DecisionForm, MeetingForm, TaskFormSet
from portal.programme.ics import meeting_calendar
from portal.programme.selectors import steering as selectors
from portal.programme.services import steering as services
from portal.programme.views.steering import STEERING_READERS


@role_required(STEERING_READERS)
@require_safe
def meeting_list(request):
    upcoming, past = selectors.meeting_list()
    return render(
        request, "programme/steering/meeting_list.html", {"upcoming": upcoming, "past": past}
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(**model_values(form), by=request.user)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("The meeting was created. Now add its agenda."))
            return redirect(meeting)
    return render(request, "programme/steering/meeting_form.html", {"form": form, "meeting": None})


@role_required(STEERING_READERS)
@require_safe
def meeting_detail(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    decisions = [
        {
            "decision": decision,
            "tasks": [
                selectors.task_row(task, user=request.user, today=today)
                for task in decision.tasks.all()
            ],
        }
        for decision in selectors.decisions_of(meeting=meeting)
    ]
    may_change = request.user.is_project_leader
    unsent = list(deliveries.unsent(about=meeting)) if may_change else []
    return render(
        request,
        "programme/steering/meeting_detail.html",
        {
            "meeting": meeting,
            "entries": selectors.agenda_of(meeting=meeting),
            "decisions": decisions,
            # Before sending: who gets a link, who an invitation with it, who cannot be reached.
            "recipients": (
                steering.recipients(members_only=True) if request.user.is_project_leader else []
            ),
            "recently_sent": services.recently_sent(meeting),
            "history": selectors.meeting_history(meeting=meeting),
            "may_change": may_change,
            "unsent": unsent,
            "mail_job": sending.mail_job(meeting, unsent=unsent) if may_change else None,
        },
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    meeting = services.meeting_save(
                        meeting=meeting, **model_values(form), by=request.user
                    )
                    messages.success(request, _("The meeting was saved."))
                    return redirect(meeting)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request, "programme/steering/meeting_form.html", {"form": form, "meeting": meeting}
    )


# The agenda


def _agenda_item_page(request, meeting, item=None):
    form = AgendaItemForm(request.POST or None, instance=item, meeting=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    services.agenda_item_save(
                        meeting=meeting, item=item, **model_values(form), **form.pointed_at()
                    )
                    messages.success(request, _("The agenda item was saved."))
                    return redirect(meeting)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "programme/steering/agenda_item_form.html",
        {"form": form, "meeting": meeting, "item": item},
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def agenda_item_create(request, pk):
    return _agenda_item_page(
        request, selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    )


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, pk, item_pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    item = selectors.agenda_item_get_for_user(
        user=request.user, pk=item_pk, meeting=meeting, for_change=True
    )
    return _agenda_item_page(request, meeting, item)


@role_required(PROJECT_LEADER)
@require_POST
def agenda_item_delete(request, pk, item_pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    item = selectors.agenda_item_get_for_user(
        user=request.user, pk=item_pk, meeting=meeting, for_change=True
    )
    services.agenda_item_delete(item=item)
    messages.success(request, _("The agenda item “%(title)s” was removed.") % {"title": item.title})
    return redirect(meeting)


# Decisions


@role_required(PROJECT_LEADER)
@require_http_methods(["GET", "POST"])
def decision_create(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, meeting=meeting)
    formset = TaskFormSet(data, instance=form.instance, meeting=meeting, prefix="tasks")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            decision = services.decision_record(
                meeting=meeting,
                **model_values(form),
                tasks=formset.new_rows(),
                by=request.user,
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The decision was recorded with %(count)d follow-up task.",
                    "The decision was recorded with %(count)d follow-up tasks.",
                    decision.tasks.count(),
                )
                % {"count": decision.tasks.count()},
            )
            return redirect(meeting)
    return render(
        request,
        "programme/steering/decision_form.html",
        {"form": form, "formset": formset, "meeting": meeting},
    )


# The agenda sent, printed and in the calendar


@role_required(PROJECT_LEADER)
@require_POST
def meeting_send_agenda(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    again = request.POST.get("again") == "1"
    try:
        result = services.meeting_send_agenda(
            meeting=meeting, request=request, again=again, by=request.user
        )
    except ValidationError as error:
        refusals.as_message(request, error)
        return redirect(meeting)
    if result.sent:
        messages.success(
            request,
            ngettext(
                "The agenda was e-mailed to %(count)d member.",
                "The agenda was e-mailed to %(count)d members.",
                len(result.sent),
            )
            % {"count": len(result.sent)},
        )
    if result.pending:
        # A worker sends them after this page has answered: its progress is on the meeting.
        messages.success(
            request,
            ngettext(
                "The agenda is being e-mailed to %(count)d member.",
                "The agenda is being e-mailed to %(count)d members.",
                len(result.pending),
            )
            % {"count": len(result.pending)},
        )
    if result.failed:
        messages.error(
            request,
            _(
                "The e-mail could not be sent to %(names)s. Use “Send again” once the mail "
                "server answers."
            )
            % {"names": ", ".join(member.name for member in result.failed)},
        )
    if not result.queued:
        messages.warning(request, _("No active member has an e-mail address. Nothing was sent."))
    steering.tell_reach(
        request,
        [*result.invited, *result.unreachable],
        sent=bool(result.sent or result.pending),
    )
    return redirect(meeting)


@role_required(STEERING_READERS)
@require_safe
def meeting_agenda_pdf(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    # The same PDF as the one the members get by e-mail, in the reader's language.
    pdf = agenda_pdf.render_agenda_pdf(
        meeting=meeting,
        entries=selectors.agenda_of(meeting=meeting),
        members=selectors.agenda_recipients(),
        language=translation.get_language(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = agenda_pdf.agenda_filename(meeting)
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@role_required(STEERING_READERS)
@require_safe
def meeting_ics(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    body = meeting_calendar(
        meeting=meeting,
        entries=selectors.agenda_of(meeting=meeting),
        members=selectors.agenda_recipients(),
        domain=ics.domain(request),
    )
    return ics.response(body, filename=f"styregruppemoede-{meeting.pk}.ics")


meeting_urls = [
    ("", meeting_detail, "meeting-detail"),
    ("edit/", meeting_edit, "meeting-edit"),
    ("agenda/new/", agenda_item_create, "agenda-item-create"),
    ("decisions/new/", decision_create, "decision-create"),
    ("send-agenda/", meeting_send_agenda, "meeting-send-agenda"),
    ("agenda.pdf", meeting_agenda_pdf, "meeting-agenda-pdf"),
    ("meeting.ics", meeting_ics, "meeting-ics"),
]

urlpatterns = [
    path("steering/meetings/", meeting_list, name="meeting-list"),
    path("steering/meetings/new/", meeting_create, name="meeting-create"),
    *(
        path(f"steering/meetings/<int:pk>/{suffix}", view, name=name)
        for suffix, view, name in meeting_urls
    ),
    path(
        "steering/meetings/<int:pk>/agenda/<int:item_pk>/edit/",
        agenda_item_edit,
        name="agenda-item-edit",
    ),
    path(
        "steering/meetings/<int:pk>/agenda/<int:item_pk>/delete/",
        agenda_item_delete,
        name="agenda-item-delete",
    ),
]
