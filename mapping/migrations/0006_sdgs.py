from django.db import migrations


def create_goals(apps, schema_editor):
    SDG = apps.get_model("mapping", "SDG")
    for number in range(1, 18):
        SDG.objects.get_or_create(number=number)


class Migration(migrations.Migration):
    dependencies = [("mapping", "0005_stakeholders_cases_meetings")]

    operations = [migrations.RunPython(create_goals, migrations.RunPython.noop)]
