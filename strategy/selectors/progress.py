"""Reads of the adopted plan in action: the plan in force, each action's latest progress,
whether it is late or stale, the overview's counts, the timeline and the stale lists.

Every function here reads a plan's actions in a fixed number of queries: the latest progress
of each action comes from subqueries, never from one query per action.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mapping.selectors import public_organisation_name
from portal import timeline
from portal.access import get_for_user
from strategy.models import Action, CouncilDecision, FeedbackNotice, ProgressUpdate, Strategy
from strategy.selectors.drafting import strategies_visible
from strategy.selectors.in_force import (
    is_in_force,
    plan_in_force,
    status_of,
    upcoming_plans,
)

State = Action.State

__all__ = ["plan_in_force"]  # kept here for the callers that read the plan in force


def adopted_on(strategy):
    """The day the plan was adopted: the council's decision, else (a plan adopted without a
    recorded decision, e.g. loaded from elsewhere) the start of its period or its creation."""
    decided = (
        CouncilDecision.objects.filter(strategy=strategy)
        .exclude(outcome=CouncilDecision.Outcome.REJECTED)
        .values_list("decided_on", flat=True)
        .first()
    )
    return decided or strategy.starts_on or timezone.localdate(strategy.created_at)


def is_stale(action, *, last_update_on, adopted, today, days=None):
    """Stale: an open action with no progress update (or, with none, no adoption) for longer
    than `days` (settings.STRATEGY_STALE_DAYS). Done and dropped actions are never stale."""
    days = settings.STRATEGY_STALE_DAYS if days is None else days
    if action.state in Action.CLOSED_STATES:
        return False
    reference = last_update_on or adopted
    return reference is not None and (today - reference).days > days


def owner_key(action):
    """A stable key for the action's owner, whichever kind it is (for the owner filter)."""
    if action.owner_department:
        return f"department:{action.owner_department}"
    if action.owner_organisation_id:
        return f"organisation:{action.owner_organisation_id}"
    return f"person:{action.owner_person_id}"


def with_progress(actions):
    """`actions` with the newest update's date and % done, and the newest indicator value
    recorded (`last_update_on`, `percent_done`, `current_value`)."""
    newest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-date", "-created_at")
    return actions.select_related(
        "strategy", "focus_area", "goal", "owner_organisation", "owner_person"
    ).annotate(
        last_update_on=Subquery(newest.values("date")[:1]),
        percent_done=Subquery(newest.values("percent_done")[:1]),
        current_value=Subquery(
            newest.filter(indicator_value__isnull=False).values("indicator_value")[:1]
        ),
    )


def _flag(actions, *, strategy, adopted, today, in_force=None):
    """Set `late` and `stale` on each action. Only the plan in force goes stale."""
    if in_force is None:
        in_force = is_in_force(strategy, today)
    for action in actions:
        action.late = action.is_late(today)
        action.stale = in_force and is_stale(
            action, last_update_on=action.last_update_on, adopted=adopted, today=today
        )
    return actions


def plan_actions(*, strategy, today=None, in_force=None):
    """All the strategy's actions in plan order, with their progress and flags."""
    today = today or timezone.localdate()
    queryset = with_progress(Action.objects.filter(strategy=strategy)).order_by(
        "focus_area__position", "focus_area__pk", "position", "pk"
    )
    return _flag(
        list(queryset),
        strategy=strategy,
        adopted=adopted_on(strategy),
        today=today,
        in_force=in_force,
    )


# --- The overview ----------------------------------------------------------------------


@dataclass
class Overview:
    strategy: Strategy
    today: date
    adopted_on: date
    actions: list  # every action of the plan
    rows: list  # the actions the filters let through
    groups: list  # [{"focus_area", "actions"}] of `rows`, every focus area of the plan
    state_counts: list = field(default_factory=list)  # [{"state", "label", "count"}]
    late_count: int = 0
    stale_count: int = 0
    status: object = None  # the plan's PlanStatus today

    @property
    def total(self):
        return len(self.actions)

    @property
    def filtered(self):
        return len(self.rows) != len(self.actions)

    def owner_choices(self):
        owners = {owner_key(action): str(action.owner) for action in self.actions}
        return sorted(owners.items(), key=lambda item: item[1].casefold())


