"""A new participant's first history row, copied by the database from the row just written.

django-simple-history would build a historical model instance per person in Python and insert it
field by field: about a quarter of a registration's CPU and half of a large import's writing.
One `INSERT … SELECT` writes the same row: the participant's tracked columns as stored, with who,
when and why. Changes after the first row still go through simple-history (its save signal and
`bulk_update_with_history`).
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
def _columns() -> tuple[str, list[str]]:
    """The history table and the columns it shares with the participant table."""
    history = get_history_manager_for_model(Participant).model
    shared = [f.column for f in history._meta.concrete_fields if f.name not in HISTORY_ONLY]
    missing = set(shared) - {f.column for f in Participant._meta.concrete_fields}
    if missing:
        raise ImproperlyConfigured(f"history columns without a participant column: {sorted(missing)}")
    return history._meta.db_table, shared


def record_first_history(niks: Iterable[str], *, user, when: datetime, reason: str | None = None) -> None:
    """Write the '+' history row of each participant (by NIK) just created, in the caller's
    transaction."""
    table, columns = _columns()
    quote = connection.ops.quote_name
    shared = ", ".join(quote(column) for column in columns)
    user_id = getattr(user, "pk", None)
    stamp = connection.ops.adapt_datetimefield_value(when)
    niks = list(niks)
    with connection.cursor() as cursor:
        for start in range(0, len(niks), CHUNK):
            chunk = niks[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({shared}, history_date, history_user_id, history_type, "
                f"history_change_reason) SELECT {shared}, %s, %s, '+', %s "
                f"FROM {quote(Participant._meta.db_table)} WHERE nik IN ({', '.join(['%s'] * len(chunk))})",
                [stamp, user_id, reason, *chunk],
            )
