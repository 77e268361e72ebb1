"""Existing time registrations keep the rate their activity has today: the best that is known
of the rate they were registered at. From now on the time services store it as they save."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def rate_from_activity(apps, schema_editor):
    TimeEntry = apps.get_model("portal", "TimeEntry")
    Activity = apps.get_model("portal", "Activity")
    rate = Activity.objects.filter(pk=OuterRef("activity_id")).values("hourly_rate")[:1]
    TimeEntry.objects.update(hourly_rate=Subquery(rate))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_steering_history_entry_rate_and_unique_names"),
    ]

    operations = [
        migrations.RunPython(rate_from_activity, migrations.RunPython.noop, elidable=True),
    ]
