"""Participants' usernames were their mobile numbers, shown in the audit trail and the history:
each such account gets a username that says nothing about the person (accounts/people.py), and
the labels already recorded under the number are rewritten. They keep logging in with the
number (backends.py finds the account by the participant's record)."""

import secrets

from django.db import migrations
from django.db.models import F, Q

ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def rename(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    AuditEvent = apps.get_model("common", "AuditEvent")
    login_records = []
    for model in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            login_records.append(apps.get_model("axes", model))
        except LookupError:
            pass
    accounts = User.objects.filter(role="participant").filter(
        Q(username=F("phone")) | Q(username__startswith="+") | Q(username__regex=r"^[0-9]{8,}$")
    )
    for user in accounts.iterator():
        old = user.username
        while True:
            new = "p-" + "".join(secrets.choice(ALPHABET) for _ in range(10))
            if not User.objects.filter(username=new).exists():
                break
        User.objects.filter(pk=user.pk).update(username=new)
        AuditEvent.objects.filter(Q(actor_id=user.pk) | Q(actor__isnull=True), actor_label=old).update(
            actor_label=new
        )
        for model in login_records:
            model.objects.filter(username=old).update(username=new)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("common", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop, elidable=True)]
