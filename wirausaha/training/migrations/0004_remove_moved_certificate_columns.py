"""The number, code, holder, issue, PDF and revocation of a certificate are its document's now."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("training", "0003_certificates_to_documents"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="certificate",
            options={"ordering": ["-id"], "verbose_name": "certificate", "verbose_name_plural": "certificates"},
        ),
        migrations.RemoveField(model_name="certificate", name="number"),
        migrations.RemoveField(model_name="certificate", name="code"),
        migrations.RemoveField(model_name="certificate", name="holder_name"),
        migrations.RemoveField(model_name="certificate", name="issued_at"),
        migrations.RemoveField(model_name="certificate", name="pdf"),
        migrations.RemoveField(model_name="certificate", name="rendered_at"),
        migrations.RemoveField(model_name="certificate", name="revoked_at"),
        migrations.RemoveField(model_name="certificate", name="revoked_by"),
        migrations.RemoveField(model_name="certificate", name="revoke_reason"),
        migrations.AlterField(
            model_name="certificate",
            name="document",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certificate",
                to="documents.document",
            ),
        ),
    ]
