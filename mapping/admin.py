from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mapping.models import Contact, LocalArea, Organisation, PurposeArea


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
    fields = ("name", "role", "email", "phone", "legal_basis", "purpose")


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
    list_display = ("name", "organisation", "role", "email", "legal_basis")
    list_filter = ("legal_basis",)
    search_fields = ("name", "email", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
