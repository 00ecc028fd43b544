"""Synthetic participants for the demo: people spread over Indonesia like the 2025 layoffs (or all
in one regency), with valid NIKs, consent and a layoff date. Used by seed.py for the demo's
participants and by running_wave.py for the applicants of the wave in training. Deterministic for
a given seed; every record is marked `is_synthetic`."""

import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

from faker import Faker

from wirausaha.reference.files import DATA_DIR, read_csv
from wirausaha.reference.models import Region
from wirausaha.reference.queries import known_region_codes
from wirausaha.registry.consent import CONSENT_VERSION
from wirausaha.registry.models import Disability, Education, Participant, Sex, Source, Verification
from wirausaha.registry.nik import build_nik, check_nik

LAYOFF_START = date(2025, 1, 1)
CONSENT_TIME = datetime(2025, 7, 1, 2, 0, tzinfo=UTC)
EDUCATION_MIX = [
    Education.SD,
    Education.SMP,
    Education.SMA,
    Education.SMA,
    Education.SMA,
    Education.DIPLOMA,
    Education.BACHELOR,
]
# Ages are drawn relative to this day, not today, so that a seed gives the same people every day.
AGE_REFERENCE_DAY = date(2025, 7, 1)

# Layoff statistics use the 34 provinces before Papua's 2022 split: the counts of 91 (Papua) and
# 92 (Papua Barat) are shared with the provinces carved out of them, by population.
SPLIT_PROVINCES = {"91": ["91", "93", "94", "95"], "92": ["92", "96"]}


def province_weights(year: str = "2025") -> dict[str, float]:
    """Share of each current province in the year's layoffs (complete lists only)."""
    counts: dict[str, float] = {}
    for row in read_csv(DATA_DIR / "phk_per_provinsi_2024_2025.csv"):
        if row["year"] == year and row["province_code"] and row["period_list_complete"] == "yes":
            counts[row["province_code"]] = float(row["laid_off_workers"])
    population = dict(Region.objects.filter(level=Region.Level.PROVINCE).values_list("code", "population"))
    for old, new_codes in SPLIT_PROVINCES.items():
        if old in counts:
            total = counts.pop(old)
            people = sum(population.get(code) or 0 for code in new_codes) or 1
            for code in new_codes:
                counts[code] = total * (population.get(code) or 0) / people
    return counts


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = sorted(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


class _Places:
    """Regencies weighted by population, then a district and a village uniformly."""

    def __init__(self):
        self.regencies: dict[str, dict[str, float]] = defaultdict(dict)
        for code, parent, population in Region.objects.filter(level=Region.Level.REGENCY).values_list(
            "code", "parent_id", "population"
        ):
            self.regencies[parent][code] = float(population or 1)
        self.children: dict[str, list[str]] = defaultdict(list)
        for code, parent in (
            Region.objects.filter(level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE])
            .order_by("code")
            .values_list("code", "parent_id")
            .iterator(chunk_size=10000)
        ):
            self.children[parent].append(code)

    def village_in(self, rng: random.Random, province: str, regency: str | None = None) -> tuple[str, str]:
        regency = regency or _pick(rng, self.regencies[province])
        district = rng.choice(self.children[regency])
        villages = self.children[district]
        return district, (rng.choice(villages) if villages else district)


def make_participants(
    count: int, seed: int, taken: set[str], regency: str | None = None
) -> list[Participant]:
    """`count` synthetic people, anywhere in proportion to the layoffs or all in one regency.
    People whose NIK is in `taken` are counted but not returned, so that a second run with the
    same seed adds nobody."""
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    places = _Places()
    weights = province_weights()
    serials: Counter[str] = Counter()
    known = known_region_codes()
    people = []
    for _ in range(count):
        province = regency[:2] if regency else _pick(rng, weights)
        district, domicile = places.village_in(rng, province, regency)
        sex = Sex.FEMALE if rng.random() < 0.45 else Sex.MALE
        birth_date = AGE_REFERENCE_DAY - timedelta(days=rng.randint(20 * 365, 55 * 365))
        key = f"{district}{birth_date:%d%m%y}{sex}"
        serials[key] += 1
        nik = build_nik(district=district, birth_date=birth_date, sex=sex, serial=serials[key])
        first = fake.first_name_female() if sex == Sex.FEMALE else fake.first_name_male()
        person = Participant(
            nik=nik,
            full_name=f"{first} {fake.last_name()}",
            birth_place=fake.city_name(),
            birth_date=birth_date,
            sex=sex,
            phone=f"+628{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
            domicile_id=domicile,
            nik_flags=[issue.code for issue in check_nik(nik, known=known).flags],
            education=rng.choice(EDUCATION_MIX),
            disability=Disability.PHYSICAL if rng.random() < 0.02 else Disability.NONE,
            last_employer=fake.company(),
            layoff_date=LAYOFF_START + timedelta(days=rng.randint(0, 300)),
            jkp_recipient=rng.random() < 0.6,
            consent_version=CONSENT_VERSION,
            consent_at=CONSENT_TIME,
            verification=Verification.VERIFIED if rng.random() < 0.6 else Verification.PENDING,
            source=Source.DEMO,
            is_synthetic=True,
        )
        if nik not in taken:
            taken.add(nik)
            people.append(person)
    return people
