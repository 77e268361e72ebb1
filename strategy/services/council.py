"""The recommendation to the city council (indstilling til byrådet) and the council's
decision: the project leader writes the recommendation's texts for a version and records
what the council decided.

Adoption locks the plan; it is the plan in force while its period covers today (see
`strategy.selectors.in_force`), so a plan adopted for a later period does not push the
running plan off. "Adopted with changes" is two steps: recording the decision opens the plan
for the council's amendments, and applying them records the plan as adopted (a new version,
compared with the recommended one on the decision page) and locks it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from portal.records import assign
from strategy import diff
from strategy.models import Action, CouncilDecision, Recommendation, Strategy, StrategyVersion
from strategy.services.drafting import version_record
from strategy.snapshot import strategy_snapshot

Outcome = CouncilDecision.Outcome
# What the project leader writes in the recommendation to the city council.
RECOMMENDATION_FIELDS = ("version", *Recommendation.CASE_FIELDS, *Recommendation.SECTIONS)


def default_version(strategy):
    """The version a recommendation is for when none is chosen: the newest submitted to the
    steering group (a recommendation is only ever for a submitted version), or None."""
    return (
        StrategyVersion.objects.filter(strategy=strategy, submitted_at__isnull=False)
        .order_by("-number")
        .first()
    )


def latest_version(strategy):
    return StrategyVersion.objects.filter(strategy=strategy).order_by("-number").first()


def recommendation_of(strategy):
    """The strategy's recommendation, or a new unsaved one (nothing is written on reading)."""
    try:
        return Recommendation.objects.select_related("version", "updated_by").get(strategy=strategy)
    except Recommendation.DoesNotExist:
        return Recommendation(strategy=strategy, version=default_version(strategy))


def recommended_version(recommendation):
    """The version the recommendation's documents show before the council decides: the one
    chosen, else the newest submitted; None when nothing was submitted."""
    return recommendation.version or default_version(recommendation.strategy)


def decision_of(strategy):
    return (
        CouncilDecision.objects.select_related("version", "adopted_version", "recorded_by")
        .filter(strategy=strategy)
        .first()
    )


def document_version(strategy, *, recommendation=None, decision=None):
    """The version the recommendation's documents (page, PDF, DOCX) show: once the council
    has decided, the version it decided on; before that, the recommended one."""
    decision = decision or decision_of(strategy)
    if decision is not None:
        return decision.version
    return recommended_version(recommendation or recommendation_of(strategy))


def version_in_force(strategy, decision=None):
    """The version that holds the plan as the city council adopted it: the one recorded at
    adoption (with the council's amendments applied), or None for a plan not adopted (yet)."""
    if strategy.state not in (Strategy.State.ADOPTED, Strategy.State.REPLACED):
        return None
    decision = decision or decision_of(strategy)
    if decision is not None and decision.adopted_version_id:
        return decision.adopted_version
    return latest_version(strategy)


def _as_adopted_unchanged(snapshot):
    """`snapshot` as adoption without changes would have made it: proposed actions planned.
    The amendments are what differs from this, not adoption's own step."""
    actions = [
        {**action, "state": Action.State.PLANNED}
        if action.get("state") == Action.State.PROPOSED
        else action
        for action in snapshot.get("actions", [])
    ]
    return {**snapshot, "actions": actions}


def amendments(decision):
    """The council's amendments as a Comparison: from the version recommended (as adopted
    unchanged) to the version adopted, or, while they are being applied, to the plan as it
    now stands. None for a decision without changes."""
    if decision is None or decision.outcome != Outcome.ADOPTED_WITH_CHANGES:
        return None
    if decision.adopted_version_id:
        new = decision.adopted_version.snapshot
    else:
        new = _as_adopted_unchanged(strategy_snapshot(decision.strategy))
    return diff.compare(_as_adopted_unchanged(decision.version.snapshot), new)


def _check_leader(by):
    if not by.is_project_leader:
        raise ValidationError(_("Only the project leader does this."), code="role")


def _check_undecided(strategy):
    if CouncilDecision.objects.filter(strategy=strategy).exists():
        raise ValidationError(
            _("The city council's decision on this plan is already recorded."), code="decided"
        )


@transaction.atomic
def recommendation_update(*, strategy, by, **values):
    """Save the recommendation's version and texts (`values`: `RECOMMENDATION_FIELDS`);
    history records who. Refused once the council's decision is recorded: the document is
    then what it decided on."""
    _check_leader(by)
    Strategy.objects.select_for_update().get(pk=strategy.pk)
    _check_undecided(strategy)
    recommendation = recommendation_of(strategy)
    assign(recommendation, values, fields=RECOMMENDATION_FIELDS)
    version = recommendation.version
    if version is None or version.strategy_id != strategy.pk or version.submitted_at is None:
        raise ValidationError(
            {
                "version": _(
                    "Choose a version of this plan that was submitted to the steering group."
                )
            },
            code="not_submitted",
        )
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


