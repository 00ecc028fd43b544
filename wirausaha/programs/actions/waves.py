"""A wave's set-up: the status steps it takes before its applications close, and the declared
randomness source a wave must have to open. Closing, which freezes the entrant list, and what
follows until the draw are in freeze.py."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput

from .. import eligibility
from ..models import LotteryNotice, Wave
from .transitions import WaveStateError

WIB = ZoneInfo("Asia/Jakarta")


def end_of_closing_day(wave: Wave) -> datetime:
    """Midnight (WIB) after the wave's closing day: the public value must be published after it."""
    return datetime.combine(wave.closes_on + timedelta(days=1), time(0), tzinfo=WIB)


def randomness_problems(wave: Wave, *, source: str, published_after: datetime | None) -> list[str]:
    problems = []
    if not " ".join(source.split()):
        problems.append(_("Declare the source of the lottery's public value."))
    if published_after is None:
        problems.append(_("Declare from when the lottery's public value is published."))
    elif published_after <= end_of_closing_day(wave):
        problems.append(
            _("The public value must be published after the end of the closing day (%(day)s, WIB).")
            % {"day": wave.closes_on.isoformat()}
        )
    return problems


def add_notice(
    wave: Wave, kind: str, *, by: User | None, at: datetime | None = None, **details
) -> LotteryNotice:
    """Append one line to the wave's public lottery log (the caller holds the wave's row lock)."""
    last = LotteryNotice.objects.filter(wave=wave).aggregate(n=Max("seq"))["n"] or 0
    return LotteryNotice.objects.create(
        wave=wave, seq=last + 1, at=at or timezone.now(), kind=kind, details=details, by=by
    )


# Wave lifecycle ---------------------------------------------------------------------------


def _set_status(wave: Wave, *, allowed_from: set[str], to: str, by: User, verb: str, **fields) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status not in allowed_from:
        raise WaveStateError(
            _("The wave is “%(status)s”; this step needs it to be %(needed)s.")
            % {
                "status": wave.get_status_display(),
                "needed": " / ".join(str(Wave.Status(s).label) for s in allowed_from),
            }
        )
    before = wave.status
    wave.status = to
    for name, value in fields.items():
        setattr(wave, name, value)
    wave.save(update_fields=["status", *fields, "updated_at"])
    record_event(
        by, verb, wave, changes={"status": [before, to], **{name: [None, v] for name, v in fields.items()}}
    )
    return wave


@transaction.atomic
def open_wave(wave: Wave, *, by: User) -> Wave:
    """Open a wave for applications once it has quotas and rules that make sense."""
    problems = eligibility.validate_rules(
        [eligibility.Rule(rule.kind, rule.params) for rule in wave.eligibility_rules.all()]
    ) + eligibility.validate_priority_rules(
        [eligibility.PriorityRule(rule.kind, rule.points, rule.params) for rule in wave.priority_rules.all()]
    )
    if not wave.quotas.exists():
        problems.append(_("The wave has no quotas."))
    problems += randomness_problems(
        wave, source=wave.randomness_source, published_after=wave.randomness_published_after
    )
    if problems:
        raise InvalidInput({"wave": " ".join(problems)})
    wave = _set_status(wave, allowed_from={Wave.Status.DRAFT}, to=Wave.Status.OPEN, by=by, verb="wave.opened")
    add_notice(
        wave,
        LotteryNotice.Kind.DECLARED,
        by=by,
        source=wave.randomness_source,
        published_after=wave.randomness_published_after.isoformat(),
    )
    return wave


# Re-declaring the source of an open wave ---------------------------------------------------


def redeclaring_allowed(wave: Wave, now: datetime | None = None) -> bool:
    """An open wave's randomness source can be re-declared: nothing is frozen yet, so nobody can
    know whom any public value favours."""
    return wave.status == Wave.Status.OPEN


def randomness_overdue(wave: Wave, now: datetime | None = None) -> bool:
    """An open wave whose declared public value may already be known: it cannot be closed until its
    source is re-declared."""
    moment = wave.randomness_published_after
    return wave.status == Wave.Status.OPEN and moment is not None and moment <= (now or timezone.now())


@transaction.atomic
def redeclare_randomness(
    wave: Wave,
    *,
    source: str,
    published_after: datetime | None,
    reason: str,
    by: User | None,
    now: datetime | None = None,
) -> Wave:
    """Declare a new source of the public value, and when it is published, for a wave still open.
    The new time must be in the future; it may fall before the end of the planned closing day (a
    wave may be closed early, and closing checks again that the value is still unknown). The old
    and the new declaration, who and why go into the public log."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    now = now or timezone.now()
    if not redeclaring_allowed(wave, now):
        raise WaveStateError(
            _("Only an open wave's source can be re-declared; a closed wave is re-opened instead.")
        )
    source, reason = " ".join((source or "").split()), " ".join((reason or "").split())
    if not reason:
        raise InvalidInput({"reason": _("Say why the source is re-declared: the change is published.")})
    if not source:
        raise InvalidInput({"randomness_source": _("Declare the source of the lottery's public value.")})
    if published_after is None or published_after.tzinfo is None:
        raise InvalidInput(
            {"randomness_published_after": _("Declare from when the lottery's public value is published.")}
        )
    if published_after <= now:
        raise InvalidInput(
            {"randomness_published_after": _("The public value must be published in the future.")}
        )
    before_source, before_at = wave.randomness_source, wave.randomness_published_after
    if source == before_source and published_after == before_at:
        raise InvalidInput({"randomness_source": _("This is the source and time already declared.")})
    wave.randomness_source, wave.randomness_published_after = source, published_after
    wave.save(update_fields=["randomness_source", "randomness_published_after", "updated_at"])
    previous_at = before_at.isoformat() if before_at else None
    record_event(
        by,
        "wave.randomness_redeclared",
        wave,
        reason=reason,
        changes={
            "randomness_source": [before_source, source],
            "randomness_published_after": [previous_at, published_after.isoformat()],
        },
    )
    add_notice(
        wave,
        LotteryNotice.Kind.REDECLARED,
        by=by,
        at=now,
        reason=reason,
        source=source,
        published_after=published_after.isoformat(),
        previous_source=before_source,
        previous_published_after=previous_at,
    )
    return wave
