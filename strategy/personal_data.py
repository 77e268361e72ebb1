"""Where the strategy keeps free text that may name a person, for erasure (see
`portal.personal_data`). Registered in `StrategyConfig.ready()`."""

import json

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.personal_data import ListedPlace, ListedTextPlace, Mention, TextPlace
from strategy.models import (
    Action,
    CouncilDecision,
    FocusArea,
    Goal,
    ProgressUpdate,
    Recommendation,
    Strategy,
    StrategyComment,
    StrategyVerdict,
    StrategyVersion,
)


def _strategy_url(row):
    return row.strategy.get_absolute_url()


def _version_url(row):
    return row.version.get_absolute_url()


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
