"""Follow-up rounds: opening one (who is due, their signed link), answers (one per person per
round; a second submission edits it, audited with what changed), and reminders until it closes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.notifications.actions import in_recipients_language, notify
from wirausaha.programs.eligibility import months_before
from wirausaha.programs.models import Wave

from .. import links, summary
from ..models import FollowUpAnswer, FollowUpInvite, FollowUpRound
from ..queries import assignments

MONTHS = (3, 6, 12)
# How long a round stays open, and how often those who have not answered are reminded.
ROUND_DAYS = 30
REMIND_EVERY = timedelta(days=7)
ANSWER_FIELDS = (
    "operating",
    "closed_since",
    "closed_reason",
    "monthly_revenue",
    "monthly_profit",
    "workers_paid",
    "workers_unpaid",
    "has_nib",
    "financing_source",
    "financing_amount",
    "buyers",
    "contract_value",
    "household_income",
    "formal_job",
)


def _invite_text(round_: FollowUpRound, participant_id: int, base_url: str) -> tuple[str, str]:
    url = base_url.rstrip("/") + links.path_for(round_, participant_id)
    subject = _("How is your business doing? (%(months)d months)") % {"months": round_.months}
    body = _(
        "Please answer a few questions about your work and income, %(months)d months after the "
        "training. It takes five minutes, and your answers help the programme. The link works "
        "until %(date)s: %(url)s"
    ) % {"months": round_.months, "date": round_.closes_on.strftime("%d/%m/%Y"), "url": url}
    return subject, body


@transaction.atomic
def open_round(*, wave: Wave, months: int, by, base_url: str = "", today=None) -> FollowUpRound:
    """The wave's round `months` after its training ended: everyone its lottery drew is due (the
    selected, whatever they did afterwards, and the waitlisted as the comparison group); those with
    an account get their signed link now."""
    if months not in MONTHS:
        raise InvalidInput({"months": _("A follow-up is at 3, 6 or 12 months.")})
    if not wave.training_ends_on:
        raise InvalidInput({"wave": _("The wave has no training end date yet.")})
    if FollowUpRound.objects.filter(wave=wave, months=months).exists():
        raise InvalidInput({"months": _("This wave already has that follow-up round.")})
    opens_on = months_before(wave.training_ends_on, -months)
    round_ = FollowUpRound.objects.create(
        wave=wave,
        months=months,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=ROUND_DAYS),
        created_by=by if getattr(by, "pk", None) else None,
    )
    drawn = assignments(wave)
    FollowUpInvite.objects.bulk_create(
        FollowUpInvite(round=round_, participant_id=pk, arm=arm, stratum=stratum)
        for pk, (arm, stratum) in sorted(drawn.items())
    )
    record_event(by, "follow_up_round.opened", round_, changes={"due": [None, len(drawn)]})
    today = today or timezone.localdate(timezone.now(), links.JAKARTA)
    if opens_on <= today:
        _send(round_, FollowUpInvite.objects.filter(round=round_), base_url, timezone.now())
    return round_


def _send(round_: FollowUpRound, invites, base_url: str, now: datetime) -> int:
    sent = 0
    for invite in invites.select_related("participant__user"):
        user = invite.participant.user
        if user is None or not user.is_active:
            continue  # no account: reached by the phone survey
        with in_recipients_language(user):
            subject, body = _invite_text(round_, invite.participant_id, base_url)
            notify(user, subject=subject, body=body, event="follow_up_due", params={"months": round_.months})
        reminded = invite.sent_at is not None
        invite.sent_at = now
        invite.reminders += 1 if reminded else 0
        invite.save(update_fields=["sent_at", "reminders"])
        sent += 1
    return sent


def send_reminders(*, now: datetime | None = None, base_url: str = "") -> int:
    """The links of open rounds to the people who have not answered: first when the round opens,
    then every REMIND_EVERY until it closes. Each invite is claimed under a row lock."""
    now = now or timezone.now()
    today = timezone.localdate(now, links.JAKARTA)
    sent = 0
    for round_ in FollowUpRound.objects.filter(opens_on__lte=today, closes_on__gte=today):
        with transaction.atomic():
            due = (
                FollowUpInvite.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(round=round_)
                .exclude(participant__follow_up_answers__round=round_)
                .filter(participant__user__isnull=False)
                .exclude(sent_at__gt=now - REMIND_EVERY)
            )
            sent += _send(round_, due, base_url, now)
    return sent


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values = {name: data.get(name) for name in ANSWER_FIELDS if name in data}
    if not isinstance(values.get("operating"), bool):
        errors["operating"] = _("Say whether the business is operating.")
    for name in (
        "monthly_revenue",
        "workers_paid",
        "workers_unpaid",
        "financing_amount",
        "buyers",
        "contract_value",
        "household_income",
    ):
        value = values.get(name, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[name] = _("Enter a whole number, 0 or more.")
    profit = values.get("monthly_profit", 0)
    if not isinstance(profit, int) or isinstance(profit, bool):
        errors["monthly_profit"] = _("Enter a whole number (a loss is negative).")
    if errors:
        raise InvalidInput(errors)
    if values.get("operating"):
        values["closed_since"], values["closed_reason"] = None, ""
    return values


@transaction.atomic
def submit_answer(
    *, round_: FollowUpRound, participant_id: int, data: dict[str, Any], channel: str, by
) -> FollowUpAnswer:
    """Record (or, the second time, change) a person's answers to a round. Only people due in it.
    The indicator summary counts the answer at once (its change for this person is added)."""
    before = summary.person_flags(participant_id)
    answer = _submit(round_=round_, participant_id=participant_id, data=data, channel=channel, by=by)
    summary.apply_change(participant_id, before)
    return answer


def _submit(*, round_, participant_id, data, channel, by) -> FollowUpAnswer:
    invite = FollowUpInvite.objects.filter(round=round_, participant_id=participant_id).first()
    if invite is None:
        raise InvalidInput({"participant": _("This person is not due in this follow-up round.")})
    values = _clean(data)
    answer = (
        FollowUpAnswer.objects.select_for_update().filter(round=round_, participant_id=participant_id).first()
    )
    actor = by if getattr(by, "pk", None) else None
    if answer is None:
        answer = FollowUpAnswer.objects.create(
            round=round_,
            participant_id=participant_id,
            arm=invite.arm,
            channel=channel,
            entered_by=actor,
            **values,
        )
        record_event(by, "follow_up.answered", answer, reason=channel)
        return answer
    changes = {
        name: [getattr(answer, name), value]
        for name, value in values.items()
        if getattr(answer, name) != value
    }
    for name, value in values.items():
        setattr(answer, name, value)
    answer.channel, answer.entered_by = channel, actor
    answer.save()
    record_event(
        by,
        "follow_up.edited",
        answer,
        reason=channel,
        changes={k: [str(a), str(b)] for k, (a, b) in changes.items()},
    )
    return answer
