"""Reads of the steering group: members, meetings and their agenda, decisions, follow-up tasks.

The views check who may read (staff and the steering group); these functions return what the
pages show, evaluated here so that no query runs while a template renders.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Prefetch, Value, When
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import review
from portal.access import get_for_user
from portal.followup.selectors import followups_visible
from portal.history import history_entries
from portal.models import SteeringGroupMember
from portal.programme.forms.steering import TaskFilter
from portal.programme.models import AgendaItem, Decision, FollowUpTask, SteeringMeeting
from portal.programme.selectors import leader_changes, readers_only


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda item with what it points at: a label, and a link when there is a page."""

    item: AgendaItem
    label: str
    url: str
    # When the item points at a version the steering group reviews and a newer one has been
    # sent since: that one, so the agenda says so (the item still names what it chose).
    newer_label: str = ""
    newer_url: str = ""


@dataclass(frozen=True)
class TaskRow:
    task: FollowUpTask
    state: str
    state_label: str
    may_complete: bool
    # The project leader corrects tasks (edit, reopen, remove).
    may_change: bool = False


def task_row(task, *, user, today):
    state = task.state(today)
    return TaskRow(
        task=task,
        state=state,
        state_label=FollowUpTask.State(state).label,
        may_complete=task.done_at is None and task.may_complete(user),
        may_change=user.is_project_leader,
    )


def _url(name_or_obj):
    """A page's address, or "" while the page is not there (an app not wired up yet)."""
    try:
        if isinstance(name_or_obj, str):
            return reverse(name_or_obj)
        return name_or_obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def agenda_entry(item):
    if item.points_at_budget:
        return AgendaEntry(item, _("The budget"), _url("programme:budget"))
    if item.subject_type_id:
        subject = item.subject
        if subject is None:
            return AgendaEntry(item, _("A document that no longer exists"), "")
        newer = review.newer_version(subject) if review.is_reviewed(subject) else None
        if newer is not None:
            return AgendaEntry(item, str(subject), _url(subject), str(newer), _url(newer))
        return AgendaEntry(item, str(subject), _url(subject))
    return AgendaEntry(item, "", "")


def agenda_of(*, meeting):
    items = meeting.agenda_items.select_related("subject_type").prefetch_related("subject")
    return [agenda_entry(item) for item in items.order_by("position", "pk")]


def member_list():
    return list(SteeringGroupMember.objects.select_related("user").order_by("-active", "name"))


def member_get_for_user(*, user, pk, for_change=False):
    """A member of the steering group: the staff and the steering group know them, the
    project leader changes them (403 for the others); 404 for anyone else."""
    return get_for_user(
        readers_only(SteeringGroupMember.objects.all(), user=user),
        pk=pk,
        for_change=for_change,
        may_change=leader_changes(user),
    )


def agenda_recipients():
    """The members the agenda goes to: active, with an e-mail address."""
    return list(
        SteeringGroupMember.objects.filter(active=True)
        .exclude(email="")
        .select_related("user")
        .order_by("name", "pk")
    )


