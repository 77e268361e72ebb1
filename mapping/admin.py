from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mapping.forms.cvr import CVRField
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
    ReportVersion,
    ReviewComment,
    ReviewVerdict,
    StakeholderAssessment,
    TargetGroup,
    Task,
)
from portal.admin import ReadOnlyAdmin
from portal.images import ImageUploadMixin


class OrganisationAdminForm(ImageUploadMixin, forms.ModelForm):
    """A logo uploaded in the admin is re-encoded like one from the portal's own forms."""

    image_fields = ("logo",)

    class Meta:
        model = Organisation
        fields = ("logo",)  # the admin adds the rest from its own fieldsets
        field_classes = {"cvr": CVRField}


class CaseAdminForm(ImageUploadMixin, forms.ModelForm):
    image_fields = ("photo",)

    class Meta:
        model = Case
        fields = ("photo",)


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

    def get_queryset(self, request):
        # An erased person is not filled in again here (see ContactAdmin).
        return super().get_queryset(request).filter(erased_at__isnull=True)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    form = OrganisationAdminForm
    list_display = (
        "name",
        "sector",
        "kind",
        "se_status",
        "area",
        "moderation_state",
        "published",
        "cvr",
    )
    list_filter = (
        "moderation_state",
        "published",
        "consent",
        "se_status",
        "sector",
        "kind",
        "area",
        "rsv_registered",
    )
    search_fields = ("name", "cvr", "town", "postcode")
    filter_horizontal = ("purpose_areas", "users")
    # Publishing goes through the organisation's page, which records the consent.
    readonly_fields = (
        "created_at",
        "updated_at",
        "moderated_at",
        "moderated_by",
        "published",
        "consent",
        "consent_note",
        "consent_recorded_at",
        "consent_recorded_by",
    )
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

    def has_change_permission(self, request, obj=None):
        """An erased person stays erased: the portal refuses to edit them, and so does the
        admin (including reverting to an earlier version of the history)."""
        if obj is not None and obj.erased_at is not None:
            return False
        return super().has_change_permission(request, obj)


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
    list_display = ("title", "owner", "due_on", "done_at", "organisation")
    list_filter = ("due_on", "done_at")
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
    form = CaseAdminForm
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


# The interim report's review is evidence of what the steering group saw and said: readable
# here, changed only through the portal's own pages.


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("number", "frozen_at", "frozen_by", "pdf_state", "submitted_at", "page_count")
    list_select_related = ("frozen_by",)
    # The PDF lives in the private storage, which makes no URL: shown by name, with a link
    # to the version's page, which checks who asks.
    fields = (
        "number",
        "frozen_pdf",
        "pdf_state",
        "pdf_error",
        "checksum",
        "page_count",
        "figures",
        "frozen_at",
        "frozen_by",
        "submitted_at",
        "submitted_by",
    )
    readonly_fields = ("frozen_pdf",)

    @admin.display(description=_("PDF"))
    def frozen_pdf(self, version):
        return format_html(
            '{} (<a href="{}">{}</a>)',
            version.pdf.name,
            version.get_absolute_url(),
            _("the version's page"),
        )


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("version", "chapter", "author", "created_at")
    list_select_related = ("version", "author")


@admin.register(ReviewVerdict)
class ReviewVerdictAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("version", "member", "verdict", "given_at")
    list_filter = ("verdict",)
    list_select_related = ("version", "member")


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("original_name", "state", "created_by", "created_at")
    list_filter = ("state",)
    search_fields = ("original_name",)
    fields = (
        "original_name",
        "state",
        "stored_file",
        "column_map",
        "summary",
        "created_by",
        "created_at",
    )
    # The upload lives in the private storage, which has no public URL: the admin's own
    # display of a file field asks for one and failed. Its name is shown instead, with a
    # link to the import's page, which checks who asks.
    readonly_fields = ("stored_file", "column_map", "summary", "created_by", "created_at")

    @admin.display(description=_("file"))
    def stored_file(self, batch):
        if not batch.file:
            return "-"
        return format_html(
            '{} (<a href="{}">{}</a>)',
            batch.file.name,
            reverse("mapping:import-result", args=[batch.pk]),
            _("the import's page"),
        )
