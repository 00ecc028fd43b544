"""Certificates become documents (documents.Document): each certificate gets its document, then the
columns that moved there are removed (0003, 0004). Here: the link, and the moving columns made
optional, so that every step can also be undone."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="document",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certificate",
                to="documents.document",
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="number",
            field=models.CharField(max_length=40, null=True, unique=True, verbose_name="certificate number"),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="code",
            field=models.CharField(max_length=32, null=True, unique=True, verbose_name="verification code"),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="holder_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="issued_at",
            field=models.DateTimeField(null=True, verbose_name="issued at"),
        ),
    ]
