"""A registration's three rows: the participant, its first history row and the audit event.

On PostgreSQL one statement writes all three: the participant's INSERT, and from the row it
returns, the history's copy (history.py) and the audit event with the new key as its target:

    WITH new_participant AS (INSERT INTO registry_participant … RETURNING *),
         first_history AS (INSERT INTO registry_historicalparticipant … SELECT … FROM new_participant),
         registered AS (INSERT INTO common_auditevent … SELECT … FROM new_participant RETURNING id)
    SELECT new_participant.id, registered.id FROM new_participant, registered

Written one by one they were five waits on the database (BEGIN, three INSERTs, COMMIT), each
costing the web process and the database more than the INSERT's own work; a registration through
the API is one wait now. A single statement is all or nothing on its own, so outside a caller's
transaction it needs no BEGIN and COMMIT (`in_one_statement`). Other databases (SQLite: no
INSERT inside WITH) write the three rows one after the other, in the caller's transaction.

Each row's values are converted and its signals sent as `save()` would (common/insert.py).
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections

from wirausaha.common.insert import insert_new, new_row_fields, prepare_new, stored_new
from wirausaha.common.models import AuditEvent

from .history import copy_from, record_first_history
from .models import Participant


def in_one_statement(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether `write_registration` writes its rows with one statement on this database."""
    return connections[using].vendor == "postgresql"


@cache
def _statement(using: str) -> str:
    quote = connections[using].ops.quote_name

    def insert_into(model) -> str:
        columns = ", ".join(quote(field.column) for field in new_row_fields(model, using=using))
        return f"INSERT INTO {quote(model._meta.db_table)} ({columns})"

    participant_values = ", ".join(["%s"] * len(new_row_fields(Participant, using=using)))
    # The audit event's target is the new participant's key, as text; its other columns are given.
    event_values = ", ".join(
        f"CAST(new_participant.{quote(Participant._meta.pk.column)} AS varchar)"
        if field.name == "target_id"
        else "%s"
        for field in new_row_fields(AuditEvent, using=using)
    )
    return (
        f"WITH new_participant AS ({insert_into(Participant)} VALUES ({participant_values}) RETURNING *), "
        f"first_history AS ({copy_from('new_participant')}), "
        f"registered AS ({insert_into(AuditEvent)} SELECT {event_values} FROM new_participant "
        f"RETURNING {quote(AuditEvent._meta.pk.column)}) "
        f"SELECT new_participant.{quote(Participant._meta.pk.column)}, "
        f"registered.{quote(AuditEvent._meta.pk.column)} FROM new_participant, registered"
    )


def write_registration(
    participant: Participant, event: AuditEvent, *, history_user, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Write a new `participant`, its first history row (by `history_user`, at the participant's
    creation time) and `event`, whose target is the participant (audit.new_event), and set both
    keys."""
    connection = connections[using]
    # The history's first row is copied by the database, not built by simple-history's save signal.
    participant.skip_history_when_saving = True
    try:
        if not in_one_statement(using):
            insert_new(participant, using=using)
            record_first_history([participant.nik], user=history_user, when=participant.created_at)
            event.target_id = str(participant.pk)
            insert_new(event, using=using)
            return
        participant_row = prepare_new(participant, using=using)
        event_row = prepare_new(event, using=using)
        stamp = connection.ops.adapt_datetimefield_value(participant.created_at)
        values = [
            *(value for _field, value in participant_row),
            stamp,
            getattr(history_user, "pk", None),
            None,  # no reason for a registration's first row
            *(value for field, value in event_row if field.name != "target_id"),
        ]
        with connection.cursor() as cursor:
            cursor.execute(_statement(using), values)
            participant_pk, event_pk = cursor.fetchone()
        stored_new(participant, participant_pk, using=using)
        event.target_id = str(participant_pk)
        stored_new(event, event_pk, using=using)
    finally:
        del participant.skip_history_when_saving
