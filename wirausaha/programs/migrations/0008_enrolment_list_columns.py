"""The enrolment's list columns (the person's regency and province, the quota's region), filled for
the rows that exist, and the indexes of a wave's lists (see models.Enrolment)."""

import django.db.models.functions.text
from django.db import migrations, models

FILL = """
UPDATE programs_enrolment SET
    regency_code = COALESCE(
        (SELECT SUBSTR(p.domicile_id, 1, 5) FROM registry_participant p
         WHERE p.id = programs_enrolment.participant_id),
        ''
    ),
    quota_region = (SELECT q.region_id FROM programs_quota q WHERE q.id = programs_enrolment.quota_id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0007_lottery_notice_redeclared"),
        ("registry", "0004_list_columns_and_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="regency_code",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=5, verbose_name="regency"
            ),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="quota_region",
            field=models.CharField(blank=True, editable=False, max_length=13, null=True),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=True),
        migrations.AddField(
            model_name="enrolment",
            name="province_code",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Substr("regency_code", 1, 2),
                output_field=models.CharField(max_length=2),
                verbose_name="province",
            ),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(fields=["wave", "quota_region", "rank", "id"], name="enrolment_list_idx"),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                fields=["wave", "province_code", "quota_region", "rank", "id"], name="enrolment_prov_list_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                fields=["wave", "regency_code", "quota_region", "rank", "id"], name="enrolment_reg_list_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                condition=models.Q(("lottery_outcome", ""), _negated=True),
                fields=["wave", "quota_region", "rank", "id"],
                name="enrolment_published_idx",
            ),
        ),
    ]
