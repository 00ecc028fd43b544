"""The API's one pagination: ninja's page numbers, with a page number the database can take."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

# Far beyond the last page of any list (a million participants is 20,000 pages of 50), and small
# enough that (page - 1) * page_size stays a bigint: a larger page is refused with a 422.
MAX_PAGE = 1_000_000


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
