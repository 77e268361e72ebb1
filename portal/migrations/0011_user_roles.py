"""A person may hold several roles: one UserRole row per role held, filled from each
person's single `role` (which 0013 removes)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

ROLE_CHOICES = [
    ("project_leader", "Project leader"),
    ("consultant", "Consultant"),
    ("steering_group", "Steering group member"),
    ("enterprise", "Enterprise user"),
    ("company", "Company user"),
    ("mentor", "Mentor"),
    ("municipal_employee", "Municipal employee"),
]
# Which role a person keeps when going back to one role: the one with the most powers.
PRECEDENCE = [value for value, _label in ROLE_CHOICES]
BATCH = 1000


def roles_from_role(apps, schema_editor):
    user_model = apps.get_model("portal", "User")
    user_role = apps.get_model("portal", "UserRole")
    users = user_model.objects.exclude(role="").values_list("pk", "role", "date_joined")
    rows = [
        user_role(user_id=pk, role=role, granted_at=joined)
        for pk, role, joined in users.iterator(chunk_size=BATCH)
    ]
    user_role.objects.bulk_create(rows, batch_size=BATCH)


def role_from_roles(apps, schema_editor):
    user_model = apps.get_model("portal", "User")
    user_role = apps.get_model("portal", "UserRole")
    held = {}
    for user_id, role in user_role.objects.values_list("user_id", "role"):
        held.setdefault(user_id, set()).add(role)
    for user_id, roles in held.items():
        first = min(roles, key=PRECEDENCE.index)
        # The single role knew only the first four roles; a newer one alone becomes "enterprise".
        if first not in PRECEDENCE[:4]:
            first = "enterprise"
        user_model.objects.filter(pk=user_id).update(role=first)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_programme_moves_to_its_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UserRole",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(choices=ROLE_CHOICES, max_length=20, verbose_name="role"),
                ),
                (
                    "granted_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="given"),
                ),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="given by",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="user_roles",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "role",
                "verbose_name_plural": "roles",
                "ordering": ("user", "role"),
                "indexes": [models.Index(fields=["role", "user"], name="portal_userrole_role")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "role"),
                        name="portal_userrole_once",
                        violation_error_message="The person already has this role.",
                    )
                ],
            },
        ),
        migrations.RunPython(roles_from_role, role_from_roles, elidable=False),
    ]
