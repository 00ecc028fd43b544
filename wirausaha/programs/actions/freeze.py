"""From closing to the draw (algorithm v2): closing freezes the entrant list and publishes it with its
digest; the public value declared when the wave opened is entered once, after its publication time,
and changed only by a published correction; a re-opening before that time discards the frozen list
and needs a new randomness source. Nothing an operator types then can move the draw."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput

from .. import eligibility, lottery
from ..models import FrozenEntrant, LotteryDraw, LotteryNotice, Wave
from .transitions import BATCH, S, WaveStateError
from .waves import WIB, add_notice, randomness_problems

MAX_VALUE = 300


def frozen_candidates(wave: Wave) -> tuple[list[lottery.Candidate], dict[int | None, str]]:
    """The frozen entrant list as the draw reads it, and each entrant's enrolment id by pseudonym."""
    rows = list(
        FrozenEntrant.objects.filter(wave=wave)
        .order_by()
        .values_list("enrolment_id", "pseudonym", "quota_code", "priority_level")
        .iterator(chunk_size=BATCH)
    )
    candidates = [lottery.Candidate(pseudonym, quota, level) for _, pseudonym, quota, level in rows]
    return candidates, {pseudonym: enrolment_id for enrolment_id, pseudonym, _, _ in rows}


def closes_early(wave: Wave, now: datetime | None = None) -> bool:
    """Whether closing now shuts applications before the wave's announced closing day (WIB) ends."""
    return (now or timezone.now()).astimezone(WIB).date() < wave.closes_on