def meeting_list(*, now=None):
    """(upcoming soonest first, past newest first), with their counts."""
    now = now or timezone.now()
    meetings = list(
        SteeringMeeting.objects.annotate(
            item_count=Count("agenda_items", distinct=True),
            decision_count=Count("decisions", distinct=True),
        ).order_by("-starts_at", "-pk")
    )
    upcoming = sorted((m for m in meetings if m.ends_at > now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.ends_at <= now]
    return upcoming, past


def _meetings():
    return SteeringMeeting.objects.select_related("created_by")


def meeting_get(*, pk):
    """A meeting read again by the services (the agenda's sending), not for a person."""
    return get_object_or_404(_meetings(), pk=pk)


def meeting_get_for_user(*, user, pk, for_change=False):
    """A steering group meeting: the staff and the steering group read it (its agenda, the
    PDF, the calendar entry), the project leader changes it and sends its agenda (403 for
    the others); 404 for anyone else."""
    return get_for_user(
        readers_only(_meetings(), user=user),
        pk=pk,
        for_change=for_change,
        may_change=leader_changes(user),
    )


def agenda_item_get_for_user(*, user, pk, meeting, for_change=False):
    """An item on `meeting`'s agenda (404 for one on another meeting's); the meeting's rule."""
    return get_for_user(
        readers_only(meeting.agenda_items.all(), user=user),
        pk=pk,
        for_change=for_change,
        may_change=leader_changes(user),
    )


def next_meeting(*, now=None):
    """The next meeting that has not ended, with its agenda, or None."""
    now = now or timezone.now()
    meeting = SteeringMeeting.objects.filter(ends_at__gt=now).order_by("starts_at", "pk").first()
    if meeting is None:
        return None, []
    return meeting, agenda_of(meeting=meeting)


def _tasks():
    return FollowUpTask.objects.select_related("owner").order_by(
        Case(When(done_at__isnull=True, then=Value(0)), default=Value(1)), "due_on", "pk"
    )


def _decisions():
    return Decision.objects.select_related("agenda_item", "meeting").prefetch_related(
        Prefetch("tasks", queryset=_tasks())
    )


def decisions_of(*, meeting):
    return list(_decisions().filter(meeting=meeting).order_by("recorded_at", "pk"))


def decision_list():
    """Every decision, the newest meeting first, each with its tasks."""
    return list(_decisions().order_by("-meeting__starts_at", "meeting_id", "recorded_at", "pk"))


def task_list(*, user, params, request):
    """Follow-up tasks: by default the open ones, the asker's own (everyone's for the project
    leader); overdue and done on request."""
    params = params.copy()
    if params.get("whose") not in ("mine", "all"):
        params["whose"] = "all" if user.is_project_leader else "mine"
    if params.get("state") not in ("open", FollowUpTask.State.OVERDUE, FollowUpTask.State.DONE):
        params["state"] = "open"
    queryset = _tasks().select_related("decision__meeting")
    filterset = TaskFilter(params, queryset=queryset, request=request)
    return filterset, filterset.qs


def open_tasks():
    """Everyone's open tasks (overdue ones too), soonest deadline first. A person's own, from
    every app, are `portal.followup.selectors.my_tasks`."""
    return (
        FollowUpTask.objects.open()
        .select_related("owner", "decision__meeting")
        .order_by("due_on", "pk")
    )


def meeting_history(*, meeting, limit=20):
    """The recorded changes to a meeting, newest first: who, when and what kind of change."""
    records = meeting.history.select_related("history_user").order_by("-history_date")[:limit]
    return history_entries(records, fields=())


def decision_get_for_user(*, user, pk, for_change=False):
    """A decision of the steering group: the staff and the steering group read it, the
    project leader changes it (403 for the others); 404 for anyone else."""
    return get_for_user(
        readers_only(Decision.objects.select_related("meeting", "agenda_item"), user=user),
        pk=pk,
        for_change=for_change,
        may_change=leader_changes(user),
    )


def task_get_for_user(*, user, pk, for_change=False):
    """A follow-up task of a decision: the staff know every one, others their own (the rule
    of every app's tasks, `portal.followup`), 404 for the rest. Changing it (its text,
    owner, deadline; deleting it) is the project leader's (403 for the others); marking it
    done is the task's own rule (`may_complete`), which the services check."""
    queryset = followups_visible(FollowUpTask, user=user).select_related(
        "owner", "decision__meeting"
    )
    return get_for_user(queryset, pk=pk, for_change=for_change, may_change=leader_changes(user))


def decision_history(*, decision):
    """The recorded changes to a decision and its follow-up tasks (removed ones too), newest
    first: two queries."""
    entries = history_entries(
        decision, fields=(), describe=lambda record: _("The decision")
    ) + history_entries(
        FollowUpTask.history.filter(decision_id=decision.pk),
        fields=(),
        describe=lambda record: record.title,
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def task_history(*, task):
    return history_entries(task, fields=(), describe=lambda record: record.title)
