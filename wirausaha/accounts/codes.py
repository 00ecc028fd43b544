"""One-time codes that prove control of the mobile number on record (issues #22, #25): 6 digits, a
keyed hash at rest, valid for CODE_MINUTES, at most CODE_ATTEMPTS tries, one live code per account.
They serve phone verification at registration, the first sign-in of a person an officer
registered, and "forgot password". Sending is the caller's (an app above this one: notifications'
`send_one_time_code`); how often a number or a client may ask for one is `may_send_code`."""

import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from wirausaha.common.audit import record_event

from .models import OneTimeCode, User
from .throttle import allow_attempt

CODE_MINUTES = 5
CODE_ATTEMPTS = 5
# Codes sent: at most this many to one mobile number, and from one client address, per window.
SENDS_PER_NUMBER = 3
SENDS_PER_CLIENT = 10
SENDS_WINDOW_MINUTES = 30


def _hash(user: User, code: str) -> str:
    return salted_hmac(
        "wirausaha.accounts.one-time-code", f"{user.pk}:{code}", algorithm="sha256"
    ).hexdigest()


def may_send_code(*, phone: str, client: str) -> bool:
    """Counts one request for a code and says whether it may be sent: refused when the number, or
    the client address, asked SENDS_PER_NUMBER (SENDS_PER_CLIENT) times in SENDS_WINDOW_MINUTES.
    Per number as well as per client, so that a bot on many addresses cannot pump one phone."""
    if not allow_attempt("code.client", client, limit=SENDS_PER_CLIENT, minutes=SENDS_WINDOW_MINUTES):
        return False
    return not phone or allow_attempt(
        "code.number", phone, limit=SENDS_PER_NUMBER, minutes=SENDS_WINDOW_MINUTES
    )


@transaction.atomic
def issue_code(user: User) -> str:
    """A new code for `user`, replacing any earlier one; returns it for sending (never stored)."""
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.update_or_create(
        user=user,
        defaults={
            "code_hash": _hash(user, code),
            "expires_at": timezone.now() + timedelta(minutes=CODE_MINUTES),
            "attempts": 0,
        },
    )
    record_event(None, "account.code_sent", user)
    return code


@transaction.atomic
def use_code(user: User, code: str) -> bool:
    """Whether `code` is the user's live code. It works once; a wrong one counts as a try, and
    after CODE_ATTEMPTS tries or CODE_MINUTES the code is dead."""
    live = OneTimeCode.objects.select_for_update().filter(user=user).first()
    if live is None:
        return False
    if live.expires_at <= timezone.now() or live.attempts >= CODE_ATTEMPTS:
        live.delete()
        return False
    if not hmac.compare_digest(live.code_hash, _hash(user, (code or "").strip())):
        live.attempts += 1
        live.save(update_fields=["attempts"])
        if live.attempts >= CODE_ATTEMPTS:
            record_event(None, "account.code_locked", user)
        return False
    live.delete()
    record_event(user, "account.code_used", user)
    return True
