from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def page_of(items, page_number: str | None, per_page: int = PAGE_SIZE) -> Page:
    """A page of any queryset; a bad or too-large page number gives the nearest valid page."""
    return Paginator(items, per_page).get_page(page_number)
