from django.db import migrations

CODES = ["social", "employment", "health", "environment", "culture"]


def create_purpose_areas(apps, schema_editor):
    PurposeArea = apps.get_model("mapping", "PurposeArea")
    for code in CODES:
        PurposeArea.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("mapping", "0001_initial")]

    operations = [migrations.RunPython(create_purpose_areas, migrations.RunPython.noop)]
