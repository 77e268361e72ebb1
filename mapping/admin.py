from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mapping.models import (
    SDG,
    Attendance,
    Case,
    CaseEffect,
    Contact,
    Feedback,
    FeedbackTag,
    ImportBatch,
    Interaction,
    InterplayIdea,
    LocalArea,
    Meeting,
    Organisation,
    OrganisationRelation,
    Potential,
    PurposeArea,
    StakeholderAssessment,
    TargetGroup,
    Task,
)


@admin.register(LocalArea)
class LocalAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "position")
    list_editable = ("position",)
    list_filter = ("kind",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(PurposeArea)
class PurposeAreaAdmin(admin.ModelAdmin):
    list_display = ("code",)
    search_fields = ("code",)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "role", "email", "phone", "is_key_person", "legal_basis", "purpose")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "sector", "kind", "se_status", "area", "moderation_state", "cvr")
    list_filter = ("moderation_state", "se_status", "sector", "kind", "area", "rsv_registered")
    search_fields = ("name", "cvr", "town", "postcode")
    filter_horizontal = ("purpose_areas", "users")
    readonly_fields = ("created_at", "updated_at", "moderated_at", "moderated_by")
    list_select_related = ("area",)
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organisation", "role", "email", "legal_basis", "last_contacted_on")
    list_filter = ("legal_basis", "is_key_person", "is_change_agent", "public")
    filter_horizontal = ("linked_organisations",)
    search_fields = ("name", "email", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)


@admin.register(OrganisationRelation)
class OrganisationRelationAdmin(admin.ModelAdmin):
    list_display = ("source", "kind", "target")
    list_filter = ("kind",)
    search_fields = ("source__name", "target__name")
    autocomplete_fields = ("source", "target")


@admin.register(StakeholderAssessment)
class StakeholderAssessmentAdmin(admin.ModelAdmin):
    list_display = ("organisation", "influence", "interest", "attitude", "updated_at")
    list_filter = ("attitude", "influence", "interest")
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation",)


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "organisation", "contact", "by")
    list_filter = ("kind", "date")
    search_fields = ("organisation__name", "contact__name", "summary")
    autocomplete_fields = ("organisation", "contact")
    list_select_related = ("organisation", "contact", "by")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "deadline", "done_at", "organisation")
    list_filter = ("deadline", "done_at")
    search_fields = ("title", "organisation__name")
    autocomplete_fields = ("organisation",)
    list_select_related = ("owner", "organisation")


@admin.register(Potential)
class PotentialAdmin(admin.ModelAdmin):
    list_display = ("organisation", "stage", "next_step", "next_step_on", "next_step_owner")
    list_filter = ("stage",)
    search_fields = ("organisation__name", "next_step")
    autocomplete_fields = ("organisation",)


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(SDG)
class SDGAdmin(admin.ModelAdmin):
    list_display = ("number", "__str__")
    search_fields = ("number",)


class CaseEffectInline(admin.TabularInline):
    model = CaseEffect
    extra = 0


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organisation", "published", "created_at")
    list_filter = ("published", "purpose_areas", "target_groups", "goals")
    search_fields = ("title", "organisation__name", "problem")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("purpose_areas", "target_groups", "goals")
    inlines = [CaseEffectInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ("contact",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "starts_at", "place", "organiser")
    list_filter = ("kind", "starts_at")
    search_fields = ("title", "place", "agenda")
    filter_horizontal = ("organisations",)
    inlines = [AttendanceInline]


@admin.register(FeedbackTag)
class FeedbackTagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("__str__", "theme", "meeting", "organisation", "created_at")
    list_filter = ("theme", "tags")
    search_fields = ("text", "organisation__name")
    autocomplete_fields = ("organisation", "contact", "meeting")
    filter_horizontal = ("tags",)


@admin.register(InterplayIdea)
class InterplayIdeaAdmin(admin.ModelAdmin):
    list_display = ("organisation", "department", "service", "state", "updated_at")
    list_filter = ("state",)
    search_fields = ("organisation__name", "department__name", "service")
    autocomplete_fields = ("organisation", "department")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("original_name", "state", "created_by", "created_at")
    list_filter = ("state",)
    search_fields = ("original_name",)
    readonly_fields = ("file", "column_map", "summary", "created_by", "created_at")
