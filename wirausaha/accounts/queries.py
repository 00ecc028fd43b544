from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from wirausaha.common.models import AuditEvent

from .models import ApiToken, User
from .scoping import reads_audit_trail
from .tokens import digest


def user_for_token(secret: str) -> User | None:
    """The active user behind a bearer token that is neither revoked nor expired."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    # Record use at most once a minute, so a busy client does not write on every request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def audit_events_visible_to(
    user: User, *, verb: str = "", actor: str = "", target_type: str = ""
) -> QuerySet[AuditEvent]:
    """The audit trail for auditors and national admins; nothing for anyone else."""
    if not reads_audit_trail(user):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.all()
    if verb:
        events = events.filter(verb__startswith=verb)
    if actor:
        events = events.filter(actor_label__iexact=actor)
    if target_type:
        events = events.filter(target_type=target_type)
    return events
