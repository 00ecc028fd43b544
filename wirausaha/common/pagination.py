"""Pagination: the pages' `page_of`, and the API's pagination classes (ninja's page numbers, with
a page number the database can take, and the same with a cursor). They cost the same whatever the
size of the list behind them:

- The count is exact up to `EXACT_COUNT_LIMIT` rows (a count of a subquery that stops there). Above
  it, an officer needs "about 812,000", not the exact figure, and an exact count would read every
  row in scope (a national admin's list: a million), so the planner's estimate is taken from the
  query's EXPLAIN on PostgreSQL (no row is read). SQLite, the laptop's database, counts exactly.
- The registry's and the waves' API lists also answer by cursor (CursorPagination, keyset, see
  common.keyset): every page carries `next_cursor`, and `?cursor=` gives the page after it at the
  cost of the first, where a deep page number still skips the rows before it in the index.
- A page is fetched in two steps (a "deferred join"): first the ids of the page's rows, which the
  database reads from the index that matches the list's filter and order without visiting the
  table, however deep the page; then those rows with their joins. Page 1,000 thus skips 25,000
  index entries, not 25,000 table rows.
"""

import json
import math
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

from .errors import InvalidInput
from .keyset import NotKeyset, page_after

PAGE_SIZE = 25

# Far beyond the last page of any list (a million participants is 20,000 pages of 50), and small
# enough that (page - 1) * page_size stays a bigint: a larger page is refused with a 422.
MAX_PAGE = 1_000_000

# Counted exactly up to here; above, estimated (PostgreSQL) and shown as "about".
EXACT_COUNT_LIMIT = 10_000


def bounded_count(items) -> tuple[int, bool]:
    """(count, estimated): exact up to EXACT_COUNT_LIMIT, else the planner's estimate on PostgreSQL,
    never below the limit it passed. A list (not a queryset) is simply counted."""
    if not isinstance(items, QuerySet):
        return len(items), False
    if connections[items.db].vendor != "postgresql":
        return items.count(), False
    capped = items.order_by()[: EXACT_COUNT_LIMIT + 1].count()
    if capped <= EXACT_COUNT_LIMIT:
        return capped, False
    return max(_estimated_rows(items), EXACT_COUNT_LIMIT + 1), True


def _estimated_rows(items: QuerySet) -> int:
    sql, params = items.order_by().values("pk").query.sql_with_params()
    with connections[items.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def rounded_estimate(count: int) -> int:
    """An estimate shown to three significant figures: 812,345 -> 812,000."""
    if count < 1000:
        return count
    step = 10 ** (int(math.log10(count)) - 2)
    return round(count / step) * step


def fetch_slice(items, bottom: int, top: int) -> list:
    """Rows bottom..top of `items` in its order: the ids first (from the index), then the rows."""
    if (
        not isinstance(items, QuerySet)
        or items._iterable_class is not ModelIterable
        or items.query.combinator
    ):
        return list(items[bottom:top])
    ids = list(items.values_list("pk", flat=True)[bottom:top])
    if not ids:
        return []
    by_id = {row.pk: row for row in items.order_by().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


class BoundedPaginator(Paginator):
    """Django's paginator with a bounded count (see the module's docstring); `estimated` tells the
    template to say "about"."""

    @cached_property
    def _bounded(self) -> tuple[int, bool]:
        return bounded_count(self.object_list)

    @property
    def count(self) -> int:
        return self._bounded[0]

    @property
    def estimated(self) -> bool:
        return self._bounded[1]

    @property
    def count_label(self) -> str:
        if self.count and self.estimated:
            return gettext("about %(count)s") % {"count": intcomma(rounded_estimate(self.count))}
        return intcomma(self.count)

    @property
    def pages_label(self) -> str:
        if self.estimated:
            return gettext("about %(count)s") % {"count": intcomma(self.num_pages)}
        return intcomma(self.num_pages)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count and not self.estimated:
            top = self.count
        return self._get_page(fetch_slice(self.object_list, bottom, top), number, self)


def page_of(items, page_number: str | None, per_page: int = PAGE_SIZE) -> Page:
    """A page of any queryset; a bad or too-large page number gives the nearest valid page."""
    return BoundedPaginator(items, per_page).get_page(page_number)


class PageNumberPagination(NinjaPageNumberPagination):
    """Page numbers with the pages' bounded count and deferred join; `count_is_estimate` says when
    `count` is the planner's estimate rather than an exact count."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)

    class Output(Schema):
        items: list[Any]
        count: int
        count_is_estimate: bool = False

    def paginate_queryset(self, queryset, pagination: Input, request=None, **params) -> dict:
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        count, estimated = bounded_count(queryset)
        return {
            self.items_attribute: fetch_slice(queryset, offset, offset + page_size),
            "count": count,
            "count_is_estimate": estimated,
        }


class CursorPagination(PageNumberPagination):
    """Page numbers as above, and a cursor (common.keyset) for lists ordered by field names ending
    with the id (the registry's and the waves' lists): each page gives `next_cursor`, the place after
    its last row (null on the last page), and `?cursor=` returns the page after that place,
    whatever its depth and however many rows were added or removed meanwhile; `page` is then not
    used. An empty value sorts last (first in a descending order), on every database."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
        cursor: str = Field("", max_length=1000, description="The next_cursor of the previous page.")

    class Output(Schema):
        items: list[Any]
        count: int
        count_is_estimate: bool = False
        next_cursor: str | None = None

    def paginate_queryset(self, queryset, pagination: Input, request=None, **params) -> dict:
        page_size = self._get_page_size(pagination.page_size)
        offset = (pagination.page - 1) * page_size
        count, estimated = bounded_count(queryset)
        try:
            items, next_cursor = page_after(queryset, pagination.cursor, page_size, offset)
        except NotKeyset:
            if pagination.cursor:
                raise InvalidInput(
                    {"cursor": gettext("This list cannot be read by cursor; use page.")}
                ) from None
            items, next_cursor = fetch_slice(queryset, offset, offset + page_size), None
        return {
            self.items_attribute: items,
            "count": count,
            "count_is_estimate": estimated,
            "next_cursor": next_cursor,
        }
