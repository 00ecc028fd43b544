"""Applications to a wave and their screening: applying, carrying a waitlist over to the next wave,
who may act for a participant, and the check of every application against the wave's rules."""

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import Role, User
from wirausaha.common.audit import record_event
from wirausaha.common.errors import InvalidInput
from wirausaha.registry.models import Disability, Participant, Verification

from .. import eligibility, lottery
from ..models import Enrolment, EnrolmentEvent, Wave
from .transitions import (
    BATCH,
    DRAWN,
    VALUES_BATCH,
    S,
    WaveStateError,
    _count_states,
    _insert_events,
    _write_enrolments,
)

# Applications -----------------------------------------------------------------------------


def pseudonym_for(wave: Wave, participant_id: int) -> str:
    return lottery.pseudonym(secret=settings.SECRET_KEY, wave_code=wave.code, key=participant_id)


@transaction.atomic
def apply_to_wave(
    *, wave: Wave, participant: Participant, by: User, carried_from: Enrolment | None = None
) -> Enrolment:
    """A participant applies to an open wave (or an officer enrols them on their behalf)."""
    if wave.status != Wave.Status.OPEN:
        raise WaveStateError(_("Wave %(code)s is not open for applications.") % {"code": wave.code})
    if participant.consent_withdrawn_at is not None or participant.merged_into_id is not None:
        raise InvalidInput({"participant": _("This record can no longer be processed.")})
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                wave=wave,
                participant=participant,
                pseudonym=pseudonym_for(wave, participant.pk),
                carried_from=carried_from,
                enrolled_by=by,
            )
    except IntegrityError:
        raise InvalidInput({"participant": _("Already applied to this wave.")}) from None
    EnrolmentEvent.objects.create(enrolment=enrolment, from_state="", to_state=S.APPLIED, actor=by)
    record_event(by, "enrolment.applied", enrolment, changes={"wave": [None, wave.code]})
    return enrolment


@transaction.atomic
def carry_over(*, from_wave: Wave, to_wave: Wave, by: User) -> int:
    """Eligible people not selected in one wave apply to the next without registering again."""
    # Statuses as they are now, not as the caller last read them; the target wave stays open meanwhile.
    to_wave = Wave.objects.select_for_update().get(pk=to_wave.pk)
    from_wave = Wave.objects.get(pk=from_wave.pk)
    if to_wave.status != Wave.Status.OPEN:
        raise WaveStateError(_("Wave %(code)s is not open for applications.") % {"code": to_wave.code})
    # Before its draw a wave's eligible people may still be selected there: only the waitlist of a
    # drawn wave is carried on.
    if from_wave.status not in DRAWN:
        raise WaveStateError(
            _("Wave %(code)s has not been drawn yet: only its waitlist can be carried over.")
            % {"code": from_wave.code}
        )
    previous = list(
        from_wave.enrolments.filter(state=S.WAITLISTED)
        .exclude(participant_id__in=to_wave.enrolments.order_by().values("participant_id"))
        .values_list("id", "participant_id")
    )
    created = Enrolment.objects.bulk_create(
        [
            Enrolment(
                wave=to_wave,
                participant_id=participant_id,
                pseudonym=pseudonym_for(to_wave, participant_id),
                carried_from_id=pk,
                enrolled_by=by,
            )
            for pk, participant_id in previous
        ],
        batch_size=BATCH,
    )
    # Only the enrolments made now (those without an event yet) get their "applied" event,
    # however often this runs.
    created_ids = list(
        to_wave.enrolments.filter(carried_from__wave=from_wave, events__isnull=True).values_list(
            "id", flat=True
        )
    )
    now = timezone.now()
    for start in range(0, len(created_ids), VALUES_BATCH):
        _insert_events(
            created_ids[start : start + VALUES_BATCH],
            from_state="",
            to=S.APPLIED,
            by=by,
            reason=f"from {from_wave.code}",
            now=now,
        )
    record_event(
        by, "wave.carried_over", to_wave, changes={"from": [None, from_wave.code], "count": [0, len(created)]}
    )
    return len(created)


def can_act_for(user: User, participant: Participant) -> bool:
    """The participant themself, or a national admin / officer whose scope includes them."""
    from wirausaha.accounts.scoping import in_region_scope, verifies_participants

    if user.role == Role.PARTICIPANT:
        return participant.user_id == user.pk
    return verifies_participants(user) and in_region_scope(user, participant.domicile_id)


# Screening --------------------------------------------------------------------------------


def screening_for(wave: Wave) -> eligibility.Screening:
    return eligibility.Screening(
        [eligibility.Rule(rule.kind, rule.params) for rule in wave.eligibility_rules.all()],
        [eligibility.PriorityRule(rule.kind, rule.points, rule.params) for rule in wave.priority_rules.all()],
        opening_day=wave.opens_on,
        wave_regions=[quota.region_id for quota in wave.quotas.all()],
    )


def quota_finder(wave: Wave):
    """The quota an applicant competes in: their regency's when the wave has one, else their province's."""
    quotas = {quota.region_id: quota.pk for quota in wave.quotas.all()}

    def find(domicile: str) -> int | None:
        return quotas.get(domicile[:5]) or quotas.get(domicile[:2])

    return find


