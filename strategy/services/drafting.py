"""Writing the strategy and action plan together: every save of a part (the strategy's own
fields, a focus area, a goal, an action, a deletion) is one transaction that also records a
numbered StrategyVersion with a full snapshot.

Several staff edit the same draft. Each part carries a `revision`; a form carries the
revision it was loaded with, and a save whose revision is no longer the stored one raises
`EditConflict` instead of overwriting the other person's work. Saving "mine anyway" is the
same call with the current revision: the other person's text stays in the previous version.

Lock order, always: the strategy row first (it serialises the version numbers), then the
part's row. Two saves of the same strategy therefore take turns, never deadlock.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.records import assign, assign_related
from strategy.models import Action, FocusArea, Goal, Strategy, StrategyVersion
from strategy.snapshot import strategy_snapshot

# The strategy's own fields that its edit form changes; nothing else of the row is written
# (the council's decision changes `state` meanwhile, and must not be undone by a draft save).
STRATEGY_FIELDS = ("title", "vision", "starts_on", "ends_on")
# What the saves of a focus area, a goal and an action let change (their values arrive as
# keyword arguments); the part's strategy or focus area is set when it is added, not changed.
FOCUS_AREA_FIELDS = ("position", "title", "description")
GOAL_FIELDS = ("position", "title", "description")
# The many-to-many fields of an action, set after the row is saved.
ACTION_RELATIONS = ("partners", "organisations", "feedback", "interplay_ideas", "potentials")
ACTION_FIELDS = (
    "title",
    "description",
    "position",
    "focus_area",
    "goal",
    "state",
    "owner_department",
    "owner_organisation",
    "owner_person",
    "starts_on",
    "ends_on",
    "budget",
    "budget_hours",
    "indicator",
    "indicator_unit",
    "baseline",
    "target",
    "feedback_themes",
    *ACTION_RELATIONS,
)
TITLE_LENGTH = 80


class StrategyLocked(PermissionDenied):
    """The strategy is no longer a draft (adopted, rejected, replaced): it is not edited."""


class EditConflict(Exception):
    """Someone else saved (or deleted) the part since this person loaded it.

    `current` is the row as stored now (None when it was deleted), `saved_by` and `saved_at`
    who saved it last and when, and `version` the strategy's latest version (it holds the
    other person's content; the previous one holds what was there before).
    """

    def __init__(self, *, current, saved_by, saved_at, version):
        super().__init__("edit conflict")
        self.current = current
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.version = version


class PartGone(Exception):
    """The part was deleted by someone else before this save could lock it."""


def _title(text):
    return Truncator(text).chars(TITLE_LENGTH)


def _summary(message, **params):
    """A version's summary in the municipality's language, kept beside the message and its
    parameters (which each reader sees translated into their own language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(message) % params


class Unchanged(Exception):
    """The save changes nothing: no row is written and no version recorded."""

    def __init__(self, current):
        super().__init__("unchanged")
        self.current = current


def _same(current, new, *, exclude=("id", "revision")):
    """Whether `new` holds the same values as the stored `current` in every concrete field."""
    for model_field in current._meta.concrete_fields:
        if model_field.name in exclude:
            continue
        old_value = getattr(current, model_field.attname)
        new_value = getattr(new, model_field.attname)
        if isinstance(old_value, list) and isinstance(new_value, list):
            old_value, new_value = sorted(map(str, old_value)), sorted(map(str, new_value))
        if old_value != new_value:
            return False
    return True


def _same_relations(current, relations):
    for name, rows in relations.items():
        stored = set(getattr(current, name).values_list("pk", flat=True))
        if stored != {row.pk for row in rows}:
            return False
    return True


def _lock_strategy(strategy_id):
    strategy = Strategy.objects.select_for_update().get(pk=strategy_id)
    if not strategy.is_editable:
        raise StrategyLocked(
            _("“%(title)s” is no longer a draft: the plan is locked against changes.")
            % {"title": strategy.title}
        )
    return strategy


def latest_version(strategy):
    return (
        StrategyVersion.objects.filter(strategy=strategy)
        .select_related("saved_by")
        .order_by("-number")
        .first()
    )


def _last_saved(row, strategy):
    """Who saved `row` last and when: the row's own change history names the person exactly
    (the latest version may be someone else's save of another part); the strategy's latest
    version is the fallback."""
    version = latest_version(strategy)
    record = row.history.select_related("history_user").order_by("-history_date").first()
    if record is not None and record.history_user is not None:
        return record.history_user, record.history_date, version
    if version is not None:
        return version.saved_by, version.saved_at, version
    return None, None, None


def _conflict(current, strategy):
    saved_by, saved_at, version = _last_saved(current, strategy)
    return EditConflict(current=current, saved_by=saved_by, saved_at=saved_at, version=version)


def _lock_part(model, pk, revision, strategy):
    """The part's row, locked; a conflict when its revision is not the one the form loaded."""
    current = model.objects.select_for_update().filter(pk=pk).first()
    if current is None:
        raise PartGone
    if revision is None or current.revision != revision:
        raise _conflict(current, strategy)
    return current


def _record_version(*, strategy, by, message, **params):
    """The strategy as it now stands, as the next numbered version, with `message` (an
    English text marked with gettext_noop) and `params` as what changed. The caller holds
    the strategy's row lock, so the number is the previous one plus one."""
    last = StrategyVersion.objects.filter(strategy=strategy).aggregate(last=Max("number"))["last"]
    version = StrategyVersion(
        strategy=strategy,
        number=(last or 0) + 1,
        snapshot=strategy_snapshot(strategy),
        summary=Truncator(_summary(message, **params)).chars(300),
        summary_message=message,
        summary_params=params,
        saved_by=by,
        saved_at=timezone.now(),
    )
    version.full_clean()
    version.save()
    return version


def version_record(*, strategy, by, message, **params):
    """Record the strategy as it now stands as its next version, with `message` (marked
    with gettext_noop, formatted with `params`) as what changed, translated when shown.
    For workflows outside drafting that change the plan (the council's adoption); the
    caller holds the strategy's row lock."""
    return _record_version(strategy=strategy, by=by, message=message, **params)


def _save_row(row, by, **kwargs):
    row.full_clean()
    row._history_user = by
    row.save(**kwargs)


# --- The strategy ----------------------------------------------------------------------


def check_period(starts_on, ends_on):
    """A plan period ends on or after its start (either end may be open)."""
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The plan period cannot end before it starts.")}, code="period"
        )


