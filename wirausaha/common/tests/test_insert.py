import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.signals import post_save, pre_save

from wirausaha.accounts.models import Role
from wirausaha.common.insert import insert_new
from wirausaha.common.models import AuditEvent
from wirausaha.reference.models import Region
from wirausaha.testing import make_user

pytestmark = pytest.mark.django_db


def columns(event: AuditEvent) -> dict:
    """Every stored column but the key and the time, as the database returns them."""
    names = [
        field.attname for field in AuditEvent._meta.concrete_fields if field.name not in ("id", "created_at")
    ]
    return dict(zip(names, AuditEvent.objects.filter(pk=event.pk).values_list(*names).get(), strict=True))


def an_event(actor) -> AuditEvent:
    return AuditEvent(
        actor=actor,
        actor_label=actor.username,
        verb="participant.corrected",
        target_type="registry.participant",
        target_id="41",
        target_label="Siti Rahmawati (321601******0003)",
        reason="Nama salah ketik",
        changes={"full_name": ["Siti Rahmawti", "Siti Rahmawati"], "jkp_recipient": [None, True]},
    )


def test_a_row_written_by_insert_new_is_the_row_save_writes():
    actor = make_user("admin", Role.NATIONAL_ADMIN)
    saved, inserted = an_event(actor), an_event(actor)

    saved.save()
    insert_new(inserted)

    assert inserted.pk is not None and inserted.pk != saved.pk
    assert not inserted._state.adding
    assert columns(inserted) == columns(saved)
    assert AuditEvent.objects.get(pk=inserted.pk).created_at == inserted.created_at  # auto_now_add set


def test_insert_new_sends_the_signals_save_sends():
    heard = []

    def before(sender, instance, **kwargs):
        heard.append(("pre_save", instance.pk, kwargs["raw"]))

    def after(sender, instance, created, **kwargs):
        heard.append(("post_save", instance.pk, created))

    event = an_event(make_user("admin", Role.NATIONAL_ADMIN))  # the account's own events first
    pre_save.connect(before, sender=AuditEvent)
    post_save.connect(after, sender=AuditEvent)
    try:
        insert_new(event)
    finally:
        pre_save.disconnect(before, sender=AuditEvent)
        post_save.disconnect(after, sender=AuditEvent)

    assert heard == [("pre_save", None, False), ("post_save", event.pk, True)]


def test_insert_new_refuses_a_stored_row_an_expression_and_a_model_without_an_automatic_key():
    event = an_event(make_user("admin", Role.NATIONAL_ADMIN))
    event.save()
    with pytest.raises(ValueError, match="exists already"):
        insert_new(event)

    shouting = AuditEvent(actor_label="system", verb=Upper(Value("x")))
    with pytest.raises(ValueError, match="expression"):
        insert_new(shouting)

    with pytest.raises(ImproperlyConfigured, match="Region"):
        insert_new(Region(code="99", name="Nowhere", level=Region.Level.PROVINCE))
    assert list(AuditEvent.objects.filter(verb="X")) == []
    assert not Region.objects.filter(code="99").exists()