def _adopt(strategy, by, message, decided_on):
    """Adopt `strategy`: it is locked, the proposed actions become planned, and the plan as
    it now stands is recorded as a new version (so the adopted plan always equals a version).
    Whether it is in force follows from its period; the plan in force now stays until then.
    Returns the actions and that version."""
    strategy.state = Strategy.State.ADOPTED
    strategy.revision += 1
    _save(strategy, by, update_fields=["state", "revision"])
    actions = list(Action.objects.select_for_update().filter(strategy=strategy).order_by("pk"))
    for action in actions:
        if action.state == Action.State.PROPOSED:
            action.state = Action.State.PLANNED
            action.revision += 1
            _save(action, by, update_fields=["state", "revision"])
    version = version_record(
        strategy=strategy, by=by, message=message, date=decided_on.strftime("%d.%m.%Y")
    )
    return actions, version


def _notify_adopted(actions, by, request):
    """Once committed, tell the people whose feedback the adopted actions answer (a dropped
    action was not adopted: nobody is told it was)."""
    adopted = [action for action in actions if action.state != Action.State.DROPPED]

    def notify():
        from strategy.services.feedback_loop import notify_feedback_givers

        notify_feedback_givers(actions=adopted, event="adopted", by=by, request=request)

    transaction.on_commit(notify, robust=True)


def recommendation_refusal(strategy, latest=None):
    """Why the council cannot decide on the strategy's latest version yet, as far as the
    recommendation goes, or "". The council decides on the version recommended to it, and
    only the latest version can be adopted (the plan in force must equal it): so the
    recommendation must be for the latest version, and that version submitted."""
    latest = latest or latest_version(strategy)
    recommended = recommended_version(recommendation_of(strategy))
    if recommended is None:
        return _(
            "No version has been submitted to the steering group: the city council decides "
            "on a submitted version that the recommendation puts before it."
        )
    if recommended.submitted_at is None:
        return _(
            "The recommendation is for version %(number)s, which has not been submitted to "
            "the steering group. Choose a submitted version in the recommendation first."
        ) % {"number": recommended.number}
    if latest is not None and recommended.pk != latest.pk:
        return _(
            "The recommendation is for version %(recommended)s, but the plan's latest version "
            "is %(latest)s. The city council can only decide on the latest version: submit it "
            "to the steering group and choose it in the recommendation first."
        ) % {"recommended": recommended.number, "latest": latest.number}
    return ""


ADOPTED_MESSAGE = gettext_noop("Adopted by the city council on %(date)s")
AMENDED_MESSAGE = gettext_noop(
    "Adopted by the city council on %(date)s, with the council's amendments applied"
)


@transaction.atomic
def decision_record(*, strategy, version, decided_on, outcome, changes="", by, request=None):
    """Record the city council's decision on `version`: the version recommended to it,
    which must be submitted and the strategy's latest.

    Adopted: the strategy is adopted and locked (in force while its period covers today),
    proposed actions become planned, the plan as adopted is recorded as a new version, and
    once committed the people whose feedback the actions (not the dropped ones) answer are
    told (if they asked to hear back). Adopted with changes: the plan stays open for the
    staff to apply the council's amendments (`amendments_apply` then adopts it). Rejected:
    the strategy is rejected. Refused for anything but a draft's latest, recommended
    version, and a second time.
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
    # `version` is the latest, so it is the recommended one when the recommendation is for
    # the latest version.
    refusal = recommendation_refusal(strategy, latest)
    if refusal:
        raise ValidationError(refusal, code="not_recommended")
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
    if outcome == Outcome.ADOPTED:
        actions, adopted_version = _adopt(strategy, by, ADOPTED_MESSAGE, decided_on)
        decision.adopted_version = adopted_version
        decision.save(update_fields=["adopted_version"])
        _notify_adopted(actions, by, request)
    elif outcome == Outcome.ADOPTED_WITH_CHANGES:
        strategy.state = Strategy.State.AMENDING
        strategy.revision += 1
        _save(strategy, by, update_fields=["state", "revision"])
    else:
        strategy.state = Strategy.State.REJECTED
        strategy.revision += 1
        _save(strategy, by, update_fields=["state", "revision"])
    return decision


@transaction.atomic
def amendments_apply(*, strategy, by, request=None):
    """The second step of "adopted with changes": the plan now says what the city council
    adopted, so it is adopted as it stands (a new version, locked; in force while its period
    covers today). Refused while the plan is still exactly the recommended version: the
    council changed something, and that change is not in the plan yet."""
    _check_leader(by)
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    decision = decision_of(strategy)
    if strategy.state != Strategy.State.AMENDING or decision is None:
        raise ValidationError(
            _("This plan is not waiting for the city council's amendments."), code="not_amending"
        )
    if not amendments(decision).has_changes:
        raise ValidationError(
            _(
                "The plan is still exactly the version recommended to the city council. Edit "
                "it to what the city council adopted (“%(changes)s”) first."
            ),
            code="no_amendments",
            params={"changes": decision.changes},
        )
    actions, adopted_version = _adopt(strategy, by, AMENDED_MESSAGE, decision.decided_on)
    decision.adopted_version = adopted_version
    decision.save(update_fields=["adopted_version"])
    _notify_adopted(actions, by, request)
    return decision