@transaction.atomic
def strategy_create(*, by, title, vision="", starts_on=None, ends_on=None):
    """A new draft strategy, and its version 1."""
    strategy = Strategy(
        title=title, vision=vision, starts_on=starts_on, ends_on=ends_on, created_by=by
    )
    check_period(starts_on, ends_on)
    _save_row(strategy, by)
    _record_version(
        strategy=strategy,
        by=by,
        message=gettext_noop("Strategy “%(title)s” created"),
        title=_title(strategy.title),
    )
    return strategy


@transaction.atomic
def strategy_update(*, strategy, by, revision, **values):
    """Save the strategy's title, vision and period (`values`, of `STRATEGY_FIELDS`), if
    nobody saved them since `revision` was loaded."""
    current = _lock_strategy(strategy.pk)
    if revision is None or current.revision != revision:
        raise _conflict(current, current)
    before = {name: getattr(current, name) for name in STRATEGY_FIELDS}
    assign(current, values, fields=STRATEGY_FIELDS)
    if all(getattr(current, name) == before[name] for name in STRATEGY_FIELDS):
        raise Unchanged(current)
    check_period(current.starts_on, current.ends_on)
    current.revision += 1
    _save_row(current, by, update_fields=[*STRATEGY_FIELDS, "revision"])
    _record_version(
        strategy=current,
        by=by,
        message=gettext_noop("Strategy “%(title)s” changed"),
        title=_title(current.title),
    )
    strategy.revision = current.revision
    return current


# --- Focus areas and goals -------------------------------------------------------------


@transaction.atomic
def focus_area_save(*, by, focus_area=None, strategy=None, revision=None, **values):
    """Add a focus area to `strategy` (no `focus_area`) or change `focus_area`, if nobody
    saved it since `revision`, with `values` (`FOCUS_AREA_FIELDS`)."""
    focus_area = focus_area or FocusArea(strategy=strategy)
    assign(focus_area, values, fields=FOCUS_AREA_FIELDS)
    strategy = _lock_strategy(focus_area.strategy_id)
    if focus_area.pk is None:
        focus_area.revision = 1
        message = gettext_noop("Focus area “%(title)s” added")
    else:
        current = _lock_part(FocusArea, focus_area.pk, revision, strategy)
        focus_area.strategy_id = current.strategy_id
        if _same(current, focus_area):
            raise Unchanged(current)
        focus_area.revision = current.revision + 1
        message = gettext_noop("Focus area “%(title)s” changed")
    _save_row(focus_area, by)
    _record_version(strategy=strategy, by=by, message=message, title=_title(focus_area.title))
    return focus_area


