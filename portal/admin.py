"""The portal's models in Django's admin, and the rules every app's admin keeps.

The admin is for support, not for the programme's work. Only a superuser may touch who is
an administrator and what anyone may do (superuser, staff, groups, permissions) or set a
password. The project leader reads the users here and manages people on the portal's own
people page, which grants only the roles they may grant.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal import deliveries, emails
from portal.models import RoleChange, User
from portal.people.services import change_record

admin.site.site_header = _("Social-economy portal")
admin.site.site_title = _("Social-economy portal")

# The fields through which a person could give anyone (themselves too) more powers.
PRIVILEGED_FIELDS = frozenset(
    {"password", "is_superuser", "is_staff", "groups", "user_permissions"}
)


class ReadOnlyAdmin:
    """A mixin for records that are evidence: the steering group's comments and verdicts,
    frozen versions, council decisions, histories. The admin shows them to whoever may view
    them and lets no one add, change or delete them, superusers included; they change only
    through the portal's own workflows."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _without(fieldsets, hidden):
    """`fieldsets` with the `hidden` fields left out, and any section left empty dropped."""
    kept = []
    for name, options in fieldsets:
        fields = tuple(field for field in options["fields"] if field not in hidden)
        if fields:
            kept.append((name, {**options, "fields": fields}))
    return tuple(kept)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Only superusers add or change users here. Anyone else may at most read them:
    changing another account (even only its e-mail address, then asking for a password
    reset) is a way into that account, and the project leader manages people on the
    portal's people page instead."""

    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("role", "language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Portal"), {"fields": ("email", "role")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return _without(fieldsets, PRIVILEGED_FIELDS)

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return self.list_filter
        return tuple(name for name in self.list_filter if name not in PRIVILEGED_FIELDS)

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):  # noqa: A002 (Django's name)
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        """A superuser's change of a role or of access is kept in the history and told to
        the person, as a change on the people page is."""
        before = (
            User.objects.filter(pk=obj.pk).values("role", "is_active").first() if change else None
        )
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if before is None:
                return
            outcome = emails.Outcome()
            if before["role"] != obj.role:
                kind = RoleChange.Kind.ROLE_CHANGED
                outcome += change_record(
                    person=obj, kind=kind, old_role=before["role"], by=request.user, request=request
                )
            if before["is_active"] != obj.is_active:
                kind = RoleChange.Kind.REACTIVATED if obj.is_active else RoleChange.Kind.DEACTIVATED
                outcome += change_record(
                    person=obj, kind=kind, old_role=obj.role, by=request.user, request=request
                )
        deliveries.flash_outcome(request, outcome)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """A group holds permissions: whoever could change one could give themselves more."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(RoleChange)
class RoleChangeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("at", "person", "kind", "old_role", "new_role", "by")
    list_filter = ("kind", "new_role")
    search_fields = ("person__username", "person__email", "person__last_name")
    list_select_related = ("person", "by")