APPLICANT_FIELDS = (
    "id",
    "participant_id",
    "participant__birth_date",
    "participant__sex",
    "participant__domicile_id",
    "participant__layoff_date",
    "participant__verification",
    "participant__layoff_evidence",
    "participant__jkp_recipient",
    "participant__disability",
)


def applicants(wave: Wave, enrolments) -> Iterable[eligibility.Applicant]:
    """The screening inputs of each enrolment, read in one streaming query plus two sets (about the
    same people only: one participant's page must not read the whole registry)."""
    people = enrolments.order_by().values("participant_id")
    graduated = set(
        Enrolment.objects.filter(state=S.GRADUATED, participant_id__in=people)
        .exclude(wave=wave)
        .values_list("participant_id", flat=True)
    )
    elsewhere = set(
        Enrolment.objects.filter(
            wave__status__in=[Wave.Status.OPEN, Wave.Status.CLOSED, Wave.Status.SELECTED],
            participant_id__in=people,
        )
        .exclude(wave=wave)
        .exclude(state__in=[S.WITHDRAWN, S.INELIGIBLE])
        # A waitlist place this wave was carried over from is not "another wave": carry_over put
        # the person here on purpose.
        .exclude(pk__in=wave.enrolments.filter(carried_from__isnull=False).values("carried_from_id"))
        .values_list("participant_id", flat=True)
    )
    for row in enrolments.values_list(*APPLICANT_FIELDS).iterator(chunk_size=BATCH):
        pk, participant_id, birth, sex, domicile, layoff, verification, evidence, jkp, disability = row
        yield eligibility.Applicant(
            key=pk,
            birth_date=birth,
            sex=sex,
            domicile=domicile,
            layoff_date=layoff,
            verified=verification == Verification.VERIFIED,
            has_evidence=bool(evidence),
            jkp_recipient=jkp,
            has_disability=disability not in ("", Disability.NONE),
            graduated_before=participant_id in graduated,
            in_other_open_wave=participant_id in elsewhere,
        )


def applicant_for(wave: Wave, participant: Participant) -> eligibility.Applicant:
    """The screening inputs of one participant for a wave, whether or not they applied: the wave
    page shows them the verdict the wave's own rules would give."""
    others = Enrolment.objects.filter(participant=participant).exclude(wave=wave)
    return eligibility.Applicant(
        key=participant.pk,
        birth_date=participant.birth_date,
        sex=participant.sex,
        domicile=participant.domicile_id,
        layoff_date=participant.layoff_date,
        verified=participant.verification == Verification.VERIFIED,
        has_evidence=bool(participant.layoff_evidence),
        jkp_recipient=participant.jkp_recipient,
        has_disability=participant.disability not in ("", Disability.NONE),
        graduated_before=others.filter(state=S.GRADUATED).exists(),
        in_other_open_wave=others.filter(
            wave__status__in=[Wave.Status.OPEN, Wave.Status.CLOSED, Wave.Status.SELECTED]
        )
        .exclude(state__in=[S.WITHDRAWN, S.INELIGIBLE])
        .exclude(pk__in=wave.enrolments.filter(carried_from__isnull=False).values("carried_from_id"))
        .exists(),
    )


@transaction.atomic
def screen_wave(wave: Wave, *, by: User | None) -> dict[str, int]:
    """Check every application against the wave's rules; store each verdict, points and quota."""
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    if wave.status != Wave.Status.OPEN:
        # From closing on, the entrant list is frozen: nothing may move it before the draw.
        raise WaveStateError(_("Screening runs while the wave is open: after closing the list is frozen."))
    screening, find_quota = screening_for(wave), quota_finder(wave)
    # The quota's region and the person's regency are kept on the enrolment too: the wave's lists
    # sort and filter by them (models.Enrolment); screening rewrites both from the record as it is.
    quota_regions = {quota.pk: quota.region_id for quota in wave.quotas.all()}
    pending = wave.enrolments.filter(state__in=[S.APPLIED, S.ELIGIBLE, S.INELIGIBLE])
    current = dict(pending.values_list("id", "state"))

    # Few distinct verdicts (one per combination of rules passed): each row refers to its verdict
    # by number, and every row is written once, with its points, quota and new state.
    verdicts: dict[tuple, int] = {}
    rows = []
    for applicant in applicants(wave, pending):
        verdict = screening.screen(applicant)
        passed = tuple((result.kind, result.passed) for result in verdict.results)
        number = verdicts.setdefault(passed, len(verdicts))
        to = S.ELIGIBLE if verdict.eligible else S.INELIGIBLE
        quota = find_quota(applicant.domicile)
        rows.append(
            (
                applicant.key,
                current[applicant.key],
                to,
                number,
                verdict.points,
                quota,
                quota_regions.get(quota),
                applicant.domicile[:5],
            )
        )
    shared = [[{"kind": kind, "passed": ok} for kind, ok in passed] for passed in verdicts]
    _write_enrolments(
        rows,
        ("verdict", "points", "quota", "quota_region", "regency_code"),
        by=by,
        reason="screening",
        shared={"verdict": shared},
    )

    counts = dict.fromkeys([S.ELIGIBLE, S.INELIGIBLE], 0)
    for state, total in _count_states(wave, [S.ELIGIBLE, S.INELIGIBLE]).items():
        counts[state] = total
    record_event(by, "wave.screened", wave, changes={key: [None, value] for key, value in counts.items()})
    return counts
