"""Synthetic demo data: organisations, one account per role, the real Kemnaker centres with
synthetic UPTDs and BLK Komunitas, the course catalogue, cohorts for the demo wave, and
participants spread over Indonesia like the 2025 layoffs. Deterministic for a given seed;
every synthetic record is marked `is_synthetic`."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from wirausaha.accounts.actions import create_user
from wirausaha.accounts.models import Organisation, Role, User
from wirausaha.centres.loaders import (
    load_courses,
    load_demo_centres,
    load_demo_cohorts,
    load_demo_signatories,
    load_kemnaker_centres,
)
from wirausaha.centres.models import Cohort, TrainingCentre
from wirausaha.common.audit import record_event
from wirausaha.reference.models import Region
from wirausaha.registry.models import Participant

from .coaching import seed_coaching
from .finance import seed_grants, seed_referrals
from .grievances import seed_grievances
from .licensing import seed_licensing
from .market import seed_market
from .monitoring import seed_monitoring
from .notifications import seed_notifications
from .people import make_participants
from .running_wave import seed_running_wave

if TYPE_CHECKING:
    from wirausaha.programs.models import Wave

# How long after seeding the open demo wave's public value is published (seed_demo --value-in).
DEMO_VALUE_IN = timedelta(minutes=2)

DEMO_PASSWORD = "demo-wirausaha-2025"
DEMO_PARTICIPANT = "peserta"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    name: str
    organisation: str | None = None
    region: str | None = None


DEMO_ACCOUNTS = [
    DemoAccount("admin", Role.NATIONAL_ADMIN, "Admin Nasional", "Ditjen Binapenta dan PKK, Kemnaker"),
    DemoAccount("kemenumkm", Role.MINISTRY_PARTNER, "Mitra Kementerian UMKM", "Kementerian UMKM"),
    DemoAccount(
        "disnaker.jabar",
        Role.PROVINCIAL_OFFICER,
        "Petugas Disnaker Jawa Barat",
        "Disnakertrans Provinsi Jawa Barat",
        "32",
    ),
    DemoAccount(
        "disnaker.bekasi",
        Role.REGENCY_OFFICER,
        "Petugas Disnaker Kabupaten Bekasi",
        "Disnaker Kabupaten Bekasi",
        "32.16",
    ),
    DemoAccount(
        "operator.bekasi",
        Role.CENTRE_OPERATOR,
        "Operator BBPVP Bekasi",
        "Balai Besar Pelatihan Vokasi dan Produktivitas Bekasi",
    ),
    DemoAccount(
        "instruktur",
        Role.TRAINER,
        "Instruktur BBPVP Bekasi",
        "Balai Besar Pelatihan Vokasi dan Produktivitas Bekasi",
    ),
    DemoAccount("pendamping", Role.COUNSELOR, "Pendamping Usaha", "Komunitas Pendamping UMKM (sintetis)"),
    DemoAccount("bank", Role.FINANCING_PARTNER, "Mitra Pembiayaan", "Bank Penyalur KUR (sintetis)"),
    DemoAccount("pembeli", Role.MARKET_PARTNER, "Mitra Pasar", "Koperasi Pemasaran (sintetis)"),
    DemoAccount("peserta", Role.PARTICIPANT, "Peserta Demo"),
    # In a class of the wave in training (running_wave.py) that has ended: graduates on completion.
    DemoAccount("lulusan", Role.PARTICIPANT, "Lulusan Demo"),
    DemoAccount("auditor", Role.AUDITOR, "Auditor Internal", "Inspektorat Jenderal, Kemnaker"),
    DemoAccount(
        "pengaduan", Role.GRIEVANCE_OFFICER, "Petugas Pengaduan Nasional", "Inspektorat Jenderal, Kemnaker"
    ),
]

ORGANISATIONS = {
    "Ditjen Binapenta dan PKK, Kemnaker": (Organisation.Kind.MINISTRY_UNIT, None),
    "Inspektorat Jenderal, Kemnaker": (Organisation.Kind.MINISTRY_UNIT, None),
    "Kementerian UMKM": (Organisation.Kind.MINISTRY_UNIT, None),
    "Disnakertrans Provinsi Jawa Barat": (Organisation.Kind.PROVINCIAL_OFFICE, "32"),
    "Disnaker Kabupaten Bekasi": (Organisation.Kind.REGENCY_OFFICE, "32.16"),
    "Komunitas Pendamping UMKM (sintetis)": (Organisation.Kind.COMMUNITY, None),
    "Bank Penyalur KUR (sintetis)": (Organisation.Kind.FINANCING_PARTNER, None),
    "Koperasi Pemasaran (sintetis)": (Organisation.Kind.MARKET_PARTNER, None),
}


def _organisations() -> dict[str, Organisation]:
    found = {}
    for name, (kind, region) in ORGANISATIONS.items():
        found[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "region_id": region, "is_synthetic": True}
        )
    # Only the centres that demo accounts work at: there are thousands of centres.
    staffed = {account.organisation for account in DEMO_ACCOUNTS if account.organisation}
    for centre in TrainingCentre.objects.filter(organisation__name__in=staffed).select_related(
        "organisation"
    ):
        found[centre.organisation.name] = centre.organisation
    return found


@dataclass
class SeedResult:
    participants_created: int
    centres_created: int
    courses_created: int = 0
    cohorts_created: int = 0
    # The wave in training around today (running_wave.py), when this run created it.
    training_wave: str = ""
    training_wave_participants: int = 0
    # When this run created the open demo wave: when its declared public value is published.
    value_published_after: datetime | None = None


@transaction.atomic
def seed_demo(
    *, participants: int, seed: int, today: date | None = None, value_in: timedelta = DEMO_VALUE_IN
) -> SeedResult:
    """Create what is missing of the demo data set; records that exist are left as they are.
    One of the `participants` is the demo participant account's own record, in Kabupaten Bekasi
    like the demo officers. The wave in training is built around `today` (default: today); the open
    demo wave's public value is declared as published `value_in` after now."""
    if not Region.objects.filter(level=Region.Level.VILLAGE).exists():
        raise RuntimeError("Reference data is missing: run `python manage.py load_reference` first.")
    centres_created, _ = load_kemnaker_centres()
    centres_created += load_demo_centres()
    load_demo_signatories()
    organisations = _organisations()

    taken = set(Participant.objects.values_list("nik", flat=True))
    people = make_participants(max(participants - 1, 0), seed, taken)

    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        first, _, last = account.name.partition(" ")
        user = create_user(
            username=account.username,
            password=DEMO_PASSWORD,
            role=account.role,
            by=None,
            first_name=first,
            last_name=last,
            organisation=organisations.get(account.organisation) if account.organisation else None,
            scope_region=Region.objects.get(pk=account.region) if account.region else None,
            is_synthetic=True,
        )
        if account.username == DEMO_PARTICIPANT and participants:
            own = make_participants(1, seed, taken, regency="32.16")
            for person in own:
                person.user = user
            people.extend(own)

    bulk_create_with_history(people, Participant, batch_size=1000, default_change_reason="demo data")
    demo_wave = _demo_wave(published_after=timezone.now() + value_in)
    courses_created = load_courses()
    cohorts_created = _demo_cohorts()
    running = seed_running_wave(seed=seed, today=today)
    seed_coaching(today=today)
    seed_grievances()
    seed_licensing(today=today)
    seed_market(today=today)
    seed_grants(today=today)
    seed_referrals(today=today)
    seed_monitoring(today=today)
    seed_notifications()
    record_event(
        None,
        "demo.seeded",
        None,
        changes={
            "participants": [None, len(people)],
            "centres": [None, centres_created],
            "cohorts": [None, cohorts_created],
            "training_wave": [None, running.wave.code if running else None],
        },
    )
    return SeedResult(
        participants_created=len(people),
        centres_created=centres_created,
        courses_created=courses_created,
        cohorts_created=cohorts_created,
        training_wave=running.wave.code if running else "",
        training_wave_participants=running.participants_created if running else 0,
        value_published_after=demo_wave.randomness_published_after if demo_wave else None,
    )


