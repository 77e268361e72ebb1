"""The strategy's models in Django's admin: plain lists, with the change history where the
model keeps one. The portal's own pages are where the work is done; this is for support.
The review's records (versions, comments, verdicts) and the council's decision are
read-only here for everyone: they are evidence of what was seen, said and decided. So is the
strategy itself, with its parts, the recommendation and progress: the portal's editor
versions every change and refuses changes to a plan under review or adopted, and a change
here would bypass both (a state set to "adopted" without any council decision)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import ReadOnlyAdmin
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


@admin.register(Strategy)
class StrategyAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("title", "state", "starts_on", "ends_on", "revision", "created_at")
    list_filter = ("state",)
    search_fields = ("title",)
    readonly_fields = ("revision", "created_at", "created_by")


@admin.register(FocusArea)
class FocusAreaAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("title", "strategy", "position", "revision")
    list_filter = ("strategy",)
    search_fields = ("title",)
    list_select_related = ("strategy",)
    readonly_fields = ("revision",)


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("title", "focus_area", "position", "revision")
    list_filter = ("focus_area__strategy",)
    search_fields = ("title",)
    list_select_related = ("focus_area",)
    readonly_fields = ("revision",)


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("title", "strategy", "focus_area", "state", "starts_on", "ends_on", "budget")
    list_filter = ("state", "strategy")
    search_fields = ("title", "description", "owner_department")
    list_select_related = ("strategy", "focus_area")
    filter_horizontal = ("partners", "organisations", "feedback", "interplay_ideas", "potentials")
    readonly_fields = ("revision",)


@admin.register(StrategyVersion)
class StrategyVersionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("strategy", "number", "saved_at", "saved_by", "summary", "submitted_at")
    list_filter = ("strategy",)
    list_select_related = ("strategy", "saved_by")
    readonly_fields = ("snapshot",)


@admin.register(StrategyComment)
class StrategyCommentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("version", "section", "author", "created_at")
    list_select_related = ("version__strategy", "author")


@admin.register(StrategyVerdict)
class StrategyVerdictAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("version", "member", "verdict", "given_at")
    list_filter = ("verdict",)
    list_select_related = ("version__strategy", "member")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("strategy", "version", "updated_at", "updated_by")
    list_select_related = ("strategy", "version", "updated_by")


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("strategy", "outcome", "decided_on", "recorded_by")
    list_filter = ("outcome",)
    list_select_related = ("strategy", "recorded_by")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("action", "date", "state", "percent_done", "by")
    list_filter = ("state",)
    list_select_related = ("action", "by")


@admin.register(FeedbackNotice)
class FeedbackNoticeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("action", "feedback", "event", "sent_at")
    list_filter = ("event",)
    list_select_related = ("action",)
