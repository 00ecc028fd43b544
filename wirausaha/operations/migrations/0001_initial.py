from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Backup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("finished_at", models.DateTimeField(db_index=True, verbose_name="finished at")),
                ("location", models.CharField(max_length=500, verbose_name="location")),
                ("database_bytes", models.BigIntegerField(verbose_name="database size")),
                ("file_count", models.PositiveIntegerField(verbose_name="uploaded files")),
                ("file_bytes", models.BigIntegerField(verbose_name="uploaded files size")),
                ("manifest_sha256", models.CharField(max_length=64, verbose_name="manifest checksum")),
            ],
            options={
                "verbose_name": "backup",
                "verbose_name_plural": "backups",
                "ordering": ["-finished_at"],
            },
        ),
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("worker_id", models.CharField(max_length=64, unique=True, verbose_name="worker")),
                (
                    "kind",
                    models.CharField(
                        choices=[("tasks", "Task worker"), ("sweeper", "Duplicate check and stale-job sweep")],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("host", models.CharField(max_length=100, verbose_name="host")),
                ("pid", models.PositiveIntegerField(verbose_name="process id")),
                ("started_at", models.DateTimeField(verbose_name="started at")),
                ("beat_at", models.DateTimeField(db_index=True, verbose_name="last heartbeat")),
                ("stopped_at", models.DateTimeField(blank=True, null=True, verbose_name="stopped at")),
            ],
            options={
                "verbose_name": "worker heartbeat",
                "verbose_name_plural": "worker heartbeats",
                "ordering": ["kind", "-beat_at"],
            },
        ),
    ]
