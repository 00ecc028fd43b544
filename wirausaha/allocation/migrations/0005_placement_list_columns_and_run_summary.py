"""The placement's list columns (the person's regency and province), filled from the enrolments, the
indexes of a run's lists, and each run's stored summary (see models.AllocationRun.summary)."""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count, Sum

FILL = """
UPDATE allocation_placement SET regency_code = COALESCE(
    (SELECT e.regency_code FROM programs_enrolment e WHERE e.id = allocation_placement.enrolment_id), ''
)
"""


def summarise_runs(apps, schema_editor):
    """The same figures as actions.summary.compute_summary, for the runs that exist."""
    AllocationRun = apps.get_model("allocation", "AllocationRun")
    Placement = apps.get_model("allocation", "Placement")
    for run_id in AllocationRun.objects.values_list("pk", flat=True):
        summary: dict = {}
        rows = (
            Placement.objects.filter(run_id=run_id)
            .order_by()
            .values_list("regency_code", "unplaced_reason")
            .annotate(n=Count("id"), km=Sum("distance_km"))
        )
        for regency, reason, n, km in rows:
            area = summary.setdefault(regency, {"placed": 0, "km": 0.0, "unplaced": {}})
            if reason:
                area["unplaced"][reason] = n
            else:
                area["placed"] += n
                area["km"] += km or 0.0
        AllocationRun.objects.filter(pk=run_id).update(summary=summary)


class Migration(migrations.Migration):
    dependencies = [
        ("allocation", "0004_notification_progress"),
        ("programs", "0008_enrolment_list_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="allocationrun",
            name="summary",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="summary by regency"),
        ),
        migrations.AddField(
            model_name="placement",
            name="regency_code",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=5, verbose_name="regency"
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=True),
        migrations.AddField(
            model_name="placement",
            name="province_code",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Substr("regency_code", 1, 2),
                output_field=models.CharField(max_length=2),
                verbose_name="province",
            ),
        ),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(fields=["run", "enrolment", "id"], name="placement_list_idx"),
        ),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(
                fields=["run", "province_code", "enrolment", "id"], name="placement_prov_list_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(
                fields=["run", "regency_code", "enrolment", "id"], name="placement_reg_list_idx"
            ),
        ),
        migrations.RunPython(summarise_runs, migrations.RunPython.noop, elidable=True),
    ]