@transaction.atomic
def close_wave(wave: Wave, *, by: User | None, now: datetime | None = None, early_reason: str = "") -> Wave:
    """Close applications and freeze the entrant list: every eligible enrolment with its pseudonym,
    quota and priority level (never the points), the seats per quota and the rule for unused seats,
    and the digest of all of it. Refused while an application is unscreened, once the declared
    public value may already be known, or before the announced closing day without a reason."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    now = now or timezone.now()
    if wave.status != Wave.Status.OPEN:
        raise WaveStateError(_("Only an open wave can be closed."))
    if wave.enrolments.filter(state=S.APPLIED).exists():
        raise WaveStateError(_("Some applications are not screened yet: run the screening first."))
    # The declared time was checked against the planned closing day when the wave opened; a wave
    # closed early freezes now, so here what matters is that the value is still unknown now (below).
    if not " ".join(wave.randomness_source.split()):
        raise InvalidInput({"randomness_source": _("Declare the source of the lottery's public value.")})
    if wave.randomness_published_after is None:
        raise InvalidInput(
            {"randomness_published_after": _("Declare from when the lottery's public value is published.")}
        )
    if wave.randomness_published_after <= now:
        raise InvalidInput(
            {
                "randomness_published_after": _(
                    "The public value may already be known: the list must be frozen before it is "
                    "published. Re-declare the source and a later time first (“Re-declare the source of the "
                    "public value” on the wave's page)."
                )
            }
        )
    early_reason = " ".join(early_reason.split())
    early = closes_early(wave, now)
    if early and not early_reason:
        # People were told they may apply until the closing day: shutting them out is said, and why.
        raise InvalidInput(
            {
                "reason": _(
                    "Registration was announced until %(closes)s: give the reason for closing it early."
                )
                % {"closes": date_format(wave.closes_on, "j F Y")}
            }
        )
    if len(early_reason) > 300:
        raise InvalidInput(
            {
                "reason": _("Use at most %(count)d characters (now %(now)d).")
                % {"count": 300, "now": len(early_reason)}
            }
        )
    quotas = {quota.pk: quota for quota in wave.quotas.all()}
    seats = {quota.region_id: quota.seats for quota in quotas.values()}
    rows = list(
        wave.enrolments.filter(state=S.ELIGIBLE)
        .order_by()
        .values_list("id", "pseudonym", "quota_id", "points")
        .iterator(chunk_size=BATCH)
    )
    levels = eligibility.strata(points for *_, points in rows)
    entrants = [
        FrozenEntrant(
            wave=wave,
            enrolment_id=pk,
            pseudonym=pseudonym,
            quota_code=quotas[quota_id].region_id if quota_id else "-",
            priority_level=levels[points],
        )
        for pk, pseudonym, quota_id, points in rows
    ]
    FrozenEntrant.objects.bulk_create(entrants, batch_size=BATCH)
    digest = lottery.entrants_digest(
        [lottery.Candidate(e.pseudonym, e.quota_code, e.priority_level) for e in entrants],
        wave_code=wave.code,
        seats=seats,
        move_unused_seats=wave.move_unused_seats,
    )
    wave.status, wave.frozen_at, wave.frozen_seats, wave.entrants_digest = (
        Wave.Status.CLOSED,
        now,
        seats,
        digest,
    )
    wave.save(update_fields=["status", "frozen_at", "frozen_seats", "entrants_digest", "updated_at"])
    changes = {"status": [Wave.Status.OPEN, Wave.Status.CLOSED], "entrants": [None, len(entrants)]}
    if early:
        changes["closes_on"] = [wave.closes_on.isoformat(), now.astimezone(WIB).date().isoformat()]
    record_event(
        by, "wave.closed_early" if early else "wave.closed", wave, reason=early_reason, changes=changes
    )
    add_notice(
        wave,
        LotteryNotice.Kind.FROZEN,
        by=by,
        at=now,
        entrants=len(entrants),
        entrants_digest=digest,
        seats=seats,
        move_unused_seats=wave.move_unused_seats,
    )
    return wave


def _value(value: str) -> str:
    value = lottery.normalise(value or "")
    if not value:
        raise InvalidInput({"public_value": _("Enter the public value exactly as it was published.")})
    if len(value) > MAX_VALUE:
        raise InvalidInput({"public_value": _("The public value is too long (300 characters at most).")})
    return value


def _before_the_draw(wave: Wave) -> None:
    if wave.status != Wave.Status.CLOSED or wave.frozen_at is None:
        raise WaveStateError(_("The public value is entered once the wave is closed and its list frozen."))
    if LotteryDraw.objects.filter(wave=wave).exists():
        raise WaveStateError(_("This wave has been drawn already."))


def correction_allowed(wave: Wave) -> bool:
    """A public value can be corrected once it is entered and until the draw."""
    drawn = LotteryDraw.objects.filter(wave=wave).exists()
    return wave.status == Wave.Status.CLOSED and bool(wave.public_value) and not drawn


def reopening_allowed(wave: Wave, *, now: datetime | None = None) -> bool:
    """A closed wave can be re-opened while its public value cannot be known yet: before its
    publication time, none entered, not drawn."""
    now = now or timezone.now()
    if wave.status != Wave.Status.CLOSED or wave.frozen_at is None or wave.public_value:
        return False
    if wave.randomness_published_after is None or now >= wave.randomness_published_after:
        return False
    return not LotteryDraw.objects.filter(wave=wave).exists()


def record_public_value(wave: Wave, *, value: str, by: User | None, now: datetime | None = None) -> Wave:
    """Enter the declared public value, once, not before its publication time (the caller holds the
    wave's row lock: enter_public_value, or the draw)."""
    _before_the_draw(wave)
    now = now or timezone.now()
    value = _value(value)
    if wave.public_value:
        raise WaveStateError(_("The public value has been entered already; it can only be corrected openly."))
    if now < wave.randomness_published_after:
        raise WaveStateError(
            _("The public value is published after %(at)s: it cannot be entered before.")
            % {"at": timezone.localtime(wave.randomness_published_after).strftime("%Y-%m-%d %H:%M %Z")}
        )
    wave.public_value, wave.public_value_entered_at, wave.public_value_entered_by = value, now, by
    wave.save(
        update_fields=["public_value", "public_value_entered_at", "public_value_entered_by", "updated_at"]
    )
    record_event(by, "wave.public_value_entered", wave, changes={"public_value": [None, value]})
    add_notice(wave, LotteryNotice.Kind.VALUE_ENTERED, by=by, at=now, value=value)
    return wave


@transaction.atomic
def enter_public_value(wave: Wave, *, value: str, by: User | None, now: datetime | None = None) -> Wave:
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    return record_public_value(wave, value=value, by=by, now=now)


@transaction.atomic
def correct_public_value(wave: Wave, *, value: str, reason: str, by: User | None) -> Wave:
    """Replace a wrongly entered public value before the draw. The old value, the new one, who and
    why go into the public log."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    _before_the_draw(wave)
    value, reason = _value(value), " ".join((reason or "").split())
    if not wave.public_value:
        raise WaveStateError(_("No public value has been entered yet: enter it instead."))
    if not reason:
        raise InvalidInput({"reason": _("Say why the value is corrected: the correction is published.")})
    if value == wave.public_value:
        raise InvalidInput({"public_value": _("This is the value already entered.")})
    before, now = wave.public_value, timezone.now()
    wave.public_value, wave.public_value_entered_at, wave.public_value_entered_by = value, now, by
    wave.save(
        update_fields=["public_value", "public_value_entered_at", "public_value_entered_by", "updated_at"]
    )
    record_event(
        by, "wave.public_value_corrected", wave, reason=reason, changes={"public_value": [before, value]}
    )
    add_notice(wave, LotteryNotice.Kind.VALUE_CORRECTED, by=by, at=now, old=before, new=value, reason=reason)
    return wave


@transaction.atomic
def reopen_wave(
    wave: Wave,
    *,
    by: User | None,
    reason: str,
    randomness_source: str,
    randomness_published_after: datetime,
    now: datetime | None = None,
) -> Wave:
    """Re-open a closed wave before its public value can be known: the frozen list is thrown away
    and a new randomness source, published later than the old one, is declared. Published."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    _before_the_draw(wave)
    now = now or timezone.now()
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput({"reason": _("Say why the wave is re-opened: the re-opening is published.")})
    if wave.public_value or now >= wave.randomness_published_after:
        raise WaveStateError(_("The public value may be known already: the wave can no longer be re-opened."))
    problems = randomness_problems(wave, source=randomness_source, published_after=randomness_published_after)
    if lottery.normalise(randomness_source) == lottery.normalise(wave.randomness_source):
        problems.append(_("Declare a new randomness source."))
    if randomness_published_after <= max(now, wave.randomness_published_after):
        problems.append(
            _("The new public value must be published later than the old one, and in the future.")
        )
    if problems:
        raise InvalidInput({"randomness_source": " ".join(problems)})
    previous = {
        "previous_source": wave.randomness_source,
        "previous_published_after": wave.randomness_published_after.isoformat(),
        "previous_entrants_digest": wave.entrants_digest,
    }
    FrozenEntrant.objects.filter(wave=wave).delete()
    wave.status = Wave.Status.OPEN
    wave.frozen_at, wave.frozen_seats, wave.entrants_digest = None, {}, ""
    wave.randomness_source = " ".join(randomness_source.split())
    wave.randomness_published_after = randomness_published_after
    wave.save(
        update_fields=[
            "status",
            "frozen_at",
            "frozen_seats",
            "entrants_digest",
            "randomness_source",
            "randomness_published_after",
            "updated_at",
        ]
    )
    record_event(
        by, "wave.reopened", wave, reason=reason, changes={"status": [Wave.Status.CLOSED, Wave.Status.OPEN]}
    )
    add_notice(
        wave,
        LotteryNotice.Kind.REOPENED,
        by=by,
        at=now,
        reason=reason,
        source=wave.randomness_source,
        published_after=randomness_published_after.isoformat(),
        **previous,
    )
    return wave
