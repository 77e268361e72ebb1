"""The role-change history names the one role given or taken away.

A row of the single-role days said "from old_role to new_role". Its meaning now:
- a role change: the old role taken away (the row itself) and the new one given (a new row
  with the same person, time and author);
- an invitation: the role invited as;
- an account created in the admin: that row, and the role it was created with given;
- a deactivation, reactivation or change of administrator access: no role (their old and
  new role were the person's role at the time, which the grants already tell).
0012 then drops old_role and new_role.
"""

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


def _granted_like(change, model, role):
    return model(
        person_id=change.person_id, by_id=change.by_id, at=change.at, kind="granted", role=role
    )


def forward(apps, schema_editor):
    role_change = apps.get_model("portal", "RoleChange")
    added = []
    for change in role_change.objects.order_by("pk").iterator(chunk_size=1000):
        if change.kind in ("role_changed", "invited") and not (change.old_role or change.new_role):
            # No role was recorded (the fields were optional): a grant or an invitation must
            # name one, so the row stays as a change of access, its detail kept.
            change.kind, change.role = "access_changed", ""
        elif change.kind == "role_changed" and not change.old_role:
            change.kind, change.role = "granted", change.new_role
        elif change.kind == "role_changed":
            if change.new_role:
                added.append(_granted_like(change, role_change, change.new_role))
            change.kind, change.role = "revoked", change.old_role
        elif change.kind == "invited":
            change.role = change.new_role or change.old_role
        elif change.kind == "created":
            if change.new_role:
                added.append(_granted_like(change, role_change, change.new_role))
            change.role = ""
        else:
            change.role = ""
        change.save(update_fields=["kind", "role"])
    role_change.objects.bulk_create(added, batch_size=1000)


def backward(apps, schema_editor):
    role_change = apps.get_model("portal", "RoleChange")
    for change in role_change.objects.order_by("pk").iterator(chunk_size=1000):
        if change.kind == "revoked":
            change.kind, change.old_role = "role_changed", change.role
        elif change.kind == "granted":
            change.kind, change.new_role = "role_changed", change.role
        elif change.kind == "invited":
            change.new_role = change.role
        change.save(update_fields=["kind", "old_role", "new_role"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0011_user_roles")]

    operations = [
        migrations.AddField(
            model_name="rolechange",
            name="role",
            field=models.CharField(
                blank=True, choices=ROLE_CHOICES, max_length=20, verbose_name="role"
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
