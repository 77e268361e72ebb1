"""The recommendation to the city council (indstilling til byrådet) and the council's
decision: the project leader writes the recommendation's texts for a version and records
what the council decided. Adoption makes the plan the one in force and locks it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strategy.models import Action, CouncilDecision, Recommendation, Strategy, StrategyVersion

Outcome = CouncilDecision.Outcome


def default_version(strategy):
    """The version a recommendation is for when none is chosen: the newest submitted to the
    steering group, else the newest."""
    versions = StrategyVersion.objects.filter(strategy=strategy).order_by("-number")
    return versions.filter(submitted_at__isnull=False).first() or versions.first()


def latest_version(strategy):
    return StrategyVersion.objects.filter(strategy=strategy).order_by("-number").first()


def recommendation_of(strategy):
    """The strategy's recommendation, or a new unsaved one (nothing is written on reading)."""
    try:
        return Recommendation.objects.select_related("version", "updated_by").get(strategy=strategy)
    except Recommendation.DoesNotExist:
        return Recommendation(strategy=strategy, version=default_version(strategy))


def _check_leader(by):
    if not by.is_project_leader:
        raise ValidationError(_("Only the project leader does this."), code="role")


def _check_undecided(strategy):
    if CouncilDecision.objects.filter(strategy=strategy).exists():
        raise ValidationError(
            _("The city council's decision on this plan is already recorded."), code="decided"
        )


@transaction.atomic
def recommendation_update(*, form, strategy, by):
    """Save the recommendation's texts and version from a valid form; history records who.
    Refused once the council's decision is recorded: the document is then what it decided on."""
    _check_leader(by)
    Strategy.objects.select_for_update().get(pk=strategy.pk)
    _check_undecided(strategy)
    recommendation = form.save(commit=False)
    recommendation.strategy = strategy
    recommendation.updated_by = by
    recommendation.full_clean()
    recommendation._history_user = by
    recommendation.save()
    return recommendation


def _save(row, by, **kwargs):
    row.full_clean()
    row._history_user = by
    row.save(**kwargs)


def _adopt(strategy, by):
    """Make `strategy` the plan in force: the one in force before is replaced, and the
    proposed actions become planned."""
    for earlier in Strategy.objects.select_for_update().filter(state=Strategy.State.ADOPTED):
        earlier.state = Strategy.State.REPLACED
        earlier.revision += 1
        _save(earlier, by, update_fields=["state", "revision"])
    strategy.state = Strategy.State.ADOPTED
    strategy.revision += 1
    _save(strategy, by, update_fields=["state", "revision"])
    actions = list(Action.objects.select_for_update().filter(strategy=strategy).order_by("pk"))
    for action in actions:
        if action.state == Action.State.PROPOSED:
            action.state = Action.State.PLANNED
            action.revision += 1
            _save(action, by, update_fields=["state", "revision"])
    return actions


@transaction.atomic
def decision_record(*, strategy, version, decided_on, outcome, changes="", by, request=None):
    """Record the city council's decision on `version`, the strategy's latest version.

    Adopted (with or without changes): the strategy is in force and locked, the plan in
    force before it is replaced, proposed actions become planned, and once committed the
    people whose feedback the actions answer are told (if they asked to hear back).
    Rejected: the strategy is rejected. Refused for anything but a draft's latest version,
    and a second time.
    """
    _check_leader(by)
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    _check_undecided(strategy)
    if strategy.state != Strategy.State.DRAFT:
        raise ValidationError(
            _("Only a draft can be decided on; this plan is %(state)s."),
            code="not_draft",
            params={"state": strategy.get_state_display().lower()},
        )
    latest = latest_version(strategy)
    if version.strategy_id != strategy.pk or latest is None or version.pk != latest.pk:
        raise ValidationError(
            {
                "version": _(
                    "The council can only decide on the plan's latest version (version "
                    "%(latest)s), so that the plan in force is exactly what was decided. "
                    "Version %(number)s is not the latest."
                )
                % {"latest": latest.number if latest else "–", "number": version.number}
            },
            code="not_latest",
        )
    if decided_on > timezone.localdate():
        raise ValidationError(
            {"decided_on": _("The date of the decision cannot be in the future.")},
            code="future",
        )
    decision = CouncilDecision(
        strategy=strategy,
        version=version,
        decided_on=decided_on,
        outcome=outcome,
        changes=changes.strip() if outcome == Outcome.ADOPTED_WITH_CHANGES else "",
        recorded_by=by,
    )
    decision.full_clean()
    decision.save()
    if decision.adopted:
        actions = _adopt(strategy, by)

        def notify():
            from strategy.services.feedback_loop import notify_feedback_givers

            notify_feedback_givers(actions=actions, event="adopted", by=by, request=request)

        transaction.on_commit(notify, robust=True)
    else:
        strategy.state = Strategy.State.REJECTED
        strategy.revision += 1
        _save(strategy, by, update_fields=["state", "revision"])
    return decision