@transaction.atomic
def focus_area_delete(*, focus_area, by, revision):
    """Delete a focus area and its goals; refused while actions belong to it."""
    strategy = _lock_strategy(focus_area.strategy_id)
    current = _lock_part(FocusArea, focus_area.pk, revision, strategy)
    if current.actions.exists():
        raise ValidationError(
            _("The focus area “%(title)s” still has actions: move or delete them first."),
            code="has_actions",
            params={"title": current.title},
        )
    title = current.title
    current._history_user = by
    for goal in current.goals.all():
        goal._history_user = by
        goal.delete()
    current.delete()
    return _record_version(
        strategy=strategy,
        by=by,
        message=gettext_noop("Focus area “%(title)s” deleted"),
        title=_title(title),
    )


@transaction.atomic
def goal_save(*, by, goal=None, focus_area=None, revision=None, **values):
    """Add a goal to `focus_area` (no `goal`) or change `goal`, if nobody saved it since
    `revision`, with `values` (`GOAL_FIELDS`)."""
    goal = goal or Goal(focus_area=focus_area)
    assign(goal, values, fields=GOAL_FIELDS)
    strategy = _lock_strategy(goal.focus_area.strategy_id)
    if goal.pk is None:
        goal.revision = 1
        message = gettext_noop("Goal “%(title)s” added")
    else:
        current = _lock_part(Goal, goal.pk, revision, strategy)
        goal.focus_area_id = current.focus_area_id
        if _same(current, goal):
            raise Unchanged(current)
        goal.revision = current.revision + 1
        message = gettext_noop("Goal “%(title)s” changed")
    _save_row(goal, by)
    _record_version(strategy=strategy, by=by, message=message, title=_title(goal.title))
    return goal


@transaction.atomic
def goal_delete(*, goal, by, revision):
    """Delete a goal; refused while actions aim at it."""
    strategy = _lock_strategy(goal.focus_area.strategy_id)
    current = _lock_part(Goal, goal.pk, revision, strategy)
    if current.actions.exists():
        raise ValidationError(
            _("The goal “%(title)s” still has actions: choose another goal for them first."),
            code="has_actions",
            params={"title": current.title},
        )
    title = current.title
    current._history_user = by
    current.delete()
    return _record_version(
        strategy=strategy,
        by=by,
        message=gettext_noop("Goal “%(title)s” deleted"),
        title=_title(title),
    )


# --- Actions ---------------------------------------------------------------------------


@transaction.atomic
def action_save(*, by, action=None, strategy=None, revision=None, **values):
    """Add an action to `strategy` (no `action`) or change `action`, if nobody saved it
    since `revision`, with `values` (`ACTION_FIELDS`).

    The names in ACTION_RELATIONS link rows (partners, the organisations, feedback,
    interplay ideas and potentials it answers); a name left out keeps its links. The row,
    its links and the version are saved together or not at all.
    """
    action = action or Action(strategy=strategy)
    relations = assign(action, values, fields=ACTION_FIELDS)
    strategy = _lock_strategy(action.strategy_id)
    if action.pk is None:
        action.revision = 1
        message = gettext_noop("Action “%(title)s” added")
    else:
        current = _lock_part(Action, action.pk, revision, strategy)
        action.strategy_id = current.strategy_id
        if _same(current, action) and _same_relations(current, relations):
            raise Unchanged(current)
        action.revision = current.revision + 1
        message = gettext_noop("Action “%(title)s” changed")
    _save_row(action, by)
    assign_related(action, relations)
    _record_version(strategy=strategy, by=by, message=message, title=_title(action.title))
    return action


@transaction.atomic
def action_delete(*, action, by, revision):
    """Delete an action, if nobody saved it since `revision`; its progress goes with it."""
    strategy = _lock_strategy(action.strategy_id)
    current = _lock_part(Action, action.pk, revision, strategy)
    title = current.title
    current._history_user = by
    current.delete()
    return _record_version(
        strategy=strategy,
        by=by,
        message=gettext_noop("Action “%(title)s” deleted"),
        title=_title(title),
    )
