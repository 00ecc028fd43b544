"""Keyset ("cursor") pagination of a queryset: the page after a row is found from that row's values
of the list's order, so page 20,000 costs what page 2 costs, and a row inserted or removed while a
client walks the list moves no other row from one page to the next (an offset would skip or repeat
one).

The cursor is the last row's values of the order columns, signed (so a client cannot hand-craft a
filter, and a damaged cursor is refused with a clear error rather than read).

How the next rows are found: the rows after (a, b, id) = (x, y, z) in the order (a, b, id) are, in
that order, those with a = x and b = y and id > z, then those with a = x and b after y, then those
with a after x. Each of these "levels" is an equality on a prefix of the order and a range on the
next column: one range of the index that serves the list (its filter then its order), read in
index order from where the cursor stands. The levels are asked one after another until the page is
full, so a page costs at most one short query per order column, plus one for the rows themselves.
One OR over the levels would instead make PostgreSQL read the index from the start of the list and
filter, which is what an offset costs. NULLs are placed explicitly (last when ascending, first when
descending, as PostgreSQL places them and its indexes store them), so a nullable column (an
enrolment's rank) has one more level: its NULLs, after every value or before them.
"""

from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Q, QuerySet
from django.db.models.query import ModelIterable
from django.utils.translation import gettext as _

from .errors import InvalidInput

SALT = "wirausaha.list-cursor"


class NotKeyset(TypeError):
    """The list's order is not one keyset pagination can follow (an expression, a related field)."""


class CursorSerializer(signing.JSONSerializer):
    """JSON that also carries dates, times and decimals (as their ISO text)."""

    def dumps(self, obj):
        return DjangoJSONEncoder(separators=(",", ":")).encode(obj).encode("latin-1")


@dataclass(frozen=True)
class Column:
    name: str
    descending: bool
    nullable: bool
    field: object

    @property
    def ordering(self):
        if self.descending:
            return F(self.name).desc(nulls_first=True)
        return F(self.name).asc(nulls_last=True)


def columns_of(queryset: QuerySet) -> list[Column]:
    """The list's order as columns, ending with the primary key (appended when missing, so that the
    order is total and the cursor names one place). Only field and annotation names are supported."""
    if not isinstance(queryset, QuerySet):
        raise NotKeyset("a list, not a queryset")
    if queryset.query.combinator or queryset.query.distinct or queryset._iterable_class is not ModelIterable:
        raise NotKeyset("keyset pagination of a combined, distinct or values() queryset")
    names = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    columns = []
    for entry in names:
        if not isinstance(entry, str):
            raise NotKeyset(f"keyset pagination needs an order by names, not {entry!r}")
        descending = entry.startswith("-")
        name = entry.lstrip("-")
        if name == "pk":
            name = queryset.model._meta.pk.name
        columns.append(_column(queryset, name, descending))
    pk_name = queryset.model._meta.pk.name
    if not columns or columns[-1].name != pk_name:
        columns = [c for c in columns if c.name != pk_name] + [_column(queryset, pk_name, False)]
    return columns


def _column(queryset: QuerySet, name: str, descending: bool) -> Column:
    annotation = queryset.query.annotations.get(name)
    if annotation is not None:
        return Column(name, descending, True, annotation.output_field)
    try:
        field = queryset.model._meta.get_field(name)
    except FieldDoesNotExist as error:
        raise NotKeyset(f"keyset pagination cannot order by {name!r}") from error
    return Column(field.attname if field.is_relation else name, descending, field.null, field)


def ordered(queryset: QuerySet, columns: list[Column]) -> QuerySet:
    """The queryset in the columns' order, NULLs placed explicitly (the same order on PostgreSQL)."""
    return queryset.order_by(*(column.ordering for column in columns))


def encode(values) -> str:
    return signing.dumps(list(values), salt=SALT, serializer=CursorSerializer)


def decode(columns: list[Column], cursor: str) -> list:
    """The values a cursor holds, in the columns' types; InvalidInput on `cursor` when it was not
    made by this list (damaged, or from a list with another order)."""
    invalid = InvalidInput({"cursor": _("This cursor is not valid. Start again from the first page.")})
    try:
        values = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise invalid from error
    if not isinstance(values, list) or len(values) != len(columns):
        raise invalid
    try:
        return [
            None if v is None else column.field.to_python(v)
            for column, v in zip(columns, values, strict=True)
        ]
    except (ValidationError, TypeError, ValueError) as error:
        raise invalid from error


def _after(column: Column, value) -> list[Q]:
    """The ranges of `column` that come after `value`, in the list's order."""
    name = column.name
    if column.descending:  # NULLs first, then from the largest value down
        return [Q(**{f"{name}__isnull": False})] if value is None else [Q(**{f"{name}__lt": value})]
    if value is None:  # ascending: NULLs are last, nothing comes after them
        return []
    ranges = [Q(**{f"{name}__gt": value})]
    if column.nullable:
        ranges.append(Q(**{f"{name}__isnull": True}))
    return ranges


def _same(column: Column, value) -> Q:
    return Q(**{f"{column.name}__isnull": True}) if value is None else Q(**{column.name: value})


def levels(columns: list[Column], values: list) -> list[Q]:
    """The conditions of the rows after the cursor, each one index range, in the list's order."""
    found = []
    for depth in range(len(columns) - 1, -1, -1):
        prefix = Q()
        for column, value in zip(columns[:depth], values[:depth], strict=True):
            prefix &= _same(column, value)
        found.extend(prefix & after for after in _after(columns[depth], values[depth]))
    return found


def page_after(queryset: QuerySet, cursor: str, size: int, offset: int = 0) -> tuple[list, str | None]:
    """Up to `size` rows of `queryset` after `cursor` (or, without one, from `offset`: a page
    number's page), and the cursor of the next page (None when this one is the last). NotKeyset when
    the queryset's order cannot be followed by a cursor."""
    columns = columns_of(queryset)
    listed = ordered(queryset, columns)
    names = [column.name for column in columns]
    conditions = levels(columns, decode(columns, cursor)) if cursor else [Q()]
    keys: list[tuple] = []
    for condition in conditions:
        wanted = size + 1 - len(keys)
        start = 0 if cursor else offset
        keys.extend(listed.filter(condition).values_list(*names)[start : start + wanted])
        if len(keys) > size:
            break
    more = len(keys) > size
    keys = keys[:size]
    if not keys:
        return [], None
    ids = [key[-1] for key in keys]
    by_id = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    return rows, encode(keys[-1]) if more else None
