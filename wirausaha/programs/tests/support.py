"""Builders shared by the programme tests: applicants for the pure screening rules (no
database), and waves built through the actions where they exist (`make_wave`, `enrol`, `drawn`…),
used by the wave, draw and interface tests here and by the browser test of the draw."""

from datetime import UTC, date, datetime

from wirausaha.programs.actions import apply_to_wave, close_wave, draw_wave, pseudonym_for, screen_wave
from wirausaha.programs.eligibility import Applicant, Rule, Screening
from wirausaha.programs.models import (
    EligibilityRule,
    Enrolment,
    EnrolmentState,
    FrozenEntrant,
    LotteryChange,
    LotteryDraw,
    LotteryNotice,
    PriorityRule,
    Programme,
    Quota,
    Wave,
)
from wirausaha.registry.models import Participant, Verification
from wirausaha.testing import make_participant

# Applicants for the screening rules -------------------------------------------------------

OPENING = date(2025, 7, 1)
REGIONS = ("32", "31.74")

# Passes every rule below on OPENING; each test changes one thing.
ANI = Applicant(
    key=1,
    birth_date=date(1990, 5, 17),
    sex="F",
    domicile="32.16.01.2001",
    layoff_date=date(2025, 2, 14),
    verified=True,
    has_evidence=True,
    jkp_recipient=False,
    has_disability=False,
    graduated_before=False,
    in_other_open_wave=False,
)
ALL_RULES = (
    Rule("laid_off_within_months", {"months": 12}),
    Rule("age_between", {"min": 18, "max": 55}),
    Rule("domicile_in_wave_regions"),
    Rule("verified"),
    Rule("evidence_present"),
    Rule("not_graduated_before"),
    Rule("not_in_other_open_wave"),
    Rule("jkp_recipient", {"required": False}),
)


def screen(rule, applicant, *, opening_day=OPENING, regions=REGIONS):
    return Screening([rule], [], opening_day=opening_day, wave_regions=regions).screen(applicant)


def only_result(rule, applicant, **kwargs):
    (result,) = screen(rule, applicant, **kwargs).results
    assert result.kind == rule.kind
    return result


def points_of(priority_rules, applicant, *, opening_day=OPENING):
    return (
        Screening([], priority_rules, opening_day=opening_day, wave_regions=REGIONS).screen(applicant).points
    )


# Waves ------------------------------------------------------------------------------------

S = EnrolmentState
SOURCE = "Lotto 2025-06-30: 04 11 23 35 41 48"
# The declared randomness: what the public value is, and when it is published (after the closing
# day, 30 June 2025 WIB). Tests close before that moment and draw after it (`CLOSE_AT`, `DRAW_AT`).
RANDOMNESS = "Hasil resmi undian Lotto tanggal 2 Juli 2025"
PUBLISHED_AFTER = datetime(2025, 7, 2, 12, 0, tzinfo=UTC)
CLOSE_AT = datetime(2025, 7, 1, 1, 0, tzinfo=UTC)
DRAW_AT = datetime(2025, 7, 3, 3, 0, tzinfo=UTC)
VALUE = "04 11 23 35 41 48"
BEKASI = "32.16.01.2001"  # Sagara Makmur, Tarumajaya, Kabupaten Bekasi
BANDUNG = "32.73.01.1001"  # Kota Bandung, West Java outside Bekasi
DENPASAR = "51.71.01.1001"  # Bali
ACEH = "11.01.01.2001"  # a province without a quota in these waves
RULES = [
    (EligibilityRule.Kind.LAID_OFF_WITHIN_MONTHS, {"months": 12}),
    (EligibilityRule.Kind.AGE_BETWEEN, {"min": 18, "max": 60}),
    (EligibilityRule.Kind.DOMICILE_IN_WAVE_REGIONS, {}),
    (EligibilityRule.Kind.VERIFIED, {}),
]
PRIORITIES = [(PriorityRule.Kind.WOMEN, 2, {}), (PriorityRule.Kind.NO_JKP, 1, {})]

# Builders ---------------------------------------------------------------------------------


def make_wave(
    code: str = "PHK-2025-1",
    *,
    quotas: dict[str, int] | None = None,
    status: str = Wave.Status.OPEN,
    rules=RULES,
    priorities=PRIORITIES,
    move_unused_seats: bool = False,
    randomness_source: str = RANDOMNESS,
    published_after: datetime | None = PUBLISHED_AFTER,
) -> Wave:
    """A wave in `status` with quotas (province or regency code -> seats) and the usual rules."""
    programme, _ = Programme.objects.get_or_create(
        code="LK-PHK-2025", defaults={"name": "Layanan Kewirausahaan Korban PHK 2025"}
    )
    quotas = {"32": 2, "51": 1} if quotas is None else quotas
    wave = Wave.objects.create(
        programme=programme,
        code=code,
        name=f"Gelombang {code}",
        opens_on=date(2025, 6, 1),
        closes_on=date(2025, 6, 30),
        selection_date=date(2025, 7, 5),
        target=sum(quotas.values()),
        status=status,
        move_unused_seats=move_unused_seats,
        randomness_source=randomness_source,
        randomness_published_after=published_after,
    )
    Quota.objects.bulk_create([Quota(wave=wave, region_id=region, seats=n) for region, n in quotas.items()])
    for kind, params in rules:
        EligibilityRule.objects.create(wave=wave, kind=kind, params=params)
    for kind, points, params in priorities:
        PriorityRule.objects.create(wave=wave, kind=kind, points=points, params=params)
    return wave


