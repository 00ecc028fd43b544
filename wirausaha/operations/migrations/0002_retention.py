from django.db import migrations, models

PERIODS = [
    ("import_files", 90, "The list has been imported: the registry keeps the records it made."),
    ("task_results", 30, "A finished task's arguments and error text are needed only to look into a failure."),
]


def add_periods(apps, schema_editor):
    RetentionPeriod = apps.get_model("operations", "RetentionPeriod")
    for kind, days, basis in PERIODS:
        RetentionPeriod.objects.get_or_create(kind=kind, defaults={"days": days, "basis": basis})


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="RetentionPeriod",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("import_files", "Uploaded layoff lists and their error lists"),
                            ("task_results", "Finished background tasks (their arguments and errors)"),
                        ],
                        max_length=20,
                        unique=True,
                        verbose_name="kind of record",
                    ),
                ),
                ("days", models.PositiveIntegerField(verbose_name="days kept")),
                ("basis", models.CharField(blank=True, max_length=300, verbose_name="basis")),
            ],
            options={
                "verbose_name": "retention period",
                "verbose_name_plural": "retention periods",
                "ordering": ["kind"],
            },
        ),
        migrations.CreateModel(
            name="RetentionRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("ran_at", models.DateTimeField(db_index=True, verbose_name="run at")),
                ("results", models.JSONField(default=dict, verbose_name="results")),
            ],
            options={
                "verbose_name": "retention run",
                "verbose_name_plural": "retention runs",
                "ordering": ["-ran_at"],
            },
        ),
        migrations.RunPython(add_periods, migrations.RunPython.noop),
    ]
