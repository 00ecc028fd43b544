"""Enrolments that completed training and failed the assessment were recorded as dropped out, with
the reason "assessment" on their event. They are "not passed": the enrolment and that event say so
now, so pages, counts and the funnel agree. Drop-outs for attendance or withdrawal stay as they are."""

from django.db import migrations


def reclassify(apps, schema_editor):
    Enrolment = apps.get_model("programs", "Enrolment")
    EnrolmentEvent = apps.get_model("programs", "EnrolmentEvent")
    events = EnrolmentEvent.objects.filter(
        to_state="dropped_out", reason="assessment", enrolment__state="dropped_out"
    )
    enrolment_ids = list(events.values_list("enrolment_id", flat=True))
    events.update(to_state="not_passed")
    Enrolment.objects.filter(pk__in=enrolment_ids).update(state="not_passed")


def restore(apps, schema_editor):
    Enrolment = apps.get_model("programs", "Enrolment")
    EnrolmentEvent = apps.get_model("programs", "EnrolmentEvent")
    EnrolmentEvent.objects.filter(to_state="not_passed").update(to_state="dropped_out")
    Enrolment.objects.filter(state="not_passed").update(state="dropped_out")


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_enrolment_not_passed"),
    ]

    operations = [
        migrations.RunPython(reclassify, restore),
    ]
