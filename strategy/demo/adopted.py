"""The demo's plan in force: drafted through the drafting services (every save a version),
submitted to and approved by the steering group, recommended to the city council, adopted,
and then followed with progress updates over the months.

Dates are relative to today: the plan started about eleven months ago, runs three years
ahead, and was adopted a fortnight before it started. One action is late (its end date has
passed and it is not done) and one is stale (no update for longer than
settings.STRATEGY_STALE_DAYS); every other open action was updated recently.
"""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from portal.forms import model_values
from strategy.demo import adopted_content as content
from strategy.demo.common import (
    Mapping,
    add_months,
    at,
    build_action,
    record_consenting_feedback,
    spread_versions,
    stamp,
)
from strategy.forms.council import RecommendationForm
from strategy.models import Action, CouncilDecision, Strategy
from strategy.services.council import (
    decision_record,
    latest_version,
    recommendation_of,
    recommendation_update,
)
from strategy.services.drafting import focus_area_save, goal_save, strategy_create
from strategy.services.progress import progress_add
from strategy.services.review import verdict_give, version_submit


def plan_start(today):
    """The first of the month about eleven months ago."""
    return add_months(today - timedelta(days=330), 0)


def load(*, users, stdout):
    if Strategy.objects.filter(title=content.TITLE).exists():
        stdout.write(f"Strategy “{content.TITLE}”: already there, nothing added.")
        return None
    leader, consultant = users["project_leader"], users["consultant"]
    today = timezone.localdate()
    start = plan_start(today)
    decided_on = start - timedelta(days=16)
    record_consenting_feedback(rows=content.CONSENTING_FEEDBACK, by=consultant, stdout=stdout)
    mapping = Mapping()
    strategy = _draft(leader, consultant, start, mapping, users, stdout)
    spread_versions(
        strategy, first=at(start - timedelta(days=150), 9), last=at(start - timedelta(days=60))
    )
    version = latest_version(strategy)
    _review(version, leader, users, start, stdout)
    _recommend(strategy, version, leader, start, stdout)

    decision = decision_record(
        strategy=strategy,
        version=version,
        decided_on=decided_on,
        outcome=CouncilDecision.Outcome.ADOPTED,
        by=leader,
    )
    stamp(decision, recorded_at=at(decided_on + timedelta(days=1), 9))
    # Adoption saved the plan in force as a version of its own: dated with the decision.
    stamp(latest_version(strategy), saved_at=at(decided_on + timedelta(days=1), 9))
    stdout.write(
        f"Council decision: adopted on {decided_on:%d.%m.%Y}; “{strategy.title}” in force."
    )
    _progress(strategy, users, today, stdout)
    return strategy


def _draft(leader, consultant, start, mapping, users, stdout):
    strategy = strategy_create(
        by=leader,
        title=content.TITLE,
        vision=content.VISION,
        starts_on=start,
        ends_on=date(start.year + 3, 12, 31),
    )
    stdout.write(f"Strategy: “{strategy.title}” ({strategy.starts_on:%d.%m.%Y}–"
                 f"{strategy.ends_on:%d.%m.%Y}).")  # fmt: skip
    for area_number, (title, description, goals) in enumerate(content.FOCUS_AREAS, start=1):
        by = leader if area_number % 2 else consultant
        area = focus_area_save(
            strategy=strategy, by=by, position=area_number, title=title, description=description
        )
        stdout.write(f"Focus area {area_number}: {title}.")
        saved_goals = {}
        for goal_number, (goal_title, goal_description) in enumerate(goals, start=1):
            saved_goals[goal_number] = goal_save(
                focus_area=area,
                by=by,
                position=goal_number,
                title=goal_title,
                description=goal_description,
            )
            stdout.write(f"Goal {area_number}.{goal_number}: {goal_title}.")
        for position, data in enumerate(content.ACTIONS[area_number - 1], start=1):
            action = build_action(
                data=data,
                strategy=strategy,
                area=area,
                goal=saved_goals.get(data.get("goal")),
                position=position,
                plan_start=start,
                users=users,
                mapping=mapping,
                by=consultant if position % 2 else leader,
            )
            stdout.write(
                f"Action {area_number}.{position}: {action.title} (owner: {action.owner})."
            )
    return strategy


def _review(version, leader, users, start, stdout):
    version_submit(version=version, by=leader)
    stamp(version, submitted_at=at(start - timedelta(days=55), 14))
    stdout.write(f"Version {version.number} submitted to the steering group.")
    member = users.get("steering_group")
    if member is None:
        return
    verdict = verdict_give(
        version=version, member=member, verdict="approved", comment=content.VERDICT_COMMENT
    )
    stamp(verdict, given_at=at(start - timedelta(days=48), 11))
    stdout.write(f"Verdict: {member.get_full_name() or member.username} approved version "
                 f"{version.number}.")  # fmt: skip


def _recommend(strategy, version, leader, start, stdout):
    # The case as the council's case system knows it: treated at the meeting that adopts it.
    case = {
        "case_number": f"24.10.00-P20-1-{(start.year - 1) % 100:02d}",
        "committee": "Erhvervs- og Beskæftigelsesudvalget",
        "meeting_date": (start - timedelta(days=16)).isoformat(),
    }
    form = RecommendationForm(
        data={"version": version.pk, **content.RECOMMENDATION, **case},
        instance=recommendation_of(strategy),
        strategy=strategy,
    )
    if not form.is_valid():
        raise ValueError(f"demo recommendation does not validate: {form.errors.as_json()}")
    recommendation = recommendation_update(strategy=strategy, **model_values(form), by=leader)
    stamp(recommendation, updated_at=at(start - timedelta(days=40), 15))
    stdout.write(f"Recommendation to the city council for version {version.number} written.")


def _progress(strategy, users, today, stdout):
    """Each action's progress updates, oldest first, so the newest sets the state."""
    stale_days = settings.STRATEGY_STALE_DAYS
    by_title = {action.title: action for action in Action.objects.filter(strategy=strategy)}
    authors = [users["consultant"], users["project_leader"]]
    for data in (data for area in content.ACTIONS for data in area):
        action = by_title[data["title"]]
        updates = _dated(data, stale_days)
        for index, (days_ago, state, percent, value, note) in enumerate(updates):
            update = progress_add(
                action=action,
                by=authors[index % 2],
                date=today - timedelta(days=days_ago),
                state=state,
                percent_done=percent,
                indicator_value=value,
                note=note,
            )
            stamp(update, created_at=at(update.date, 10 + index % 6))
            stdout.write(f"Progress on “{action.title}”: {update.date:%d.%m.%Y}, "
                         f"{update.state}, {percent} %.")  # fmt: skip


def _dated(data, stale_days):
    """The action's updates with their days moved so the demo holds for any stale limit:
    the stale action's last update just past the limit, other open actions' last update
    within it."""
    updates = list(data["progress"])
    last_days, state = updates[-1][0], updates[-1][1]
    if data.get("stale"):
        shift = stale_days + 25 - last_days
        return [(days + shift, *rest) for days, *rest in updates]
    if state not in Action.CLOSED_STATES and last_days >= stale_days:
        updates[-1] = (max(stale_days - 5, 0), *updates[-1][1:])
    return updates
