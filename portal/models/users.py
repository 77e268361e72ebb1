"""People who log in, and the roles they hold.

A person may hold several roles (a consultant who is also a mentor, a steering group member
who is also an enterprise's contact). Each role a person holds is one `UserRole` row, so
"who holds role X" is a plain indexed query on SQLite and PostgreSQL alike, and each grant
keeps when and by whom it was given.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROJECT_LEADER = "project_leader", _("Project leader")
    CONSULTANT = "consultant", _("Consultant")
    STEERING_GROUP = "steering_group", _("Steering group member")
    ENTERPRISE = "enterprise", _("Enterprise user")
    # Phase 2: a private company that buys from enterprises or posts tasks.
    COMPANY = "company", _("Company user")
    MENTOR = "mentor", _("Mentor")
    # Takes part in training and buys for a department of the municipality.
    MUNICIPAL_EMPLOYEE = "municipal_employee", _("Municipal employee")


def _flatten(roles):
    """`roles` as a set of values: each argument a role or a tuple of roles (as
    `User.STAFF_ROLES`)."""
    flat = set()
    for role in roles:
        if isinstance(role, (tuple, list, set, frozenset)):
            flat.update(str(value) for value in role)
        else:
            flat.add(str(role))
    return flat


def role_names(roles):
    """The names of `roles` in the order of `Role`, joined by commas: a lazy string."""
    labels = [role.label for role in Role if role in roles]
    return format_lazy(", ".join(["{}"] * len(labels)), *labels)


def role_q(*roles):
    """A filter on users for "holds any of `roles`": combinable with other Q objects (a
    subquery, so no join repeats a user who holds two of them)."""
    held = UserRole.objects.filter(user=OuterRef("pk"), role__in=_flatten(roles))
    return Q(Exists(held))


class UserQuerySet(models.QuerySet):
    def with_role(self, *roles):
        """The users who hold any of `roles`."""
        return self.filter(role_q(*roles))


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's user manager whose `create_user` and `create_superuser` also give roles:
    `role=` one role, `roles=` several. Without either the person is an enterprise user, as
    a self-registered account is."""

    def _create_user(self, username, email, password, **extra_fields):
        role = extra_fields.pop("role", None)
        roles = extra_fields.pop("roles", None)
        if role is not None and roles is not None:
            raise TypeError("Give either role= or roles=, not both.")
        if role is not None:
            roles = [role]
        elif roles is None:
            roles = [Role.ENTERPRISE]
        user = super()._create_user(username, email, password, **extra_fields)
        user.roles_grant(roles)
        return user


class User(AbstractUser):
    """A person who logs in. What they may do follows from the roles they hold."""

    Role = Role
    # `User.role_q(*roles)`: a filter for "holds any of roles", to combine with others.
    role_q = staticmethod(role_q)

    # Those who run the programme and may see the mapping's internal data.
    STAFF_ROLES = (Role.PROJECT_LEADER, Role.CONSULTANT)

    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        default="da",
        help_text=_("The language of the e-mails the portal sends this person."),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~models.Q(email=""),
                name="portal_user_email_unique",
                violation_error_message=_("A user with this e-mail address already exists."),
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    # --- Roles -------------------------------------------------------------------------

    @property
    def role(self):
        # The single role field is gone: reading or setting it must fail loudly, never
        # quietly do nothing (an old `user.role = X` would otherwise just set an attribute).
        raise AttributeError("User.role is gone: use user.roles / user.has_role(...).")

    @role.setter
    def role(self, value):
        raise AttributeError("User.role is gone: grant roles with UserRole / roles_grant().")

    @property
    def roles(self):
        """The roles this person holds, as a frozenset of `Role` values. Read once per
        instance (or from `prefetch_related("user_roles")`); `roles_forget()` after a change."""
        cached = self.__dict__.get("_roles")
        if cached is None:
            if self.pk is None:
                cached = frozenset()
            elif "user_roles" in getattr(self, "_prefetched_objects_cache", {}):
                cached = frozenset(Role(row.role) for row in self.user_roles.all())
            else:
                values = UserRole.objects.filter(user=self).values_list("role", flat=True)
                cached = frozenset(Role(value) for value in values)
            self.__dict__["_roles"] = cached
        return cached

    def roles_forget(self):
        """Read the roles from the database again on next use."""
        self.__dict__.pop("_roles", None)
        getattr(self, "_prefetched_objects_cache", {}).pop("user_roles", None)

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.roles_forget()

    def has_role(self, *roles):
        """Whether this person holds any of `roles` (each a role or a tuple of roles)."""
        return not self.roles.isdisjoint(_flatten(roles))

    @property
    def roles_sorted(self):
        """The roles in the order of `Role` (project leader first), for showing."""
        return [role for role in Role if role in self.roles]

    @property
    def roles_text(self):
        """The roles' names joined, translated only when shown: an e-mail built while the
        project leader's language is active still names them in the reader's language."""
        return role_names(self.roles)

    @property
    def roles_display(self):
        """The roles' names, joined: "Konsulent, Mentor"."""
        return str(self.roles_text)

    def roles_grant(self, roles, *, by=None):
        """Give this person `roles` (those they hold already are left as they are). Records
        no history: the people page and the admin do that (`portal.people.services`)."""
        rows = [
            UserRole(user=self, role=role, granted_by=by)
            for role in sorted(_flatten(roles) - set(self.roles))
        ]
        for row in rows:
            row.full_clean(validate_unique=False, validate_constraints=False)
        # A grant made a moment ago by someone else is kept as it was.
        UserRole.objects.bulk_create(rows, ignore_conflicts=True)
        self.roles_forget()

    def roles_revoke(self, roles):
        UserRole.objects.filter(user=self, role__in=_flatten(roles)).delete()
        self.roles_forget()

    @property
    def is_project_leader(self):
        return self.has_role(Role.PROJECT_LEADER)

    @property
    def is_programme_staff(self):
        """Project leader or consultant: the people who do the mapping."""
        return self.has_role(*self.STAFF_ROLES)

    @property
    def is_steering_group(self):
        return self.has_role(Role.STEERING_GROUP)

    @property
    def is_enterprise_user(self):
        return self.has_role(Role.ENTERPRISE)

    @property
    def is_company_user(self):
        return self.has_role(Role.COMPANY)

    @property
    def is_mentor(self):
        return self.has_role(Role.MENTOR)

    @property
    def is_municipal_employee(self):
        return self.has_role(Role.MUNICIPAL_EMPLOYEE)


class UserRole(models.Model):
    """One role one person holds: who gave it, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="user_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("given"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ("user", "role")
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                name="portal_userrole_once",
                violation_error_message=_("The person already has this role."),
            )
        ]
        indexes = [models.Index(fields=["role", "user"], name="portal_userrole_role")]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()}"
