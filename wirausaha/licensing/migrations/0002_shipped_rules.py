from django.db import migrations


def load(apps, schema_editor):
    from wirausaha.licensing.loaders import load_rules

    load_rules(apps.get_model("licensing", "LicensingRule"))


class Migration(migrations.Migration):
    dependencies = [("licensing", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
