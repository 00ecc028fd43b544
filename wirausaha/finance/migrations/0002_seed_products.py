from django.db import migrations


def seed_products(apps, schema_editor):
    from wirausaha.finance.data import sync_products

    sync_products(apps.get_model("finance", "FinancingProduct"))


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(seed_products, migrations.RunPython.noop)]
