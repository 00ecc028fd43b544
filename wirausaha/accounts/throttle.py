"""The login policy against guessing (issue #25), on top of django-axes' records of failures.

- Per client address: after LOGIN_ADDRESS_FAILURE_LIMIT failures from one address, whatever the
  usernames, that address is refused for LOGIN_ADDRESS_COOLOFF_MINUTES, before any password is
  hashed (a backend placed first, `ClientAddressThrottle`).
- Per account (django-axes): AXES_FAILURE_LIMIT failures for one username, from any address, lock
  it for AXES_COOLOFF_MINUTES, but not for a device or an address that has logged in to that
  account before (`lockout_parameters`): there only the failures from that address count. So an
  attacker who locks an account does not lock out its owner.
- The client address is `wirausaha.common.client.client_ip` (a trusted proxy header, or REMOTE_ADDR).
"""

import hashlib
from datetime import timedelta

from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.common.client import client_ip
from wirausaha.common.responses import error_response

from .models import ThrottleHit

DEVICE_COOKIE = "wrs_device"
_DEVICE_SALT = "wirausaha.accounts.known-device"
_DEVICE_MAX_ACCOUNTS = 5
_DEVICE_MAX_AGE = 365 * 24 * 60 * 60


def _account_key(username: str) -> str:
    # The cookie names no account: a keyed hash of the username.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{username}".encode()).hexdigest()[:24]


def known_accounts(request) -> list[str]:
    try:
        keys = request.get_signed_cookie(DEVICE_COOKIE, salt=_DEVICE_SALT, max_age=_DEVICE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return []
    return keys.split(",")


def remember_device(request, response, username: str) -> None:
    """Set at a successful login: this browser has logged in to this account."""
    keys = [key for key in known_accounts(request) if key != _account_key(username)]
    keys = [_account_key(username), *keys][:_DEVICE_MAX_ACCOUNTS]
    response.set_signed_cookie(
        DEVICE_COOKIE,
        ",".join(keys),
        salt=_DEVICE_SALT,
        max_age=_DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_known_client(request, username: str | None) -> bool:
    """This browser (its cookie) or this address has logged in to the account before."""
    if not username:
        return False
    if _account_key(username) in known_accounts(request):
        return True
    return AccessLog.objects.filter(username=username, ip_address=client_ip(request)).exists()


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """AXES_LOCKOUT_PARAMETERS: the account's failures from everywhere, or, for a known client,
    only those from its own address."""
    if isinstance(request_or_attempt, HttpRequest):
        username = get_client_username(request_or_attempt, credentials)
        if is_known_client(request_or_attempt, username):
            return [["username", "ip_address"]]
    return ["username"]


@receiver(user_logged_in)
def _remember_device_after_login(sender, request, user, **kwargs):
    if request is not None:
        request.remember_device_for = user.get_username()


class KnownDeviceMiddleware:
    """Sets the known-device cookie on the response to a successful login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        username = getattr(request, "remember_device_for", None)
        if username:
            remember_device(request, response, username)
        return response


def address_failures(address: str) -> int:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_ADDRESS_COOLOFF_MINUTES)
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class ClientAddressThrottle:
    """First of the authentication backends: refuses an address with too many recent failures,
    before django-axes looks at the account and before any password is hashed. It has no
    get_user, so that it is never the backend a session is tied to."""

    def authenticate(self, request, **credentials):
        if request is None or settings.LOGIN_ADDRESS_FAILURE_LIMIT <= 0:
            return None
        if address_failures(client_ip(request)) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True  # AxesMiddleware answers with lockout_response
            request.address_locked_out = True
            raise PermissionDenied("too many failed logins from this address")
        return None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429, saying whether the address or the account is blocked."""
    if getattr(request, "address_locked_out", False):
        minutes = settings.LOGIN_ADDRESS_COOLOFF_MINUTES
        return error_response(
            request,
            status=429,
            code="too_many_attempts",
            title=_("Too many failed attempts"),
            detail=_("Too many failed logins came from your network. Try again in %(minutes)d minutes.")
            % {"minutes": minutes},
        )
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)


def _hit_key(key: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:throttle:{key}".encode()).hexdigest()


def allow_attempt(scope: str, key: str, *, limit: int, minutes: int) -> bool:
    """Counts one attempt at a throttled public step (`scope`) by `key` (an address, a NIK) and
    says whether it is within `limit` attempts in the last `minutes`. A refused attempt is not
    counted, so a refusal does not prolong itself."""
    if limit <= 0:
        return True
    now = timezone.now()
    hashed = _hit_key(key)
    recent = ThrottleHit.objects.filter(
        scope=scope, key_hash=hashed, created_at__gte=now - timedelta(minutes=minutes)
    )
    if recent.count() >= limit:
        return False
    ThrottleHit.objects.filter(created_at__lt=now - timedelta(days=1)).delete()
    ThrottleHit.objects.create(scope=scope, key_hash=hashed)
    return True
