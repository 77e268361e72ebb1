"""What the strategy keeps about a person (see `portal.privacy`): the actions they own, their
comments and verdicts as a reviewer, and the free text that may name them. Registered in
`StrategyConfig.ready()`."""

import json

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.personal_data import ListedPlace, ListedTextPlace, Mention, TextPlace
from portal.privacy import REVIEW_COLUMNS, Column, PersonalDataProvider, Section, review_rows
from strategy.models import (
    Action,
    CouncilDecision,
    FeedbackNotice,
    FocusArea,
    Goal,
    ProgressUpdate,
    Recommendation,
    Strategy,
    StrategyComment,
    StrategyVerdict,
    StrategyVersion,
)

PUBLIC_TASK = _("Public task (GDPR art. 6(1)(e))")


def _strategy_url(row):
    return row.strategy.get_absolute_url()


def _version_url(row):
    return row.version.get_absolute_url()


class StrategyProvider(PersonalDataProvider):
    covers = {
        Action: ("owner_person",),
        StrategyComment: ("author",),
        StrategyVerdict: ("member",),
    }
    attributions = {
        Strategy: ("created_by",),
        StrategyVersion: ("saved_by", "submitted_by"),
        Recommendation: ("updated_by",),
        CouncilDecision: ("recorded_by",),
        ProgressUpdate: ("by",),
        FeedbackNotice: ("sent_by",),
    }

    def places(self):
        return places()

    def export(self, person):
        return [self._actions(person), self._review(person)]

    def _actions(self, person):
        actions = Action.objects.filter(owner_person__in=person.users).select_related("strategy")
        return Section(
            key="strategy_actions",
            title=_("Actions owned in the action plan"),
            purpose=_("Who answers for each action of the strategy and action plan."),
            legal_basis=PUBLIC_TASK,
            retention=_("With the strategy and action plan."),
            erasure=_("Kept, under the account without its name."),
            kept=_(
                "The action plan says who answers for each action; the council's adopted "
                "version stays as it was decided."
            ),
            columns=(Column("action", _("Action")), Column("strategy", _("Strategy"))),
            rows=[{"action": action.title, "strategy": str(action.strategy)} for action in actions],
        )

    def _review(self, person):
        comments = StrategyComment.objects.filter(author__in=person.users).select_related(
            "version__strategy"
        )
        verdicts = StrategyVerdict.objects.filter(member__in=person.users).select_related(
            "version__strategy"
        )
        return Section(
            key="strategy_review",
            title=_("Review of the strategy"),
            purpose=_("The steering group's comments and verdicts on the strategy's drafts."),
            legal_basis=PUBLIC_TASK,
            retention=_("With the strategy's versions."),
            erasure=_("Kept, under the account without its name; the text loses the name."),
            kept=_(
                "The steering group's review is part of the record of how the strategy came "
                "to the city council."
            ),
            columns=REVIEW_COLUMNS,
            rows=review_rows(comments=comments, verdicts=verdicts),
        )


def places():
    return [
        TextPlace(Strategy, ["title", "vision"], url=lambda row: row.get_absolute_url()),
        TextPlace(
            FocusArea, ["title", "description"], select_related=["strategy"], url=_strategy_url
        ),
        TextPlace(
            Goal,
            ["title", "description"],
            select_related=["focus_area__strategy"],
            url=lambda row: row.focus_area.strategy.get_absolute_url(),
        ),
        TextPlace(
            Action,
            ["title", "description", "indicator"],
            url=lambda row: row.get_absolute_url(),
        ),
        TextPlace(
            ProgressUpdate,
            ["note"],
            date="date",
            select_related=["action"],
            url=lambda row: row.action.get_absolute_url(),
        ),
        TextPlace(
            StrategyComment,
            ["text"],
            date="created_at",
            select_related=["version__strategy"],
            where=lambda row: row.version,
            url=_version_url,
        ),
        TextPlace(
            StrategyVerdict,
            ["comment"],
            date="given_at",
            select_related=["version__strategy"],
            where=lambda row: row.version,
            url=_version_url,
        ),
        TextPlace(
            Recommendation,
            Recommendation.SECTIONS,
            select_related=["strategy"],
            url=_strategy_url,
        ),
        ListedTextPlace(
            CouncilDecision,
            ["changes"],
            date="decided_on",
            select_related=["strategy"],
            url=_strategy_url,
            reason=_(
                "The city council's decision is its record: ask the secretariat how the "
                "name is to be handled there, and correct the text here by hand."
            ),
        ),
        ListedPlace(version_mentions),
    ]


def version_mentions(matcher):
    """Saved strategy versions whose snapshot names the person: a version never changes,
    so that any two can be compared and the council's version stays what it decided."""
    mentions = []
    versions = StrategyVersion.objects.select_related("strategy").order_by("strategy", "-number")
    for version in versions:
        text = "\n".join(
            (version.summary, json.dumps(version.snapshot, ensure_ascii=False, indent=1))
        )
        if not matcher.search(text):
            continue
        mentions.append(
            Mention(
                kind=str(StrategyVersion._meta.verbose_name).capitalize(),
                where=str(version),
                excerpt=matcher.excerpt(text),
                date=timezone.localdate(version.saved_at),
                url=version.get_absolute_url(),
                scrub=False,
                reason=str(FROZEN_VERSION),
            )
        )
    return mentions


FROZEN_VERSION = _(
    "A saved version never changes, so that versions can be compared. Save the strategy "
    "again without the name, and check whether this version was shared outside the portal."
)
