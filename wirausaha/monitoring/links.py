"""The signed follow-up link: opens one person's form for one round without a password.

The token is django.core.signing of {"r": round id, "p": participant id}; the link carries the
participant id beside it, so a token copied into another person's link is refused. It expires
when the round closes (end of the closing day, Asia/Jakarta)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import FollowUpRound

SALT = "wirausaha.monitoring.follow-up"
JAKARTA = ZoneInfo("Asia/Jakarta")


class LinkRefused(Exception):
    """Tampered, for another person or round, or expired. `reason` says which (for the page)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_for(round_: FollowUpRound, participant_id: int) -> str:
    return signing.dumps({"r": round_.pk, "p": participant_id}, salt=SALT, compress=True)


def path_for(round_: FollowUpRound, participant_id: int) -> str:
    return reverse("monitoring:follow_up_link", args=[participant_id, token_for(round_, participant_id)])


def closes_at(round_: FollowUpRound) -> datetime:
    return datetime.combine(round_.closes_on + timedelta(days=1), time(0, 0), tzinfo=JAKARTA)


def read(token: str, participant_id: int, *, now: datetime | None = None) -> FollowUpRound:
    """The round the token opens for `participant_id`, or LinkRefused."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise LinkRefused("tampered") from error
    if not isinstance(data, dict) or data.get("p") != participant_id:
        raise LinkRefused("other_person")
    round_ = FollowUpRound.objects.select_related("wave").filter(pk=data.get("r")).first()
    if round_ is None:
        raise LinkRefused("tampered")
    if (now or timezone.now()) >= closes_at(round_):
        raise LinkRefused("expired")
    return round_
