import copy
import time
from datetime import date, datetime, timedelta
from datetime import time as time_of_day

from django.db.models import Q, QuerySet
from django.utils import timezone

from wirausaha.common.models import AuditEvent

from .models import ApiToken, User
from .scoping import reads_audit_trail
from .tokens import digest

# How long this process trusts a bearer token it found good without asking the database again:
# a busy partner's requests then cost no token query each (README, "API").
TOKEN_TRUSTED_SECONDS = 10
# Only tokens found good are kept (at most one entry per issued token), keyed by the secret's digest.
_trusted_tokens: dict[str, tuple[float, datetime | None, User]] = {}


def user_for_token(secret: str) -> User | None:
    """The active user behind a bearer token that is neither revoked nor expired. A token found
    good is trusted again without a query for TOKEN_TRUSTED_SECONDS in this process, so that a
    revocation, deactivation or change of role made elsewhere takes effect within that time
    (revoke_api_token: at once in its own process); expiry is checked on every request."""
    key = digest(secret)
    now = timezone.now()
    trusted = _trusted_tokens.get(key)
    if trusted is not None:
        since, expires_at, user = trusted
        if time.monotonic() - since < TOKEN_TRUSTED_SECONDS and (expires_at is None or expires_at > now):
            # A copy, so that what one request sets on its user does not reach the next one.
            return copy.copy(user)
        _trusted_tokens.pop(key, None)
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key, revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    # Record use at most once a minute, so a busy client does not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    _trusted_tokens[key] = (time.monotonic(), token.expires_at, token.user)
    return copy.copy(token.user)


def forget_trusted_token(key_hash: str) -> None:
    """The next request with this token asks the database again (see user_for_token)."""
    _trusted_tokens.pop(key_hash, None)


def audit_events_visible_to(
    user: User,
    *,
    verb: str = "",
    actor: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail for auditors and national admins; nothing for anyone else. `since` and
    `until` are days in the site's time zone, both included."""
    if not reads_audit_trail(user):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("actor")
    if verb:
        events = events.filter(verb=verb)
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if since:
        events = events.filter(created_at__gte=_start_of(since))
    if until:
        events = events.filter(created_at__lt=_start_of(until + timedelta(days=1)))
    return events


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time_of_day.min))