def enrol(
    wave: Wave,
    full_name: str,
    *,
    village: str = BEKASI,
    sex: str = "M",
    verified: bool = True,
    user=None,
    participant: Participant | None = None,
) -> Enrolment:
    """A participant (made unless given) who applies to the open `wave` through apply_to_wave."""
    if participant is None:
        participant = make_participant(full_name, village=village, sex=sex, user=user)
        Participant.objects.filter(pk=participant.pk).update(
            verification=Verification.VERIFIED if verified else Verification.PENDING, jkp_recipient=True
        )
    return apply_to_wave(wave=wave, participant=participant, by=None)


def crowd(wave: Wave, village: str, n: int, *, sex: str = "M", prefix: str = "") -> list[Enrolment]:
    code = village[:5]
    return [enrol(wave, f"{prefix}{code} {sex} {i}", village=village, sex=sex) for i in range(n)]


def close_and_screen(wave: Wave, by=None) -> Wave:
    """Screen, then close (which freezes the list) before the declared public value is published."""
    screen_wave(wave, by=by)
    close_wave(wave, by=by, now=CLOSE_AT)
    wave.refresh_from_db()
    return wave


def draw(wave: Wave, by=None, value: str = VALUE) -> dict:
    """The draw, run after the public value's publication time with that value."""
    return draw_wave(wave, by=by, public_value=value, now=DRAW_AT)


def drawn(wave: Wave, by=None, value: str = VALUE) -> Wave:
    close_and_screen(wave, by)
    draw(wave, by=by, value=value)
    wave.refresh_from_db()
    return wave


def ranked(wave: Wave) -> dict[str, tuple[int, str, str]]:
    """The published list: pseudonym -> (rank, outcome, seat)."""
    return {
        pseudonym: (rank, outcome, seat)
        for pseudonym, rank, outcome, seat in wave.enrolments.exclude(lottery_outcome="").values_list(
            "pseudonym", "rank", "lottery_outcome", "lottery_seat"
        )
    }


def events(enrolment: Enrolment) -> list[tuple[str, str, str]]:
    return list(enrolment.events.values_list("from_state", "to_state", "reason"))


def lone_enrolment(state: str) -> Enrolment:
    wave = make_wave(status=Wave.Status.SELECTED)
    participant = make_participant("Rina Marlina")
    return Enrolment.objects.create(
        wave=wave, participant=participant, state=state, pseudonym=pseudonym_for(wave, participant.pk)
    )


# The published draw ----------------------------------------------------------------------

# A published draw that anyone can recompute, on SQLite and PostgreSQL alike: the pseudonyms are
# fixed here, so the expected list is the same whatever ids the database hands out.
GOLDEN_PEOPLE = [
    ("AAAAAAAAAA", BEKASI, "F"),
    ("BBBBBBBBBB", BEKASI, "M"),
    ("CCCCCCCCCC", BANDUNG, "M"),
    ("DDDDDDDDDD", BANDUNG, "F"),
    ("EEEEEEEEEE", BEKASI, "M"),
    ("FFFFFFFFFF", DENPASAR, "M"),
    ("GGGGGGGGGG", DENPASAR, "M"),
    ("HHHHHHHHHH", DENPASAR, "F"),
    ("IIIIIIIIII", DENPASAR, "M"),
]
# Recomputed with algorithm v2 (seed from the frozen list's digest and VALUE) from the documented
# inputs: West Java's two women (level 1) take its two seats; Bali's woman takes its one.
GOLDEN_LIST = {
    "AAAAAAAAAA": (1, "S", ""),
    "DDDDDDDDDD": (2, "S", ""),
    "CCCCCCCCCC": (3, "W", ""),
    "BBBBBBBBBB": (4, "W", ""),
    "EEEEEEEEEE": (5, "W", ""),
    "HHHHHHHHHH": (1, "S", ""),
    "GGGGGGGGGG": (2, "W", ""),
    "IIIIIIIIII": (3, "W", ""),
    "FFFFFFFFFF": (4, "W", ""),
}
GOLDEN_DIGEST = "495681727a003153c77c441e92ce939b058f2669eab32dc08fc4986b691ce1c5"


def golden_wave(code: str = "PHK-2025-1", order=GOLDEN_PEOPLE, participants=None) -> Wave:
    wave = make_wave(code)
    participants = participants or {}
    for pseudonym, village, sex in order:
        name, known = f"Warga {pseudonym[0]}{pseudonym[0].lower()}", participants.get(pseudonym)
        enrolment = enrol(wave, name, village=village, sex=sex, participant=known)
        Enrolment.objects.filter(pk=enrolment.pk).update(pseudonym=pseudonym)
        participants[pseudonym] = enrolment.participant
    return wave


def delete_wave(wave: Wave) -> None:
    LotteryDraw.objects.filter(wave=wave).delete()
    for model in (FrozenEntrant, LotteryNotice, LotteryChange):
        model.objects.filter(wave=wave).delete()
    Enrolment.objects.filter(wave=wave).delete()
    wave.delete()