def _keep(action, filters):
    if filters.get("focus_area") and action.focus_area_id != filters["focus_area"]:
        return False
    if filters.get("state") and action.state != filters["state"]:
        return False
    if filters.get("owner") and owner_key(action) != filters["owner"]:
        return False
    return not (filters.get("late") and not action.late)


def plan_overview(*, strategy, filters=None, today=None):
    """The overview of a plan: its actions grouped by focus area, with counts per state and
    of late and stale actions over the whole plan (the filters narrow only the rows).

    Four queries whatever the plan's size: the decision, the plan in force, the focus areas,
    and the actions with their latest progress.
    """
    today = today or timezone.localdate()
    filters = filters or {}
    adopted = adopted_on(strategy)
    focus_areas = list(strategy.focus_areas.all())
    queryset = with_progress(Action.objects.filter(strategy=strategy)).order_by(
        "focus_area__position", "focus_area__pk", "position", "pk"
    )
    status = status_of(strategy, today=today)
    actions = _flag(
        list(queryset), strategy=strategy, adopted=adopted, today=today, in_force=status.in_force
    )
    rows = [action for action in actions if _keep(action, filters)]
    groups = [
        {"focus_area": area, "actions": [a for a in rows if a.focus_area_id == area.pk]}
        for area in focus_areas
        if not filters.get("focus_area") or filters["focus_area"] == area.pk
    ]
    counts = dict.fromkeys(State.values, 0)
    for action in actions:
        counts[action.state] += 1
    return Overview(
        strategy=strategy,
        today=today,
        adopted_on=adopted,
        actions=actions,
        rows=rows,
        groups=groups,
        state_counts=[
            {"state": state, "label": State(state).label, "count": counts[state]}
            for state in State.values
        ],
        late_count=sum(action.late for action in actions),
        stale_count=sum(action.stale for action in actions),
        status=status,
    )


# --- One action ------------------------------------------------------------------------


def _action_with_progress(queryset, *, pk, today, for_change=False, may_change=None):
    """One action of `queryset` (404 when not there) with its latest progress and flags."""
    today = today or timezone.localdate()
    action = get_for_user(
        with_progress(queryset), pk=pk, for_change=for_change, may_change=may_change
    )
    return _flag(
        [action], strategy=action.strategy, adopted=adopted_on(action.strategy), today=today
    )[0]


def action_progress_get_for_user(*, user, pk, for_change=False, today=None):
    """An action with its progress over time, for those who may know of its plan
    (`strategies_visible`): 404 for others; recording progress is the staff's (403)."""
    return _action_with_progress(
        Action.objects.filter(strategy__in=strategies_visible(user=user)),
        pk=pk,
        today=today,
        for_change=for_change,
        may_change=lambda _action: user.is_programme_staff,
    )


def progress_history(*, action):
    """The action's progress updates, newest first (by date, then time of registration)."""
    return list(
        ProgressUpdate.objects.filter(action=action)
        .select_related("by")
        .order_by("-date", "-created_at", "-pk")
    )


def notices_sent(*, action):
    """The e-mails that told feedback givers about the action, newest first."""
    return list(
        FeedbackNotice.objects.filter(action=action)
        .select_related("feedback__contact", "sent_by")
        .order_by("-sent_at", "-pk")
    )


# --- Stale and late --------------------------------------------------------------------


def stale_actions(*, strategy=None, owner_person=None, today=None):
    """The stale actions of the plan in force (or of `strategy`), optionally of one owner."""
    strategy = strategy or plan_in_force(today)
    if strategy is None or not is_in_force(strategy, today):
        return []
    actions = plan_actions(strategy=strategy, today=today, in_force=True)
    return [
        action
        for action in actions
        if action.stale and (owner_person is None or action.owner_person_id == owner_person.pk)
    ]


# --- The timeline ----------------------------------------------------------------------

# An action's bar by its state; a late one is hatched and says "late" in its label.
TIMELINE_PAINTS = {
    State.DONE: "done",
    State.DROPPED: "dropped",
    State.UNDER_WAY: "under-way",
}


def _action_lane(action):
    return timeline.Lane(
        label=action.title,
        starts=action.starts_on,
        ends=action.ends_on,
        paint="late" if action.late else TIMELINE_PAINTS.get(action.state, "planned"),
        note=_("late") if action.late else "",
        kind=action.focus_area.title,
        cells=(
            action.get_state_display(),
            f"{action.percent_done} %" if action.percent_done is not None else "–",
            _("Late") if action.late else _("No"),
        ),
        key=action,
    )


