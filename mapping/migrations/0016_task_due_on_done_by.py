# The follow-up task on the shared base (portal.followup): deadline renamed, done_by added.

import django.db.models.deletion
import portal.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mapping", "0015_meeting_calendar_sequence"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="task",
            options={
                "ordering": ("due_on", "pk"),
                "verbose_name": "task",
                "verbose_name_plural": "tasks",
            },
        ),
        migrations.RenameField(
            model_name="task",
            old_name="deadline",
            new_name="due_on",
        ),
        migrations.AddField(
            model_name="task",
            name="done_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="done by",
            ),
        ),
        migrations.AlterField(
            model_name="task",
            name="done_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                validators=[portal.validators.DateRangeValidator()],
                verbose_name="done",
            ),
        ),
    ]
