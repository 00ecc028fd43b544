"""A registration's three rows (store.py): one statement on PostgreSQL, three INSERTs elsewhere, and
the same rows either way, all or none."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from wirausaha.accounts.models import Role, User
from wirausaha.common.models import AuditEvent
from wirausaha.registry import store
from wirausaha.registry.actions import register_participant
from wirausaha.registry.history import HISTORY_ONLY
from wirausaha.registry.models import Participant, Source
from wirausaha.registry.tests.test_history import EVERYTHING
from wirausaha.testing import make_user

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no INSERT inside WITH: its rows are always three INSERTs (CI runs PostgreSQL too).",
)
# Columns that differ between two registrations of different people made a moment apart.
OWN = {"id", "nik", "phone", "created_at", "updated_at", "consent_at", "history_id", "history_date"}


def rows(participant: Participant) -> dict[str, dict]:
    """The participant's row, its history row and its registration event, without their own keys
    and times."""
    event = AuditEvent.objects.get(verb="participant.registered", target_id=str(participant.pk))
    history = participant.history.get()
    return {
        "participant": {
            field.attname: getattr(Participant.objects.get(pk=participant.pk), field.attname)
            for field in Participant._meta.concrete_fields
            if field.attname not in OWN
        },
        "history": {
            field.attname: getattr(history, field.attname)
            for field in history._meta.concrete_fields
            if field.attname not in OWN
        },
        "event": {
            field.attname: getattr(event, field.attname)
            for field in AuditEvent._meta.concrete_fields
            if field.attname not in {"id", "created_at", "target_id", "target_label"}
        },
    }


@on_postgresql
@pytest.mark.django_db
def test_one_statement_writes_the_rows_the_three_inserts_write(bekasi_officer, monkeypatch):
    one = register_participant(data=EVERYTHING, consent=True, by=bekasi_officer, source=Source.OFFICER)
    monkeypatch.setattr(store, "in_one_statement", lambda using="default": False)
    other = {**EVERYTHING, "nik": "3216014508850011", "phone": "0812-3456-0011"}
    three = register_participant(data=other, consent=True, by=bekasi_officer, source=Source.OFFICER)

    assert rows(one) == rows(three)
    history = one.history.get()
    assert (history.id, history.nik, history.history_date) == (one.pk, one.nik, one.created_at)
    assert set(HISTORY_ONLY) <= {field.name for field in history._meta.concrete_fields}
    event = AuditEvent.objects.get(verb="participant.registered", target_id=str(one.pk))
    assert (event.actor, event.target_label, event.changes) == (
        bekasi_officer,
        str(one),
        {"source": [None, "officer"]},
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_registration_on_its_own_is_a_single_statement(reference_regions):
    officer = make_user("bekasi", Role.REGENCY_OFFICER, region="32.16")
    # The first registration loads the region and sector codes that validation keeps.
    first = {**EVERYTHING, "nik": "3216014508850011", "phone": "0812-3456-0011"}
    register_participant(data=first, consent=True, by=officer, source=Source.OFFICER)
    with CaptureQueriesContext(connection) as queries:
        participant = register_participant(data=EVERYTHING, consent=True, by=officer, source=Source.OFFICER)

    # No BEGIN and COMMIT around it: the statement is its own transaction.
    assert [query["sql"][:47] for query in queries.captured_queries] == [
        'WITH new_participant AS (INSERT INTO "registry_participant"'[:47]
    ]
    assert participant.history.get().history_user == officer
    assert AuditEvent.objects.filter(target_id=str(participant.pk), actor=officer).count() == 1
    assert Participant.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_when_one_row_is_refused_none_of_the_three_is_written(reference_regions):
    """The officer's account is gone by the time the rows are written: the audit event and the
    history row name a user that no longer exists, and the participant is not written either."""
    officer = make_user("bekasi", Role.REGENCY_OFFICER, region="32.16")
    User.objects.filter(pk=officer.pk).delete()

    with pytest.raises(IntegrityError):
        register_participant(data=EVERYTHING, consent=True, by=officer, source=Source.OFFICER)

    assert not Participant.objects.exists()
    assert not Participant.history.exists()
    assert not AuditEvent.objects.filter(verb="participant.registered").exists()
