"""One step of the selection benchmark, run in its own process on the database named by
DATABASE_URL, so that each step's peak memory is its own: `python -m bench.selection_load STEP`
prints one line of JSON with seconds, counts and peak memory (MB, the process's maximum RSS).

Steps, in order, on one fresh database:
- `build` (not timed for the table): reference regions, APPLICANTS synthetic participants on real
  village codes (provinces weighted by the published 2024-2025 layoff counts, about 60 % verified),
  a wave with one quota per province (38, about 10,000 seats in proportion to the applicants) and
  the usual rules and a declared randomness source (published after the closing day), every
  participant applied;
- `screen`: `screen_wave` on the whole wave (timed), then `close_wave`, which freezes the entrant
  list before the public value is published (timed apart, `close_s`);
- `draw`: `draw_wave` with the declared public value after its publication time, then
  `verify_draw`;
- `naive`: the baseline, a per-row ORM loop on a SAMPLE of a second wave with the same rules:
  for each enrolment fetch the participant, check every rule with ORM queries, save the
  enrolment and create its event; then rank the sample's eligible people and save each rank with
  its event, one row at a time. Both loops run inside one transaction each (their best case).
"""

import csv
import hashlib
import json
import os
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "wirausaha" / "reference" / "data"
APPLICANTS = int(os.environ.get("BENCH_SELECTION_APPLICANTS", "360000"))
SEATS = int(os.environ.get("BENCH_SELECTION_SEATS", "10000"))
SAMPLE = int(os.environ.get("BENCH_SELECTION_SAMPLE", "10000"))
WAVE = "BENCH-2025-1"
NAIVE_WAVE = "BENCH-2025-N"
OPENS = date(2025, 11, 1)
# The declared randomness (algorithm v2): the wave closes on 1 December 2025; the value is published
# after the end of that day (WIB). The bench closes before that moment and draws after it.
RANDOMNESS = "Hasil resmi undian Lotto tanggal 2 Desember 2025"
PUBLISHED_AFTER = datetime(2025, 12, 2, 12, 0, tzinfo=UTC)
CLOSE_AT = datetime(2025, 12, 2, 1, 0, tzinfo=UTC)
DRAW_AT = datetime(2025, 12, 3, 3, 0, tzinfo=UTC)
VALUE = "03 09 17 28 33 45"
SEED = 20251101


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def places(rng: random.Random) -> tuple[list[str], list[float], dict[str, list[str]]]:
    villages: dict[str, list[str]] = defaultdict(list)
    with open(DATA / "wilayah_desa.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            villages[row["code"][:2]].append(row["code"])
    layoffs: Counter = Counter()
    with open(DATA / "phk_per_provinsi_2024_2025.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            layoffs[row["province_code"]] += int(row["laid_off_workers"] or 0)
    provinces = sorted(villages)
    # Every province has applicants; the big layoff provinces have many more.
    return provinces, [layoffs.get(code, 0) + 500 for code in provinces], villages


def build() -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from wirausaha.programs.actions import pseudonym_for
    from wirausaha.programs.models import (
        EligibilityRule,
        Enrolment,
        EnrolmentEvent,
        PriorityRule,
        Programme,
        Quota,
        Wave,
    )
    from wirausaha.reference.loaders import load_regions
    from wirausaha.reference.models import Region
    from wirausaha.registry.consent import CONSENT_VERSION
    from wirausaha.registry.models import Disability, Participant, Source, Verification
    from wirausaha.registry.nik import build_nik

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_regions()
    rng = random.Random(SEED)
    provinces, weights, villages = places(rng)
    assert len(provinces) == 38 == Region.objects.filter(level=Region.Level.PROVINCE).count()
    serials: Counter = Counter()
    consent_at = timezone.now()
    disabilities = [d for d in Disability.values if d != Disability.NONE]
    people = []
    for i, province in enumerate(rng.choices(provinces, weights, k=APPLICANTS)):
        village = rng.choice(villages[province])
        sex = rng.choice("MF")
        birth = date(1962, 1, 1) + timedelta(days=rng.randrange(46 * 365))  # ages ~19 to 63
        key = (village[:8], birth, sex)
        serials[key] += 1
        people.append(
            Participant(
                nik=build_nik(district=village[:8], birth_date=birth, sex=sex, serial=serials[key]),
                full_name=f"Peserta Uji {i:06d}",
                birth_date=birth,
                sex=sex,
                domicile_id=village,
                disability=rng.choice(disabilities) if rng.random() < 0.03 else Disability.NONE,
                layoff_date=OPENS - timedelta(days=rng.randrange(540)),  # up to 18 months before
                jkp_recipient=rng.choices([True, False, None], [5, 4, 1])[0],
                consent_version=CONSENT_VERSION,
                consent_at=consent_at,
                verification=Verification.VERIFIED if rng.random() < 0.6 else Verification.PENDING,
                source=Source.IMPORT,
                is_synthetic=True,
            )
        )
        if len(people) == 20_000 or i == APPLICANTS - 1:
            with transaction.atomic():
                Participant.objects.bulk_create(people, batch_size=2000)
            people = []

    per_province = Counter(
        domicile[:2] for domicile in Participant.objects.values_list("domicile_id", flat=True).iterator()
    )
    seats = {code: max(1, round(SEATS * n / APPLICANTS)) for code, n in per_province.items()}
    programme = Programme.objects.create(code="BENCH", name="Benchmark programme")
    wave = None
    for code, status in ((WAVE, Wave.Status.OPEN), (NAIVE_WAVE, Wave.Status.DRAFT)):
        wave = Wave.objects.create(
            programme=programme,
            code=code,
            name=code,
            opens_on=OPENS,
            closes_on=OPENS + timedelta(days=30),
            selection_date=OPENS + timedelta(days=35),
            target=sum(seats.values()),
            status=status,
            randomness_source=RANDOMNESS,
            randomness_published_after=PUBLISHED_AFTER,
        )
        Quota.objects.bulk_create([Quota(wave=wave, region_id=c, seats=n) for c, n in sorted(seats.items())])
        for kind, params in [
            (EligibilityRule.Kind.LAID_OFF_WITHIN_MONTHS, {"months": 12}),
            (EligibilityRule.Kind.AGE_BETWEEN, {"min": 18, "max": 60}),
            (EligibilityRule.Kind.DOMICILE_IN_WAVE_REGIONS, {}),
            (EligibilityRule.Kind.VERIFIED, {}),
            (EligibilityRule.Kind.NOT_IN_OTHER_OPEN_WAVE, {}),
        ]:
            EligibilityRule.objects.create(wave=wave, kind=kind, params=params)
        for kind, points, params in [
            (PriorityRule.Kind.WOMEN, 2, {}),
            (PriorityRule.Kind.DISABILITY, 3, {}),
            (PriorityRule.Kind.NO_JKP, 1, {}),
            (PriorityRule.Kind.LONG_UNEMPLOYED, 1, {"months": 6}),
        ]:
            PriorityRule.objects.create(wave=wave, kind=kind, points=points, params=params)
        ids = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
        if code == NAIVE_WAVE:
            ids = random.Random(SEED).sample(ids, min(SAMPLE, len(ids)))
        with transaction.atomic():
            Enrolment.objects.bulk_create(
                [Enrolment(wave=wave, participant_id=pk, pseudonym=pseudonym_for(wave, pk)) for pk in ids],
                batch_size=2000,
            )
            EnrolmentEvent.objects.bulk_create(
                [
                    EnrolmentEvent(enrolment_id=pk, from_state="", to_state="applied")
                    for pk in wave.enrolments.values_list("pk", flat=True).iterator()
                ],
                batch_size=2000,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "build_s": time.perf_counter() - started,
        "participants": APPLICANTS,
        "quotas": len(seats),
        "seats": sum(seats.values()),
    }


def screen() -> dict:
    """Screen the open wave, then close it: the new rules freeze only a fully screened list."""
    from wirausaha.programs.actions import close_wave, screen_wave
    from wirausaha.programs.models import Wave

    wave = Wave.objects.get(code=WAVE)
    started = time.perf_counter()
    counts = screen_wave(wave, by=None)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    close_wave(Wave.objects.get(code=WAVE), by=None, now=CLOSE_AT)
    return {"seconds": seconds, "close_s": time.perf_counter() - started, **counts}


def draw() -> dict:
    from wirausaha.programs.actions import draw_wave, verify_draw
    from wirausaha.programs.models import Wave

    wave = Wave.objects.get(code=WAVE)
    started = time.perf_counter()
    summary = draw_wave(wave, by=None, public_value=VALUE, now=DRAW_AT)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    ok, differences = verify_draw(Wave.objects.get(code=WAVE))
    verify_s = time.perf_counter() - started
    overfull = [code for code, row in summary["provinces"].items() if row["selected"] > row["quota"]]
    assert ok, differences
    assert not overfull, overfull
    counts = summary["counts"]
    return {
        "seconds": seconds,
        "verify_s": verify_s,
        "verified": ok,
        "selected": counts["selected"],
        "waitlisted": counts["waitlisted"],
    }


def naive() -> dict:
    """The obvious per-row code, written the way a first version would be."""
    from django.db import transaction

    from wirausaha.programs.eligibility import age_on, months_before, strata
    from wirausaha.programs.models import (
        EligibilityRule,
        Enrolment,
        EnrolmentEvent,
        PriorityRule,
        Quota,
        Wave,
    )
    from wirausaha.registry.models import Participant, Verification

    wave = Wave.objects.get(code=NAIVE_WAVE)
    started = time.perf_counter()
    with transaction.atomic():
        for enrolment in Enrolment.objects.filter(wave=wave).order_by("pk"):
            participant = Participant.objects.get(pk=enrolment.participant_id)
            verdict, points = [], 0
            for rule in EligibilityRule.objects.filter(wave=wave):
                if rule.kind == "laid_off_within_months":
                    earliest = months_before(wave.opens_on, rule.params["months"])
                    layoff = participant.layoff_date
                    ok = layoff is not None and earliest <= layoff <= wave.opens_on
                elif rule.kind == "age_between":
                    age = age_on(participant.birth_date, wave.opens_on)
                    ok = rule.params["min"] <= age <= rule.params["max"]
                elif rule.kind == "domicile_in_wave_regions":
                    ok = Quota.objects.filter(wave=wave, region_id=participant.domicile_id[:2]).exists()
                elif rule.kind == "verified":
                    ok = participant.verification == Verification.VERIFIED
                else:  # not_in_other_open_wave
                    ok = not (
                        Enrolment.objects.filter(
                            participant=participant, wave__status__in=["open", "closed", "selected"]
                        )
                        .exclude(wave=wave)
                        .exclude(state__in=["withdrawn", "ineligible"])
                        .exists()
                    )
                verdict.append({"kind": rule.kind, "passed": ok})
            for rule in PriorityRule.objects.filter(wave=wave):
                if rule.kind == "women":
                    applies = participant.sex == "F"
                elif rule.kind == "disability":
                    applies = participant.disability != "none"
                elif rule.kind == "no_jkp":
                    applies = participant.jkp_recipient is False
                else:  # long_unemployed
                    cutoff = months_before(wave.opens_on, rule.params["months"])
                    applies = participant.layoff_date is not None and participant.layoff_date < cutoff
                points += rule.points if applies else 0
            before = enrolment.state
            enrolment.verdict, enrolment.points = verdict, points
            enrolment.quota = Quota.objects.filter(wave=wave, region_id=participant.domicile_id[:2]).first()
            # Screening a "not in another open wave" rule against the big wave would fail nearly
            # everyone here; the baseline's point is the per-row cost, so its outcome ignores that rule.
            passed = all(v["passed"] for v in verdict if v["kind"] != "not_in_other_open_wave")
            enrolment.state = "eligible" if passed else "ineligible"
            enrolment.save()
            EnrolmentEvent.objects.create(
                enrolment=enrolment, from_state=before, to_state=enrolment.state, reason="screening"
            )
    screen_s = time.perf_counter() - started
    screened = Enrolment.objects.filter(wave=wave).count()

    started = time.perf_counter()
    with transaction.atomic():
        eligible = list(Enrolment.objects.filter(wave=wave, state="eligible").select_related("quota"))
        stratum = strata(e.points for e in eligible)
        by_quota = defaultdict(list)
        for e in eligible:
            key = hashlib.sha256(f"{wave.lottery_seed or VALUE}:{e.pseudonym}".encode()).hexdigest()
            by_quota[e.quota_id].append((stratum[e.points], key, e))
        for quota_id, rows in by_quota.items():
            seats = Quota.objects.get(pk=quota_id).seats * SAMPLE // APPLICANTS if quota_id else 0
            for rank, (_, _, e) in enumerate(sorted(rows, key=lambda row: row[:2]), start=1):
                e.rank = rank
                e.lottery_outcome = "S" if rank <= seats else "W"
                e.state = "selected" if rank <= seats else "waitlisted"
                e.save()
                EnrolmentEvent.objects.create(
                    enrolment=e, from_state="eligible", to_state=e.state, reason="lottery"
                )
    draw_s = time.perf_counter() - started
    return {"screen_s": screen_s, "screened": screened, "draw_s": draw_s, "drawn": len(eligible)}


def main(step: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wirausaha.settings")
    import django

    django.setup()
    result = {"build": build, "screen": screen, "draw": draw, "naive": naive}[step]()
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
