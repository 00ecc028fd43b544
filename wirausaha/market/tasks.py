"""Background work of the market: refreshing stored matches after a listing or a business changes."""

from django_tasks import task

from .actions.matches import refresh_business, refresh_listing


@task()
def refresh_listing_matches(listing_id: int) -> int:
    return refresh_listing(listing_id)


@task()
def refresh_business_matches(business_id: int) -> int:
    return refresh_business(business_id)
