"""A new participant's first history row, copied by the database from the row just written.

django-simple-history would build a historical model instance per person in Python and insert it
field by field: about a quarter of a registration's CPU and half of a large import's writing.
One `INSERT … SELECT` writes the same row: the participant's tracked columns as stored, with who,
when and why (`record_first_history`, for an import's rows 900 at a time; on PostgreSQL, a single
registration copies its row within the statement that writes it, store.py). Changes after the
first row still go through simple-history (its save signal and `bulk_update_with_history`).
"""

from collections.abc import Iterable
from datetime import datetime
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from simple_history.utils import get_history_manager_for_model

from .models import Participant

# Below SQLite's oldest limit of 999 parameters per statement, with three for who, when and why.
CHUNK = 900
HISTORY_ONLY = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


@cache
def copy_from(source: str) -> str:
    """`INSERT INTO` the history `SELECT` from `source` (the participant table, or a statement's
    own rows of it) the copied columns, then three placeholders: when, by whom, why. The history's
    columns are checked against the participant's once."""
    history = get_history_manager_for_model(Participant).model
    columns = [f.column for f in history._meta.concrete_fields if f.name not in HISTORY_ONLY]
    missing = set(columns) - {f.column for f in Participant._meta.concrete_fields}
    if missing:
        raise ImproperlyConfigured(f"history columns without a participant column: {sorted(missing)}")
    quote = connection.ops.quote_name
    shared = ", ".join(quote(column) for column in columns)
    return (
        f"INSERT INTO {quote(history._meta.db_table)} ({shared}, history_date, history_user_id, "
        f"history_type, history_change_reason) SELECT {shared}, %s, %s, '+', %s FROM {source}"
    )


@cache
def _statement(count: int) -> str:
    """The INSERT … SELECT for `count` NIKs."""
    table = connection.ops.quote_name(Participant._meta.db_table)
    return f"{copy_from(table)} WHERE nik IN ({', '.join(['%s'] * count)})"


def record_first_history(niks: Iterable[str], *, user, when: datetime, reason: str | None = None) -> None:
    """Write the '+' history row of each participant (by NIK) just created, in the caller's
    transaction."""
    user_id = getattr(user, "pk", None)
    stamp = connection.ops.adapt_datetimefield_value(when)
    niks = list(niks)
    with connection.cursor() as cursor:
        for start in range(0, len(niks), CHUNK):
            chunk = niks[start : start + CHUNK]
            cursor.execute(_statement(len(chunk)), [stamp, user_id, reason, *chunk])
