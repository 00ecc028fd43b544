"""QR check-in codes: what a code says, and when it is accepted. No ORM; Django only for signing.

The trainer's session page shows a QR code of the URL /pelatihan/hadir/<code>/. The code is the
session id and the moment it was issued, signed with the server's secret (HMAC, salted for this
use), and the page replaces it every minute. A participant who opens it, signed in, is checked in
as present, or as late 15 minutes after the start.

Threat model, briefly:
- A forged or edited code (another session id, another time) fails the signature.
- A screenshot sent to someone who is not in the room: the code is accepted only if it was first
  opened within two minutes of being issued, only during the session (from 30 minutes before its
  start to 15 minutes after its end), only for that session, and only by a signed-in participant
  on that cohort's roster, once. Someone on the roster who is elsewhere and gets a fresh code
  relayed within two minutes can still check in: the trainer sees how each mark was made ("QR")
  and corrects it, and the correction is audited. We do not ask for the phone's location: it is
  personal data, and unreliable indoors.
- Reuse: one attendance row per participant and session (a database constraint), so a second
  check-in is refused, whoever sends it.
- Signing in takes time: the first time a browser opens a code is kept in its server-side session
  (`seen_at`); confirming is accepted up to 10 minutes after that, but never for a code first
  opened after it expired.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.core import signing

SALT = "wirausaha.training.checkin"
CODE_LIFETIME = timedelta(minutes=2)
REFRESH_SECONDS = 60  # the trainer's page shows a new code well before the old one expires
CONFIRM_WITHIN = timedelta(minutes=10)  # from first opening the code to confirming (time to sign in)
OPENS_BEFORE = timedelta(minutes=30)
CLOSES_AFTER = timedelta(minutes=15)
LATE_AFTER = timedelta(minutes=15)


class InvalidCode(ValueError):
    """Not a code we issued, or one that was altered."""


class Verdict(StrEnum):
    PRESENT = "present"
    LATE = "late"
    EXPIRED = "expired"
    NOT_YET = "not_yet"
    OVER = "over"


@dataclass(frozen=True)
class Code:
    session_id: int
    issued_at: datetime


def issue_code(session_id: int, now: datetime) -> str:
    return signing.Signer(salt=SALT).sign(f"{session_id}.{int(now.timestamp())}")


def read_code(code: str) -> Code:
    try:
        value = signing.Signer(salt=SALT).unsign(code)
        session_id, issued = value.split(".")
        return Code(int(session_id), datetime.fromtimestamp(int(issued), tz=UTC))
    except (signing.BadSignature, ValueError, OverflowError) as error:
        raise InvalidCode(code) from error


@dataclass(frozen=True)
class Window:
    """When a session accepts check-ins: from 30 minutes before its start to 15 after its end."""

    opens_at: datetime
    closes_at: datetime

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now <= self.closes_at


def window(*, starts_at: datetime, ends_at: datetime) -> Window:
    return Window(starts_at - OPENS_BEFORE, ends_at + CLOSES_AFTER)


def judge(code: Code, *, seen_at: datetime, now: datetime, starts_at: datetime, ends_at: datetime) -> Verdict:
    """Whether a check-in with `code`, first opened at `seen_at` and confirmed `now`, counts. Outside
    the window the verdict says so whatever the code's age: a fresh code would not help then."""
    open_for = window(starts_at=starts_at, ends_at=ends_at)
    if now < open_for.opens_at:
        return Verdict.NOT_YET
    if now > open_for.closes_at:
        return Verdict.OVER
    if seen_at - code.issued_at > CODE_LIFETIME or now - seen_at > CONFIRM_WITHIN:
        return Verdict.EXPIRED
    return Verdict.LATE if now > starts_at + LATE_AFTER else Verdict.PRESENT


def accepts_check_in(*, now: datetime, starts_at: datetime, ends_at: datetime) -> bool:
    """Is the session's check-in window open (the trainer's page shows a code only then)?"""
    return window(starts_at=starts_at, ends_at=ends_at).is_open(now)
