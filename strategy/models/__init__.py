"""The strategy's models, one module per concept."""

from strategy.models.council import CouncilDecision, Recommendation
from strategy.models.plan import Action, FocusArea, Goal, Strategy
from strategy.models.progress import FeedbackNotice, ProgressUpdate
from strategy.models.versions import StrategyComment, StrategyVerdict, StrategyVersion

__all__ = [
    "Action",
    "CouncilDecision",
    "FeedbackNotice",
    "FocusArea",
    "Goal",
    "ProgressUpdate",
    "Recommendation",
    "Strategy",
    "StrategyComment",
    "StrategyVerdict",
    "StrategyVersion",
]
