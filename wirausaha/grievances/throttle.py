"""The public steps' limits per client address (accounts/throttle.py counts them): reporting, and
looking a case up by its tracking code. A person sends a few; a script many."""

from wirausaha.accounts.throttle import allow_attempt
from wirausaha.common.client import client_ip

REPORTS_PER_ADDRESS, REPORT_MINUTES = 10, 60
LOOKUPS_PER_ADDRESS, LOOKUP_MINUTES = 20, 15


def allow_report(request) -> bool:
    return allow_attempt(
        "grievance-report", client_ip(request), limit=REPORTS_PER_ADDRESS, minutes=REPORT_MINUTES
    )


def allow_lookup(request) -> bool:
    return allow_attempt(
        "grievance-follow", client_ip(request), limit=LOOKUPS_PER_ADDRESS, minutes=LOOKUP_MINUTES
    )
