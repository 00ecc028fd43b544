"""Small builders for tests: plain functions, no factory graphs."""

import itertools
import threading
from datetime import date

from django.db import connection
from django.utils import timezone

from wirausaha.accounts.actions import create_user
from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.reference.models import Region
from wirausaha.registry.consent import CONSENT_VERSION
from wirausaha.registry.models import Participant, Sex
from wirausaha.registry.nik import build_nik

PASSWORD = "correct-horse-battery-staple"
_serials = itertools.count(1)


def make_organisation(
    name: str, kind: Organisation.Kind = Organisation.Kind.COMMUNITY, region: str | None = None
):
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "region_id": region}
    )
    return organisation


def make_user(
    username: str,
    role: Role,
    *,
    region: str | None = None,
    organisation: Organisation | None = None,
    password: str = PASSWORD,
) -> User:
    return create_user(
        username=username,
        password=password,
        role=role,
        by=None,
        first_name=username.capitalize(),
        organisation=organisation,
        scope_region=Region.objects.get(pk=region) if region else None,
    )


def make_participant(
    full_name: str = "Siti Rahmawati",
    *,
    village: str = "32.16.01.2001",
    birth_date: date = date(1985, 8, 5),
    sex: Sex = Sex.FEMALE,
    user: User | None = None,
    phone: str = "+6281234567890",
) -> Participant:
    district = village.rsplit(".", 1)[0] if village.count(".") == 3 else village
    nik = build_nik(district=district, birth_date=birth_date, sex=sex, serial=next(_serials))
    return Participant.objects.create(
        nik=nik,
        full_name=full_name,
        birth_place="Bekasi",
        birth_date=birth_date,
        sex=sex,
        phone=phone,
        domicile_id=village,
        user=user,
        layoff_date=date(2025, 3, 1),
        consent_version=CONSENT_VERSION,
        consent_at=timezone.now(),
    )


def make_centre(
    short_name: str = "BLK Kabupaten Bekasi",
    *,
    region: str = "32.16",
    kind: str = "uptd_regency",
    lat: float = -6.2474,
    lng: float = 107.1485,
):
    from wirausaha.centres.models import TrainingCentre

    organisation = make_organisation(short_name, Organisation.Kind.TRAINING_CENTRE, region)
    return TrainingCentre.objects.create(
        organisation=organisation,
        short_name=short_name,
        name=short_name,
        kind=kind,
        region_id=region,
        latitude=lat,
        longitude=lng,
    )


def make_course(
    code: str = "OLAHAN-PANGAN",
    *,
    title: str = "Pengolahan Pangan dan Kewirausahaan",
    sector: str = "10",
    technical_jp: int = 40,
    entrepreneurship_jp: int = 20,
    min_attendance_percent: int = 80,
    assessment_required: bool = True,
    pass_score: int = 70,
):
    from wirausaha.centres.models import Course

    course, _ = Course.objects.get_or_create(
        code=code,
        defaults={
            "title": title,
            "sector_id": sector,
            "technical_jp": technical_jp,
            "entrepreneurship_jp": entrepreneurship_jp,
            "min_attendance_percent": min_attendance_percent,
            "assessment_required": assessment_required,
            "pass_score": pass_score,
        },
    )
    return course


_cohort_codes = itertools.count(1)


def make_cohort(
    centre=None,
    course=None,
    *,
    code: str | None = None,
    starts_on: date = date(2025, 8, 4),
    ends_on: date = date(2025, 8, 29),
    seats: int = 16,
    status: str = "planned",
):
    from wirausaha.centres.models import Cohort

    return Cohort.objects.create(
        centre=centre or make_centre(),
        course=course or make_course(),
        code=code or f"KLS-{next(_cohort_codes):04d}",
        starts_on=starts_on,
        ends_on=ends_on,
        seats=seats,
        status=status,
    )


def make_selected_wave(code: str = "PHK-2025-9", *, participants=(), quotas: dict[str, int] | None = None):
    """A wave whose draw is done, with an enrolment in state `selected` for each participant.
    Written directly: tests of later stages start here without running screening and the draw."""
    from wirausaha.programs.models import Enrolment, EnrolmentState, Programme, Quota, Wave

    programme, _ = Programme.objects.get_or_create(
        code="LK-PHK-2025", defaults={"name": "Layanan Kewirausahaan Korban PHK 2025"}
    )
    quotas = {"32": 100} if quotas is None else quotas
    wave = Wave.objects.create(
        programme=programme,
        code=code,
        name=f"Gelombang {code}",
        opens_on=date(2025, 6, 1),
        closes_on=date(2025, 6, 30),
        selection_date=date(2025, 7, 5),
        training_starts_on=date(2025, 8, 1),
        training_ends_on=date(2025, 9, 30),
        target=sum(quotas.values()),
        status=Wave.Status.SELECTED,
    )
    made = {
        region: Quota.objects.create(wave=wave, region_id=region, seats=n) for region, n in quotas.items()
    }
    for rank, participant in enumerate(participants, 1):
        quota = next((q for region, q in made.items() if participant.domicile_id.startswith(region)), None)
        Enrolment.objects.create(
            wave=wave,
            participant=participant,
            quota=quota,
            state=EnrolmentState.SELECTED,
            rank=rank,
            lottery_outcome="S",
        )
    return wave


def place_in_cohort(cohort, enrolments, *, by: User | None = None):
    """Seat `enrolments` (selected) in `cohort` through a confirmed allocation run of their wave,
    moving each to `placed`. Returns the placements."""
    from wirausaha.allocation.models import AllocationRun, Placement
    from wirausaha.programs.actions import transition
    from wirausaha.programs.models import EnrolmentState

    enrolments = list(enrolments)
    wave = enrolments[0].wave
    run, _ = AllocationRun.objects.get_or_create(
        wave=wave,
        status=AllocationRun.Status.CONFIRMED,
        defaults={"max_km": 75, "sector_mismatch_km": 25, "decided_at": timezone.now(), "decided_by": by},
    )
    placements = []
    for enrolment in enrolments:
        placements.append(
            Placement.objects.create(run=run, enrolment=enrolment, cohort=cohort, distance_km=5.0, cost=5.0)
        )
        transition(enrolment, EnrolmentState.PLACED, by=by, reason="test placement")
    return placements


def all_at_once(calls) -> tuple[list, list[BaseException]]:
    """Run each call in its own thread (and database connection), all released together."""
    start = threading.Barrier(len(calls))
    results, failures = [], []

    def run(call) -> None:
        try:
            start.wait(timeout=30)
            results.append(call())
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, failures
