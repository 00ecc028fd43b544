from django.db import migrations


def add_templates(apps, schema_editor):
    """The WhatsApp templates of the business plan decision (events.Event.PLAN_DECIDED), under
    review until an admin records Meta's approval."""
    WhatsAppTemplate = apps.get_model("notifications", "WhatsAppTemplate")
    for language in ("id", "en"):
        WhatsAppTemplate.objects.get_or_create(
            event="plan_decided",
            language=language,
            defaults={"name": "wirausaha_plan_decided", "category": "UTILITY", "status": "PENDING"},
        )


def remove_templates(apps, schema_editor):
    apps.get_model("notifications", "WhatsAppTemplate").objects.filter(event="plan_decided").delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_channels_templates_consent")]

    operations = [migrations.RunPython(add_templates, remove_templates)]
