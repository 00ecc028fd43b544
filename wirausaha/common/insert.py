"""`insert_new(instance)`: `instance.save()` for a new row, with its INSERT statement built once per
model instead of for every row.

`save()` compiles a new row's INSERT each time: every column's name quoted, every placeholder
made, the statement assembled; for a participant's 36 columns that costs more than converting
the values. The rows written on every request of a busy path (every action's audit event) go
through here: the statement's text is kept per model and connection (so PostgreSQL also prepares
it once per connection, settings.DATABASE_PREPARED_STATEMENTS), and only the values are
converted, by the fields themselves, as `save()` converts them. The pre_save and post_save
signals are sent as `save()` sends them.

A caller that writes several new rows with one statement of its own (a registration's rows,
registry/store.py) uses the two halves: `prepare_new` (checks, pre_save, the converted values) and
`stored_new` (the key, post_save).

Only plain models qualify: not a proxy, no parent model, no database-default column without a
Python default too, nothing but the primary key returned; a value that is an expression is
refused. Anything else uses `save()`. Generated columns are left to the database, and read back
when first used, as after `save()`.
"""

from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import signals


@cache
def _statement(model: type[models.Model], alias: str) -> tuple[str, tuple[models.Field, ...]]:
    """The INSERT for a new row of `model` on database `alias`, and the fields of its values."""
    meta = model._meta
    if meta.proxy or meta.parents or meta.order_with_respect_to:
        raise ImproperlyConfigured(
            f"{meta.label}: insert_new() takes models that are not proxies, with no parents or ordering."
        )
    fields = tuple(
        field for field in meta.local_concrete_fields if field is not meta.auto_field and not field.generated
    )
    odd = [
        field.name
        for field in fields
        if (field.has_db_default() and not field.has_default()) or getattr(field, "get_placeholder", None)
    ]
    # Django reads generated and database-default columns back after its INSERT; here generated
    # ones are read when used and database defaults are written from their Python default.
    returned = [
        field
        for field in meta.db_returning_fields
        if field is not meta.pk
        and not field.generated
        and not (field.has_db_default() and field.has_default())
    ]
    if odd or meta.auto_field is None or returned or meta.pk not in meta.db_returning_fields:
        raise ImproperlyConfigured(f"{meta.label}: insert_new() cannot write {odd or 'its key'}; use save().")
    connection = connections[alias]
    quote = connection.ops.quote_name
    returning = (
        f" RETURNING {quote(meta.pk.column)}" if connection.features.can_return_columns_from_insert else ""
    )
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}){returning}"
    )
    return sql, fields


def new_row_fields(model: type[models.Model], *, using: str = DEFAULT_DB_ALIAS) -> tuple[models.Field, ...]:
    """The fields whose columns `insert_new` writes for `model`, in the order `prepare_new` gives
    their values."""
    return _statement(model, using)[1]


def prepare_new(instance: models.Model, *, using: str = DEFAULT_DB_ALIAS) -> list[tuple[models.Field, Any]]:
    """What `insert_new` does before its INSERT, for a caller that writes the row in a statement
    of its own: `instance` checked and its related objects' keys taken, pre_save sent, and each
    column's value converted as `save()` converts it. Returns (field, value) for every column but the
    key; `stored_new` finishes."""
    model = type(instance)
    _sql, fields = _statement(model, using)
    if instance.pk is not None:
        raise ValueError(f"{model._meta.label} {instance.pk} exists already: use save().")
    instance._prepare_related_fields_for_save(operation_name="save")
    signals.pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    connection = connections[using]
    row = []
    for field in fields:
        value = field.pre_save(instance, add=True)
        if hasattr(value, "resolve_expression"):
            raise ValueError(f"{model._meta.label}.{field.name}: an expression needs save().")
        row.append((field, field.get_db_prep_save(value, connection)))
    return row


def stored_new(instance: models.Model, pk: Any, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """What `insert_new` does after its INSERT: the key set, the instance marked stored, post_save
    sent."""
    instance.pk = pk
    for field in type(instance)._meta.local_concrete_fields:
        if field.generated:
            instance.__dict__.pop(field.attname, None)
    instance._state.adding = False
    instance._state.db = using
    signals.post_save.send(
        sender=type(instance), instance=instance, created=True, update_fields=None, raw=False, using=using
    )


def insert_new(instance: models.Model, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Write `instance`, which has no primary key yet, as a new row and set its key."""
    model = type(instance)
    sql, _fields = _statement(model, using)
    row = prepare_new(instance, using=using)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _field, value in row])
        if connection.features.can_return_columns_from_insert:
            pk = cursor.fetchone()[0]
        else:
            pk = connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column)
    stored_new(instance, pk, using=using)
