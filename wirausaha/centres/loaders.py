"""Loaders of centres and courses: the 21 Kemnaker vocational training centres (UPTP) from the
shipped file, the course catalogue, and, for demo data only, the synthetic UPTDs, BLK
Komunitas and cohorts planned in `synthetic`. Each creates what is missing in bulk and leaves
what exists as it is: a second run creates nothing."""

import random
from collections import defaultdict
from datetime import date

from django.db import transaction

from wirausaha.accounts.models import Organisation
from wirausaha.reference.files import DATA_DIR, read_csv
from wirausaha.reference.models import Region

from . import synthetic
from .catalogue import COURSES, ENTREPRENEURSHIP_MODULE
from .models import Cohort, Course, TrainingCentre

KEMNAKER = "Kementerian Ketenagakerjaan"
BATCH = 1000


@transaction.atomic
def load_kemnaker_centres() -> tuple[int, int]:
    """Create each centre and its organisation once, keyed on the short name; a centre without an
    operator is marked as run by Kemnaker. Returns (created, total)."""
    created = total = 0
    for row in read_csv(DATA_DIR / "uptp_kemnaker_pelatihan_vokasi.csv"):
        total += 1
        organisation, _ = Organisation.objects.get_or_create(
            name=row["full_name"],
            defaults={"kind": Organisation.Kind.TRAINING_CENTRE, "region_id": row["kabkota_code"]},
        )
        _, was_created = TrainingCentre.objects.get_or_create(
            short_name=row["short_name"],
            defaults={
                "organisation": organisation,
                "name": row["full_name"],
                "kind": row["type"].lower(),
                "region_id": row["kabkota_code"],
                "latitude": float(row["kabkota_centroid_lat"]),
                "longitude": float(row["kabkota_centroid_lng"]),
                "operated_by": KEMNAKER,
                "source_note": f"{row['note']} ({row['source_url']})".strip(),
            },
        )
        created += was_created
    TrainingCentre.objects.filter(
        kind__in=[TrainingCentre.Kind.BBPVP, TrainingCentre.Kind.BPVP], is_synthetic=False, operated_by=""
    ).update(operated_by=KEMNAKER)
    return created, total


