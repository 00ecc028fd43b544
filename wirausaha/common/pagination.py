"""Pagination: the pages' `page_of`, and the API's one pagination class (ninja's page numbers, with
a page number the database can take)."""

from django.core.paginator import Page, Paginator
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

PAGE_SIZE = 25

# Far beyond the last page of any list (a million participants is 20,000 pages of 50), and small
# enough that (page - 1) * page_size stays a bigint: a larger page is refused with a 422.
MAX_PAGE = 1_000_000


def page_of(items, page_number: str | None, per_page: int = PAGE_SIZE) -> Page:
    """A page of any queryset; a bad or too-large page number gives the nearest valid page."""
    return Paginator(items, per_page).get_page(page_number)


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
