"""Who is on the other end of a request: the client's address, taken from a proxy's header only
when the deployment says which header its own proxies set and how many of them there are."""

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str:
    """REMOTE_ADDR, unless TRUSTED_PROXY_HEADER is set: then the address that the outermost of the
    TRUSTED_PROXY_COUNT proxies saw. Each proxy appends what it saw to X-Forwarded-For, so entries
    further left were written by the client itself and are not believed."""
    remote = request.META.get("REMOTE_ADDR", "")
    header, count = settings.TRUSTED_PROXY_HEADER, settings.TRUSTED_PROXY_COUNT
    if not header or count < 1:
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    addresses = [address.strip() for address in value.split(",") if address.strip()]
    if len(addresses) < count or not _valid(addresses[-count]):
        return remote
    return addresses[-count]