def _reference_places() -> tuple[list[synthetic.Regency], list[synthetic.District], dict[str, str]]:
    provinces = dict(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", "name"))
    regencies = [
        synthetic.Regency(code, name, population or 0, latitude, longitude)
        for code, name, population, latitude, longitude in Region.objects.filter(
            level=Region.Level.REGENCY, latitude__isnull=False
        ).values_list("code", "name", "population", "latitude", "longitude")
    ]
    districts = [
        synthetic.District(code, name, latitude, longitude)
        for code, name, latitude, longitude in Region.objects.filter(
            level=Region.Level.DISTRICT, latitude__isnull=False
        ).values_list("code", "name", "latitude", "longitude")
    ]
    return regencies, districts, provinces


def demo_centre_plan(seed: int = 2025) -> list[synthetic.PlannedCentre]:
    """The synthetic centres that complete the 21 real ones to the programme's 330 government
    BLK and about 4,000 BLK Komunitas."""
    regencies, districts, provinces = _reference_places()
    real = sum(1 for _ in read_csv(DATA_DIR / "uptp_kemnaker_pelatihan_vokasi.csv"))
    return synthetic.plan_centres(
        regencies,
        districts,
        provinces,
        uptd_count=synthetic.GOVERNMENT_TOTAL - real,
        community_count=synthetic.COMMUNITY_TOTAL,
        seed=seed,
    )


@transaction.atomic
def load_demo_centres(seed: int = 2025) -> int:
    """Create the synthetic centres (and their organisations) that are missing, each marked
    synthetic. Returns how many centres were created."""
    plans = demo_centre_plan(seed)
    have = set(TrainingCentre.objects.values_list("short_name", flat=True))
    missing = [plan for plan in plans if plan.short_name not in have]
    if not missing:
        return 0
    organisations = dict(Organisation.objects.values_list("name", "id"))
    new_organisations = [
        Organisation(
            name=plan.name,
            kind=Organisation.Kind.TRAINING_CENTRE,
            region_id=plan.regency,
            is_synthetic=True,
        )
        for plan in missing
        if plan.name not in organisations
    ]
    Organisation.objects.bulk_create(new_organisations, batch_size=BATCH)
    organisations.update((organisation.name, organisation.pk) for organisation in new_organisations)
    # An organisation that already is a centre cannot be a second one.
    busy = set(TrainingCentre.objects.values_list("organisation_id", flat=True))
    centres = [
        TrainingCentre(
            organisation_id=organisations[plan.name],
            short_name=plan.short_name,
            name=plan.name,
            kind=plan.kind,
            region_id=plan.district,
            latitude=plan.latitude,
            longitude=plan.longitude,
            status=TrainingCentre.Status.ACTIVE,
            operated_by=plan.operated_by,
            address=plan.address,
            source_note=plan.source_note,
            is_synthetic=True,
        )
        for plan in missing
        if organisations[plan.name] not in busy
    ]
    TrainingCentre.objects.bulk_create(centres, batch_size=BATCH)
    return len(centres)


@transaction.atomic
def load_courses() -> int:
    """Create the catalogue's courses that are missing (keyed on the code); courses that exist
    keep the national admin's changes. Returns how many were created."""
    have = set(Course.objects.values_list("code", flat=True))
    courses = [
        Course(
            code=code,
            title=title,
            sector_id=sector,
            description=f"{technical}\n\n{ENTREPRENEURSHIP_MODULE}",
            technical_jp=technical_jp,
            entrepreneurship_jp=entrepreneurship_jp,
            delivery=delivery,
            min_attendance_percent=80,
            assessment_required=True,
            pass_score=70,
        )
        for code, title, sector, technical_jp, entrepreneurship_jp, delivery, _, technical in COURSES
        if code not in have
    ]
    Course.objects.bulk_create(courses)
    return len(courses)


def next_cohort_numbers(centre_ids=None) -> dict[int, int]:
    """For each centre, the number its next generated cohort code takes (1 when it has none)."""
    cohorts = Cohort.objects.filter(code__startswith="KLS-")
    if centre_ids is not None:
        cohorts = cohorts.filter(centre_id__in=centre_ids)
    highest: dict[int, int] = defaultdict(int)
    for centre_id, code in cohorts.values_list("centre_id", "code").iterator(chunk_size=5000):
        number = synthetic.cohort_number(code, centre_id)
        if number is not None and number > highest[centre_id]:
            highest[centre_id] = number
    return defaultdict(lambda: 1, {centre: number + 1 for centre, number in highest.items()})


@transaction.atomic
def load_demo_cohorts(*, window_start: date, window_end: date, seed: int = 2025) -> list[Cohort]:
    """Demo cohorts inside a wave's training window, for the active centres that have no cohort
    in it yet (so a second run creates none). Returns the cohorts created."""
    community_codes = {row[0] for row in COURSES if row[6]}
    offers = [
        synthetic.CourseOffer(code, technical + business, code in community_codes)
        for code, technical, business in Course.objects.filter(is_active=True)
        .order_by("code")
        .values_list("code", "technical_jp", "entrepreneurship_jp")
    ]
    busy = set(
        Cohort.objects.filter(starts_on__gte=window_start, ends_on__lte=window_end).values_list(
            "centre_id", flat=True
        )
    )
    centres = [
        row
        for row in TrainingCentre.objects.filter(status=TrainingCentre.Status.ACTIVE).values_list(
            "id", "short_name", "kind"
        )
        if row[0] not in busy
    ]
    plans = synthetic.plan_cohorts(
        centres, offers, window_start=window_start, window_end=window_end, seed=seed
    )
    course_ids = dict(Course.objects.values_list("code", "id"))
    numbers = next_cohort_numbers()
    cohorts = []
    for plan in plans:
        number = numbers[plan.centre_id]
        numbers[plan.centre_id] = number + 1
        cohorts.append(
            Cohort(
                centre_id=plan.centre_id,
                course_id=course_ids[plan.course_code],
                code=synthetic.cohort_code(plan.centre_id, number),
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                seats=plan.seats,
                status=Cohort.Status.PLANNED,
            )
        )
    Cohort.objects.bulk_create(cohorts, batch_size=BATCH)
    return cohorts


# Demo signatories: synthetic names (with the titles Indonesian officials print) for the demo only.
_HEAD_FIRST = (
    "Siti",
    "Bambang",
    "Dewi",
    "Agus",
    "Sri",
    "Hendra",
    "Rina",
    "Yusuf",
    "Nur",
    "Wayan",
    "Maria",
    "Andi",
)
_HEAD_LAST = ("Rahayu", "Sutrisno", "Lestari", "Hidayat", "Wulandari", "Saputra", "Hasibuan", "Simanjuntak")
_HEAD_TITLES = ("S.E.", "S.T., M.M.", "S.Sos.", "M.Si.", "S.Pd.", "S.H.")


@transaction.atomic
def load_demo_signatories(seed: int = 2025) -> int:
    """Give every centre without a signatory a synthetic head (name and title), for demo data only;
    a head set on the centre's page is kept. Returns how many centres got one."""
    rng = random.Random(seed)
    centres = list(TrainingCentre.objects.filter(head_name="").order_by("pk"))
    for centre in centres:
        name = f"{rng.choice(_HEAD_FIRST)} {rng.choice(_HEAD_LAST)}, {rng.choice(_HEAD_TITLES)}"
        centre.head_name, centre.head_title = name, f"Kepala {centre.name}"[:160]
    TrainingCentre.objects.bulk_update(centres, ["head_name", "head_title"], batch_size=BATCH)
    return len(centres)
