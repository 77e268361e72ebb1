"""Reads of meetings, feedback and interplay ideas. Only programme staff see any of it."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from mapping.forms.meetings import InterplayIdeaFilter, MeetingFilter
from mapping.models import Attendance, Feedback, FeedbackTag, InterplayIdea, Meeting, Organisation
from portal.access import get_for_user, staff_only


def _meetings_with_counts(queryset):
    return (
        queryset.select_related("organiser")
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
        .annotate(
            participant_count=Count("attendances", distinct=True),
            attended_count=Count(
                "attendances", filter=Q(attendances__attended=True), distinct=True
            ),
            feedback_count=Count("feedback", distinct=True),
        )
    )


def meeting_list(*, params, now=None):
    """The meetings, filtered: (filterset, upcoming soonest first, past newest first).

    One query for the meetings and one for their organisations, however many there are.
    """
    now = now or timezone.now()
    queryset = _meetings_with_counts(Meeting.objects.all()).order_by("-starts_at", "-pk")
    filterset = MeetingFilter(params, queryset=queryset)
    meetings = list(filterset.qs)
    upcoming = sorted((m for m in meetings if m.ends_at > now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.ends_at <= now]
    return filterset, upcoming, past


def meeting_get_for_user(*, user, pk, for_change=False):
    """A mapping meeting, for the programme's staff (who also change it); 404 for others."""
    queryset = Meeting.objects.select_related("organiser").prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
    )
    return get_for_user(staff_only(queryset, user), pk=pk, for_change=for_change)


def attendances_of(*, meeting):
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("contact__organisation")
        .order_by("contact__organisation__name", "contact__name", "pk")
    )


def _feedback_entries(queryset):
    return (
        queryset.select_related("meeting", "organisation", "contact__organisation")
        .prefetch_related(Prefetch("tags", queryset=FeedbackTag.objects.order_by("name")))
        .annotate(heard_at=Coalesce("meeting__starts_at", "created_at"))
    )


def feedback_of_meeting(*, meeting):
    return _feedback_entries(Feedback.objects.filter(meeting=meeting)).order_by("theme", "pk")


def feedback_filtered(*, filters=None):
    """Feedback matching the by-theme filters, oldest first.

    `filters` is a mapping with any of: kind (a Meeting.Kind), tag (a FeedbackTag),
    organisation (whose feedback: recorded for it, or said by one of its people), date_from
    and date_to (dates, inclusive, in Danish time: the meeting's date, else the recording's).
    """
    filters = filters or {}
    queryset = _feedback_entries(Feedback.objects.all())
    if filters.get("kind"):
        queryset = queryset.filter(meeting__kind=filters["kind"])
    if filters.get("tag"):
        queryset = queryset.filter(tags=filters["tag"])
    if filters.get("organisation"):
        organisation = filters["organisation"]
        queryset = queryset.filter(
            Q(organisation=organisation) | Q(contact__organisation=organisation)
        )
    if filters.get("date_from"):
        queryset = queryset.filter(heard_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(heard_at__date__lte=filters["date_to"])
    return queryset.distinct().order_by("heard_at", "pk")


def feedback_by_theme(*, filters=None):
    """All feedback gathered by theme, across meetings, for the view and the interim report.

    Returns one dict per theme, in the Theme order and every theme present (an empty theme
    says nothing was heard about it): {"theme", "label", "count", "entries"}, where entries
    are Feedback rows with meeting, organisation, contact and tags loaded and `heard_at` (the
    meeting's start, else when it was recorded). Two queries, whatever the number of rows.
    """
    entries = list(feedback_filtered(filters=filters))
    grouped = {theme: [] for theme in Feedback.Theme.values}
    for entry in entries:
        grouped[entry.theme].append(entry)
    return [
        {
            "theme": theme,
            "label": Feedback.Theme(theme).label,
            "count": len(grouped[theme]),
            "entries": grouped[theme],
        }
        for theme in Feedback.Theme.values
    ]


def idea_list(*, params):
    queryset = InterplayIdea.objects.select_related("organisation", "department").order_by(
        "-updated_at", "-pk"
    )
    filterset = InterplayIdeaFilter(params, queryset=queryset)
    return filterset, filterset.qs


def idea_get_for_user(*, user, pk, for_change=False):
    """An idea for interplay, for the programme's staff (who also change it); 404 for others."""
    queryset = InterplayIdea.objects.select_related("organisation")
    return get_for_user(staff_only(queryset, user), pk=pk, for_change=for_change)


def organisation_meetings(*, organisation):
    """Meetings the organisation took part in, directly or through one of its people."""
    return (
        Meeting.objects.filter(
            Q(organisations=organisation) | Q(attendances__contact__organisation=organisation)
        )
        .distinct()
        .order_by("-starts_at", "-pk")
    )


def organisation_feedback(*, organisation):
    return (
        _feedback_entries(
            Feedback.objects.filter(
                Q(organisation=organisation) | Q(contact__organisation=organisation)
            )
        )
        .distinct()
        .order_by("-heard_at", "-pk")
    )


def organisation_ideas(*, organisation):
    return (
        InterplayIdea.objects.filter(Q(organisation=organisation) | Q(department=organisation))
        .select_related("organisation", "department")
        .order_by("-updated_at", "-pk")
    )
