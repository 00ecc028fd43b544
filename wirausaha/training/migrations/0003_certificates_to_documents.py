"""Copy every certificate's number, code, holder, issue, PDF and revocation into a document of its
own, with what it states (course, centre, dates, hours) as the document's facts. The document takes
the certificate's id, so that the serials of numbers already printed (the certificate's id) are never
given again to a new document. Undone by copying back."""

from django.core.management.color import no_style
from django.db import migrations
from django.db.models import F

from wirausaha.reference.timezones import ZONE_NAMES, zone_for_region

FIELDS = ("number", "code", "holder_name", "issued_at", "rendered_at", "revoked_at", "revoked_by_id", "revoke_reason")

UPDATED = [field.removesuffix("_id") for field in FIELDS] + ["pdf"]


def _facts(certificate) -> list[dict]:
    # As training/certificates/facts.py wrote them when this migration was made.
    return [
        {"key": "course_title", "label": "Course", "value": certificate.course_title},
        {"key": "centre_name", "label": "Training centre", "value": certificate.centre_name},
        {
            "key": "dates",
            "label": "Dates",
            "type": "period",
            "value": [certificate.starts_on.isoformat(), certificate.ends_on.isoformat()],
        },
        {"key": "hours_jp", "label": "Hours (JP)", "value": certificate.hours_jp},
    ]


def forwards(apps, schema_editor):
    Certificate = apps.get_model("training", "Certificate")
    Document = apps.get_model("documents", "Document")
    certificates = (
        Certificate.objects.filter(document__isnull=True).select_related("cohort__centre").order_by("pk")
    )
    batch = []
    for certificate in certificates.iterator(chunk_size=1000):
        centre = certificate.cohort.centre
        batch.append(
            Document(
                id=certificate.pk,
                kind="certificate",
                title=certificate.course_title,
                facts=_facts(certificate),
                organisation_id=centre.organisation_id,
                time_zone=ZONE_NAMES[zone_for_region(centre.region_id)],
                pdf=certificate.pdf.name,
                **{field: getattr(certificate, field) for field in FIELDS},
            )
        )
        if len(batch) >= 1000:
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    Certificate.objects.filter(document__isnull=True).update(document_id=F("pk"))
    # The ids were given explicitly: move the id sequence past them (PostgreSQL; a no-op elsewhere).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Document]):
            cursor.execute(statement)


def backwards(apps, schema_editor):
    Certificate = apps.get_model("training", "Certificate")
    batch = []
    for certificate in Certificate.objects.select_related("document").order_by("pk").iterator(chunk_size=1000):
        document = certificate.document
        for field in FIELDS:
            setattr(certificate, field, getattr(document, field))
        certificate.pdf = document.pdf.name
        batch.append(certificate)
        if len(batch) >= 1000:
            Certificate.objects.bulk_update(batch, UPDATED)
            batch = []
    Certificate.objects.bulk_update(batch, UPDATED)
    Certificate.objects.update(document=None)
    apps.get_model("documents", "Document").objects.filter(kind="certificate").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("training", "0002_certificate_document"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
