"""The network's reference tables in the admin: themes and departments. Everything else
changes through the portal's own pages, where the state machine, the history and the e-mails
are; the admin shows those rows and changes none of them."""

from django.contrib import admin

from network.models import (
    ContactPerson,
    Department,
    Event,
    Mailing,
    Membership,
    MembershipChange,
    SignUp,
    Theme,
)
from portal.admin import ReadOnlyAdmin


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    list_filter = ("active",)
    search_fields = ("name",)


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ("name", "title", "email", "phone", "topic", "user")
    autocomplete_fields = ("user",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "active")
    list_filter = ("active",)
    search_fields = ("name",)
    inlines = (ContactPersonInline,)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("title", "kind", "state", "starts_at", "capacity")
    list_filter = ("kind", "state", "audience")
    search_fields = ("title",)
    date_hierarchy = "starts_at"


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("__str__", "state", "position", "created_at")
    list_filter = ("state",)
    list_select_related = ("event",)


class MembershipChangeInline(ReadOnlyAdmin, admin.TabularInline):
    model = MembershipChange
    extra = 0


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("organisation", "status", "joined_on")
    list_filter = ("status",)
    search_fields = ("organisation__name",)
    inlines = (MembershipChangeInline,)


@admin.register(Mailing)
class MailingAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("subject", "state", "sent_at")
    list_filter = ("state",)