def _timeline_lanes(overview):
    for group in overview.groups:
        yield timeline.Lane(label=group["focus_area"].title, level=0)
        yield from (_action_lane(action) for action in group["actions"])


def plan_timeline(*, strategy, today=None):
    """The plan's overview and its actions on the portal's timeline, grouped by focus area.

    The axis runs over the actions and the plan period, widened to include today so that
    today is always marked.
    """
    overview = plan_overview(strategy=strategy, today=today)
    headers = (_("Action"), _("Focus area"), _("Start"), _("End"))
    drawn = timeline.build(
        list(_timeline_lanes(overview)),
        days=[strategy.starts_on, strategy.ends_on, overview.today],
        today=overview.today,
        headers=(*headers, _("State"), _("Done (%)"), _("Late")),
        mark_running=False,
    )
    return overview, drawn


# --- The public page -------------------------------------------------------------------


def public_owner(action):
    """The owner as the public page shows it: a department by name, an organisation by name
    when it is approved (`public_organisation_name`); a person never by name (the page is
    public and the person did not choose to be on it), but as the municipality when they
    are the programme's staff, else as 'a named person'."""
    if action.owner_department:
        return action.owner_department
    if action.owner_organisation_id:
        return public_organisation_name(action.owner_organisation)
    if action.owner_person.is_programme_staff:
        return settings.PORTAL_MUNICIPALITY
    return _("A named person (not shown publicly)")


def public_history(*, action):
    """The action's progress as the public may see it: no notes, no names."""
    return [
        {
            "date": update.date,
            "state": update.get_state_display(),
            "percent_done": update.percent_done,
            "indicator_value": update.indicator_value,
        }
        for update in ProgressUpdate.objects.filter(action=action).order_by(
            "-date", "-created_at", "-pk"
        )
    ]


def public_plans(*, today=None):
    """What the public page shows: the plan in force (or None), the plan shown (the plan in
    force, else the first plan adopted for a later period, or None), and the plans adopted
    for a later period that are not the one shown, each "in force from" its start."""
    today = today or timezone.localdate()
    in_force = plan_in_force(today)
    upcoming = list(upcoming_plans(today))
    shown = in_force or (upcoming[0] if upcoming else None)
    return in_force, shown, [plan for plan in upcoming if plan != shown]


def coming_plan_public_get(*, pk, today=None):
    """A plan adopted for a later period, before it comes into force, the same for everyone;
    404 for any other."""
    return get_for_user(upcoming_plans(today or timezone.localdate()), pk=pk)


def public_plan(*, strategy, in_force, today=None):
    """An adopted plan as the public page shows it: focus areas, their goals and under each
    goal its actions (with progress), then the area's actions without goal, and the plan's
    status today (`in_force` is the plan in force, or None)."""
    today = today or timezone.localdate()
    status = status_of(strategy, in_force=in_force, today=today)
    focus_areas = list(strategy.focus_areas.prefetch_related("goals"))
    actions = plan_actions(strategy=strategy, today=today, in_force=status.in_force)
    for action in actions:
        action.public_owner = public_owner(action)
    areas = []
    for area in focus_areas:
        own = [a for a in actions if a.focus_area_id == area.pk]
        areas.append(
            {
                "focus_area": area,
                "goals": [
                    {"goal": goal, "actions": [a for a in own if a.goal_id == goal.pk]}
                    for goal in area.goals.all()
                ],
                "other_actions": [a for a in own if a.goal_id is None],
            }
        )
    return {"strategy": strategy, "status": status, "areas": areas, "actions": actions}


def action_public_get(*, pk, today=None):
    """One action of the plan in force or of a plan adopted for a later period, for the
    public page, the same for everyone; 404 for any other action."""
    today = today or timezone.localdate()
    action = _action_with_progress(Action.objects.all(), pk=pk, today=today)
    status = status_of(action.strategy, today=today)
    if not (status.in_force or status.upcoming):
        raise Http404(_("No such action in the plan in force."))
    action.plan_status = status
    action.public_owner = public_owner(action)
    return action