DEMO_WAVE = "DEMO-2025-1"
DEMO_RANDOMNESS_SOURCE = "Demo: angka apa pun yang Anda pilih, mis. penutupan IHSG terakhir"
# The demo wave selects on 5 January 2027; its cohorts train from the second Monday after that
# until the end of April.
DEMO_TRAINING_STARTS = date(2027, 1, 18)
DEMO_TRAINING_ENDS = date(2027, 4, 30)
DEMO_TRAINER = "instruktur"
DEMO_TRAINER_CENTRE = "BBPVP Bekasi"


def _demo_cohorts() -> int:
    """Cohorts at most centres inside the demo wave's training window (its dates are set when
    missing); the demo trainer teaches those of BBPVP Bekasi. Returns how many were created."""
    from wirausaha.programs.models import Wave

    wave = Wave.objects.filter(code=DEMO_WAVE).first()
    if wave is None:
        return 0
    if wave.training_starts_on is None or wave.training_ends_on is None:
        wave.training_starts_on = wave.training_starts_on or DEMO_TRAINING_STARTS
        wave.training_ends_on = wave.training_ends_on or DEMO_TRAINING_ENDS
        wave.save(update_fields=["training_starts_on", "training_ends_on", "updated_at"])
    created = load_demo_cohorts(window_start=wave.training_starts_on, window_end=wave.training_ends_on)
    trainer = User.objects.filter(username=DEMO_TRAINER, role=Role.TRAINER).first()
    centre = TrainingCentre.objects.filter(short_name=DEMO_TRAINER_CENTRE).first()
    if trainer is not None and centre is not None and trainer.organisation_id == centre.organisation_id:
        taught = Cohort.trainers.through
        taught.objects.bulk_create(
            [taught(cohort_id=c.pk, user_id=trainer.pk) for c in created if c.centre_id == centre.pk]
        )
    return len(created)


