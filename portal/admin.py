"""The portal's models in Django's admin, and the rules every app's admin keeps.

The admin is for support, not for the programme's work. Only a superuser may touch who is
an administrator and what anyone may do (superuser, staff, groups, permissions) or set a
password. The project leader reads the users here and manages people on the portal's own
people page, which grants only the roles they may grant.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal import deliveries, emails
from portal.models import RoleChange, User
from portal.people.services import change_record, roles_apply

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


class _RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Roles"),
            choices=User.Role.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("A person holds at least one role."),
            **kwargs,
        )


class _UserChangeForm(UserChangeForm):
    """Django's form with the person's roles (saved by UserAdmin.save_related)."""

    roles = _RolesField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["roles"] = [role.value for role in self.instance.roles_sorted]


class _UserCreationForm(AdminUserCreationForm):
    roles = _RolesField(initial=[User.Role.ENTERPRISE])


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return User.Role.choices

    def queryset(self, request, queryset):
        if self.value() in User.Role.values:
            return queryset.with_role(self.value())
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Only superusers add or change users here. Anyone else may at most read them:
    changing another account (even only its e-mail address, then asking for a password
    reset) is a way into that account, and the project leader manages people on the
    portal's people page instead."""

    # Roles are checkboxes on the person, not inline rows, so that each role given or taken
    # away here is recorded and told to the person as one on the people page is.
    form = _UserChangeForm
    add_form = _UserCreationForm
    list_display = ("username", "email", "first_name", "last_name", "roles_display", "is_active")
    list_filter = (RoleFilter, "is_active", "is_staff")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ("roles", "language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Portal"), {"fields": ("email", "roles")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("user_roles")

    @admin.display(description=_("Roles"))
    def roles_display(self, obj):
        return obj.roles_display

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
        # What the person held before the change; compared once the groups and permissions
        # (saved with the form's many-to-many data, after this) are in place too.
        # (`obj` holds the form's new values already: the old ones are read from the table.)
        request._access_before = _access(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """A superuser's change of a role or of access (superuser, staff, groups,
        permissions), and an account added here, are kept in the history and told to the
        person, as a change on the people page is."""
        super().save_related(request, form, formsets, change)
        person, before = form.instance, request._access_before
        by = {"by": request.user, "request": request}
        roles = set(form.cleaned_data["roles"])
        outcome = emails.Outcome()
        if before is None:
            # The account's roles are recorded as given; the one e-mail says it was created.
            roles_apply(person=person, grant=roles, notify=False, **by)
            outcome += change_record(person=person, kind=RoleChange.Kind.CREATED, **by)
            deliveries.flash_outcome(request, outcome)
            return
        held = set(person.roles)
        outcome += roles_apply(person=person, grant=roles - held, revoke=held - roles, **by)
        after = _access(person)
        if before["is_active"] != after["is_active"]:
            kind = RoleChange.Kind.REACTIVATED if person.is_active else RoleChange.Kind.DEACTIVATED
            outcome += change_record(person=person, kind=kind, **by)
        detail = _access_detail(before, after)
        if detail:
            kind = RoleChange.Kind.ACCESS_CHANGED
            outcome += change_record(person=person, kind=kind, detail=detail, **by)
        deliveries.flash_outcome(request, outcome)


def _access(user):
    """What `user` may do, as the admin can change it."""
    return {
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "groups": set(user.groups.values_list("name", flat=True)),
        "user_permissions": {
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        },
    }


def _access_detail(before, after):
    """The changes of administrator access, as a line for the record and the e-mail:
    'superuser: no → yes; groups: +Projektledere'."""
    yes_no = {True: _("yes"), False: _("no")}
    labels = {
        "is_superuser": _("superuser"),
        "is_staff": _("admin access"),
        "groups": _("groups"),
        "user_permissions": _("permissions"),
    }
    parts = []
    for field in ("is_superuser", "is_staff"):
        if before[field] != after[field]:
            parts.append(f"{labels[field]}: {yes_no[before[field]]} → {yes_no[after[field]]}")
    for field in ("groups", "user_permissions"):
        added, removed = after[field] - before[field], before[field] - after[field]
        if added or removed:
            changes = [f"+{name}" for name in sorted(added)]
            changes += [f"−{name}" for name in sorted(removed)]
            parts.append(f"{labels[field]}: {', '.join(changes)}")
    # Stored in the municipality's language, as the portal's other stored notes are.
    with translation.override(settings.LANGUAGE_CODE):
        text = "; ".join(str(part) for part in parts)
    limit = RoleChange._meta.get_field("detail").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    list_display = ("at", "person", "kind", "role", "by")
    list_filter = ("kind", "role")
    search_fields = ("person__username", "person__email", "person__last_name")
    list_select_related = ("person", "by")
