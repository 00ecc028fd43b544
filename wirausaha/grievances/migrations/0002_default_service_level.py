"""The default service level (issue #22): acknowledged within 2 working days, resolved within 14.
Data, not code: an admin edits the row, or adds one per category."""

from django.db import migrations


def add_default(apps, schema_editor):
    ServiceLevel = apps.get_model("grievances", "ServiceLevel")
    ServiceLevel.objects.get_or_create(
        category="", defaults={"acknowledge_working_days": 2, "resolve_working_days": 14}
    )


def remove_default(apps, schema_editor):
    apps.get_model("grievances", "ServiceLevel").objects.filter(category="").delete()


class Migration(migrations.Migration):
    dependencies = [("grievances", "0001_initial")]

    operations = [migrations.RunPython(add_default, remove_default)]