def _demo_wave(*, published_after: datetime) -> "Wave | None":
    """An open wave with province quotas (about four seats for ten applicants) and the usual
    rules, to which every demo participant has applied: a newcomer screens and closes it before
    `published_after`, and draws it from then on. None when it exists already."""
    from wirausaha.programs.actions import pseudonym_for
    from wirausaha.programs.models import (
        EligibilityRule,
        Enrolment,
        EnrolmentEvent,
        EnrolmentState,
        PriorityRule,
        Programme,
        Quota,
        Wave,
    )

    if Wave.objects.filter(code=DEMO_WAVE).exists():
        return None
    programme, _ = Programme.objects.get_or_create(
        code="LK-PHK-2025", defaults={"name": "Layanan Kewirausahaan Korban PHK 2025"}
    )
    people = list(
        Participant.objects.filter(is_synthetic=True, merged_into__isnull=True).values_list(
            "id", "domicile_id"
        )
    )
    per_province = Counter(domicile[:2] for _, domicile in people)
    seats = {province: max(1, round(count * 0.4)) for province, count in per_province.items()}
    wave = Wave.objects.create(
        programme=programme,
        code=DEMO_WAVE,
        name="Gelombang demo 2025-1",
        opens_on=date(2025, 11, 1),
        closes_on=date(2026, 12, 31),
        selection_date=date(2027, 1, 5),
        training_starts_on=DEMO_TRAINING_STARTS,
        training_ends_on=DEMO_TRAINING_ENDS,
        target=sum(seats.values()),
        status=Wave.Status.OPEN,
        # Like any wave, the list is frozen before the public value is known: the demo declares
        # a value published shortly after seeding, so a newcomer closes first and then waits.
        randomness_source=DEMO_RANDOMNESS_SOURCE,
        randomness_published_after=published_after,
    )
    Quota.objects.bulk_create(
        [Quota(wave=wave, region_id=code, seats=n) for code, n in sorted(seats.items())]
    )
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
    Enrolment.objects.bulk_create(
        [Enrolment(wave=wave, participant_id=pk, pseudonym=pseudonym_for(wave, pk)) for pk, _ in people],
        batch_size=2000,
    )
    EnrolmentEvent.objects.bulk_create(
        [
            EnrolmentEvent(enrolment_id=pk, from_state="", to_state=EnrolmentState.APPLIED)
            for pk in wave.enrolments.values_list("id", flat=True)
        ],
        batch_size=2000,
    )
    return wave
