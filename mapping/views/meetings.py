"""Mapping meetings, the feedback (tilkendegivelser) heard there, and ideas for interplay
with the municipality's own services. For the programme's staff only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from mapping.forms.meetings import (
    AttendanceFormSet,
    FeedbackFilterForm,
    FeedbackForm,
    InterplayIdeaForm,
    MeetingForm,
)
from mapping.models import Organisation
from mapping.selectors import meetings as selectors
from mapping.selectors import organisation_get_for_user
from mapping.services import meetings as services
from portal import deliveries, ics, refusals, sending
from portal.access import STAFF, role_required
from portal.concurrency import edit_is_current
from portal.export import export_response, requested_format
from portal.forms import model_values
from portal.registry import Panel

MEETING_COLUMNS = [
    (gettext_lazy("Title"), lambda m: m.title),
    (gettext_lazy("Kind"), lambda m: m.get_kind_display()),
    (gettext_lazy("Starts"), lambda m: m.starts_at),
    (gettext_lazy("Ends"), lambda m: m.ends_at),
    (gettext_lazy("Place"), lambda m: m.place),
    (gettext_lazy("Organiser"), lambda m: str(m.organiser)),
    (
        gettext_lazy("Participating organisations"),
        lambda m: ", ".join(o.name for o in m.organisations.all()),
    ),
    (gettext_lazy("Invited people"), lambda m: m.participant_count),
    (gettext_lazy("Attended"), lambda m: m.attended_count),
    (gettext_lazy("Feedback"), lambda m: m.feedback_count),
]

FEEDBACK_COLUMNS = [
    (gettext_lazy("Theme"), lambda f: f.get_theme_display()),
    (gettext_lazy("What was said"), lambda f: f.text),
    (gettext_lazy("Said by"), lambda f: f.contact.name if f.contact else ""),
    (gettext_lazy("Organisation"), lambda f: f.organisation.name if f.organisation else ""),
    (gettext_lazy("Meeting"), lambda f: f.meeting.title if f.meeting else ""),
    (gettext_lazy("Meeting kind"), lambda f: f.meeting.get_kind_display() if f.meeting else ""),
    (gettext_lazy("Date"), lambda f: timezone.localtime(f.heard_at).date()),
    (gettext_lazy("Tags"), lambda f: ", ".join(tag.name for tag in f.tags.all())),
]

IDEA_COLUMNS = [
    (gettext_lazy("Enterprise"), lambda i: i.organisation.name),
    (gettext_lazy("Municipal department"), lambda i: i.department.name),
    (gettext_lazy("Service"), lambda i: i.service),
    (gettext_lazy("What could be bought or developed together"), lambda i: i.description),
    (gettext_lazy("State"), lambda i: i.get_state_display()),
    (gettext_lazy("Updated"), lambda i: i.updated_at),
]


def _meeting_values(form):
    return {**model_values(form), "contacts": form.cleaned_data["contacts"]}


def _attendance_rows(formset):
    return [
        {"attendance": form.instance, "attended": form.cleaned_data["attended"]}
        for form in formset.forms
    ]


@role_required(STAFF)
def meeting_list(request):
    filterset, upcoming, past = selectors.meeting_list(params=request.GET)
    export_format = requested_format(request)
    if export_format:
        return export_response(
            upcoming + past,
            MEETING_COLUMNS,
            export_format=export_format,
            filename="moeder",
            title=gettext_lazy("Meetings"),
        )
    return render(
        request,
        "mapping/meetings/meeting_list.html",
        {"filter": filterset, "upcoming": upcoming, "past": past},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    form = MeetingForm(request.POST or None, initial={"organiser": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(**_meeting_values(form))
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("The meeting %(title)s was created.") % {"title": meeting})
            return redirect(meeting)
    return render(request, "mapping/meetings/meeting_form.html", {"form": form, "meeting": None})


@role_required(STAFF)
def meeting_detail(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    attendances = list(selectors.attendances_of(meeting=meeting))
    unsent = list(deliveries.unsent(topic=services.invitations_topic(meeting)))
    return render(
        request,
        "mapping/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "organisations": list(meeting.organisations.all()),
            "attendances": attendances,
            "without_email": [a for a in attendances if not a.contact.email],
            "feedback": list(selectors.feedback_of_meeting(meeting=meeting)),
            "started": meeting.starts_at <= timezone.now(),
            "unsent": unsent,
            "mail_job": sending.mail_job(meeting, unsent=unsent),
        },
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    meeting = services.meeting_save(meeting=meeting, **_meeting_values(form))
                    messages.success(request, _("The meeting was saved."))
                    return redirect(meeting)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "mapping/meetings/meeting_form.html", {"form": form, "meeting": meeting})


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    started = meeting.starts_at <= timezone.now()
    if request.method == "POST" and not started:
        messages.error(request, _("Attendance can be marked once the meeting has started."))
        return redirect(meeting)
    formset = AttendanceFormSet(
        request.POST if request.method == "POST" else None,
        queryset=selectors.attendances_of(meeting=meeting),
        prefix="attendance",
    )
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(formset, request=request):
                    services.attendance_mark(meeting=meeting, rows=_attendance_rows(formset))
                    messages.success(request, _("The attendance was saved."))
                    return redirect(meeting)
        except ValidationError as error:
            refusals.on_formset(formset, error)
    return render(
        request,
        "mapping/meetings/attendance_form.html",
        {"meeting": meeting, "formset": formset, "started": started},
    )


@role_required(STAFF)
def meeting_ics(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    body = services.meeting_calendar(meeting=meeting, domain=ics.domain(request))
    return ics.response(body, filename=f"moede-{meeting.pk}.ics")


@role_required(STAFF)
@require_POST
def meeting_invite(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk, for_change=True)
    again = request.POST.get("again") == "1"
    result = services.meeting_invite(
        meeting=meeting, domain=ics.domain(request), again=again, by=request.user
    )
    if result.sent:
        messages.success(
            request,
            _("The invitation was e-mailed to %(names)s.")
            % {"names": ", ".join(a.contact.name for a in result.sent)},
        )
    if result.pending:
        # A worker sends them after this page has answered: its progress is on the meeting.
        messages.success(
            request,
            _("The invitation is being sent to %(names)s.")
            % {"names": ", ".join(a.contact.name for a in result.pending)},
        )
    if result.unreachable:
        messages.warning(
            request,
            _("Not invited, because we have no e-mail address: %(names)s.")
            % {"names": ", ".join(a.contact.name or _("(erased)") for a in result.unreachable)},
        )
    if result.failed:
        messages.error(
            request,
            _("The e-mail could not be sent to %(names)s. Try again later.")
            % {"names": ", ".join(a.contact.name for a in result.failed)},
        )
    if result.already:
        messages.info(
            request,
            _(
                "Not sent again to %(names)s: they have the invitation already. Use “Send the "
                "invitation to everyone again” if the meeting has changed."
            )
            % {"names": ", ".join(a.contact.name for a in result.already)},
        )
    if not (result.queued or result.unreachable or result.already):
        messages.warning(request, _("Nobody is invited to this meeting yet."))
    return redirect(meeting)


def _feedback_form_page(request, form, *, meeting, organisation, back):
    if request.method == "POST" and form.is_valid():
        values = model_values(form)
        if organisation is not None:
            values["organisation"] = organisation  # the page's, not a field of the form
        try:
            services.feedback_record(
                **values, meeting=meeting, tags=form.cleaned_data["tags_text"], by=request.user
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("The feedback was recorded."))
            if "another" in request.POST:
                return redirect(request.path)
            return redirect(back)
    return render(
        request,
        "mapping/meetings/feedback_form.html",
        {"form": form, "meeting": meeting, "organisation": organisation, "back": back},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def feedback_create_meeting(request, pk):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    form = FeedbackForm(request.POST or None, meeting=meeting)
    return _feedback_form_page(
        request, form, meeting=meeting, organisation=None, back=meeting.get_absolute_url()
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def feedback_create_organisation(request, pk):
    organisation = organisation_get_for_user(user=request.user, pk=pk)
    form = FeedbackForm(request.POST or None, organisation=organisation)
    return _feedback_form_page(
        request,
        form,
        meeting=None,
        organisation=organisation,
        back=organisation.get_absolute_url(),
    )


@role_required(STAFF)
def feedback_by_theme(request):
    form = FeedbackFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        # Only the filters that are valid apply; a wrong one is shown at its field.
        form.is_valid()
        filters = form.cleaned_data
    themes = selectors.feedback_by_theme(filters=filters)
    export_format = requested_format(request)
    if export_format:
        rows = [entry for theme in themes for entry in theme["entries"]]
        return export_response(
            rows,
            FEEDBACK_COLUMNS,
            export_format=export_format,
            filename="tilkendegivelser",
            title=gettext_lazy("Feedback by theme"),
        )
    return render(
        request,
        "mapping/meetings/feedback_by_theme.html",
        {
            "form": form,
            "themes": themes,
            "total": sum(theme["count"] for theme in themes),
        },
    )


@role_required(STAFF)
def idea_list(request):
    filterset, ideas = selectors.idea_list(params=request.GET)
    export_format = requested_format(request)
    if export_format:
        return export_response(
            ideas,
            IDEA_COLUMNS,
            export_format=export_format,
            filename="samspilsideer",
            title=gettext_lazy("Ideas for interplay"),
        )
    return render(
        request, "mapping/meetings/idea_list.html", {"filter": filterset, "ideas": list(ideas)}
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def idea_create(request):
    initial = {}
    organisation = request.GET.get("organisation")
    if organisation and organisation.isdigit():
        initial["organisation"] = organisation
    form = InterplayIdeaForm(request.POST or None, initial=initial)
    return _idea_form_page(request, form, idea=None)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def idea_edit(request, pk):
    idea = selectors.idea_get_for_user(user=request.user, pk=pk, for_change=True)
    form = InterplayIdeaForm(request.POST or None, instance=idea)
    return _idea_form_page(request, form, idea=idea)


def _idea_form_page(request, form, *, idea):
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    services.idea_save(idea=idea, **model_values(form))
                    messages.success(request, _("The idea was saved."))
                    return redirect("mapping:idea-list")
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "mapping/meetings/idea_form.html", {"form": form, "idea": idea})


def organisation_section(request, organisation):
    """The Panel this concept adds to an organisation's page, or None.

    Staff see the organisation's meetings, the feedback heard from it (with a link to add
    more) and its ideas for interplay; nobody else sees any of it.
    """
    user = request.user
    if not (user.is_authenticated and user.is_programme_staff):
        return None
    return Panel(
        "mapping/meetings/organisation_section.html",
        {
            "organisation": organisation,
            "meetings": list(selectors.organisation_meetings(organisation=organisation)),
            "feedback": list(selectors.organisation_feedback(organisation=organisation)),
            "ideas": list(selectors.organisation_ideas(organisation=organisation)),
            # Ideas start from an enterprise: only then does "new idea" make sense here.
            "may_have_ideas": organisation.se_status != Organisation.SocialEconomyStatus.NONE
            or organisation.sector == Organisation.Sector.SOCIAL_ECONOMY,
            "feedback_url": reverse("mapping:feedback-create-organisation", args=[organisation.pk]),
        },
    )


urlpatterns = [
    path("mapping/meetings/", meeting_list, name="meeting-list"),
    path("mapping/meetings/new/", meeting_create, name="meeting-create"),
    path("mapping/meetings/<int:pk>/", meeting_detail, name="meeting-detail"),
    path("mapping/meetings/<int:pk>/edit/", meeting_edit, name="meeting-edit"),
    path("mapping/meetings/<int:pk>/attendance/", meeting_attendance, name="meeting-attendance"),
    path("mapping/meetings/<int:pk>/meeting.ics", meeting_ics, name="meeting-ics"),
    path("mapping/meetings/<int:pk>/invite/", meeting_invite, name="meeting-invite"),
    path(
        "mapping/meetings/<int:pk>/feedback/new/",
        feedback_create_meeting,
        name="feedback-create-meeting",
    ),
    path(
        "mapping/organisations/<int:pk>/feedback/new/",
        feedback_create_organisation,
        name="feedback-create-organisation",
    ),
    path("mapping/feedback/", feedback_by_theme, name="feedback-by-theme"),
    path("mapping/ideas/", idea_list, name="idea-list"),
    path("mapping/ideas/new/", idea_create, name="idea-create"),
    path("mapping/ideas/<int:pk>/edit/", idea_edit, name="idea-edit"),
]
