"""The columns and indexes that keep the participant lists and the verification queue fast at a
million records (see Participant's comments), the open-duplicate mark of the records already
queued, and on PostgreSQL a trigram index for the search by part of a name."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

# `full_name__icontains` is `UPPER(full_name::text) LIKE UPPER('%...%')`: this index serves that
# expression (pg_trgm ships with PostgreSQL). SQLite has no such index and scans.
TRIGRAM = "CREATE INDEX IF NOT EXISTS participant_name_trgm_idx ON registry_participant USING gin (UPPER(full_name::text) gin_trgm_ops)"


def mark_open_duplicates(apps, schema_editor):
    Participant = apps.get_model("registry", "Participant")
    DuplicateCandidate = apps.get_model("registry", "DuplicateCandidate")
    open_pairs = DuplicateCandidate.objects.filter(status="open")
    Participant.objects.filter(
        models.Q(pk__in=open_pairs.values("first_id")) | models.Q(pk__in=open_pairs.values("second_id"))
    ).update(open_duplicate=True)


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(TRIGRAM)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS participant_name_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0001_initial"),
        ("registry", "0003_importjob_heartbeat"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="participant",
            name="participant_full_name_idx",
        ),
        migrations.AddField(
            model_name="participant",
            name="open_duplicate",
            field=models.BooleanField(
                db_default=False, default=False, verbose_name="probable duplicate to review"
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="province_code",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Substr("domicile", 1, 2),
                output_field=models.CharField(max_length=2),
                verbose_name="province",
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="regency_code",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Substr("domicile", 1, 5),
                output_field=models.CharField(max_length=5),
                verbose_name="regency",
            ),
        ),
        migrations.AddField(
            model_name="participant",
            name="review_rank",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(open_duplicate=True, then=models.Value(2)),
                    models.When(nik_flags=[], then=models.Value(0)),
                    default=models.Value(1),
                ),
                output_field=models.SmallIntegerField(),
                verbose_name="place in the verification queue",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", True)),
                fields=["full_name", "id"],
                name="participant_name_order_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", True)),
                fields=["province_code", "full_name", "id"],
                name="participant_prov_name_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", True)),
                fields=["regency_code", "full_name", "id"],
                name="participant_reg_name_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(
                    ("consent_withdrawn_at__isnull", True),
                    ("merged_into__isnull", True),
                    ("verification", "pending"),
                ),
                fields=["-review_rank", "created_at", "id"],
                name="participant_queue_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(
                    ("consent_withdrawn_at__isnull", True),
                    ("merged_into__isnull", True),
                    ("verification", "pending"),
                ),
                fields=["province_code", "-review_rank", "created_at", "id"],
                name="participant_prov_queue_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(
                    ("consent_withdrawn_at__isnull", True),
                    ("merged_into__isnull", True),
                    ("verification", "pending"),
                ),
                fields=["regency_code", "-review_rank", "created_at", "id"],
                name="participant_reg_queue_idx",
            ),
        ),
        migrations.RunPython(mark_open_duplicates, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
