"""The registry of the page benchmark (bench_pages): N synthetic participants as rows for COPY into
registry_participant, spread over the regencies by population, living in a district of it, with
unique NIKs that agree with their birth date and sex, Indonesian names, a realistic share waiting
for verification, flagged NIKs and probable duplicates. Deterministic for a given N; no Django.

A row is a tuple of Python values in COLUMNS' order, for psycopg's COPY (write_row)."""

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from faker.providers.person.id_ID import Provider as IndonesianNames

from bench.registration_load import FAMILY, GIVEN


def columns(names: str) -> tuple[str, ...]:
    """A table's columns for COPY, named one by one (the database fills the others)."""
    return tuple(names.split())


COLUMNS = columns(
    "id created_at updated_at nik full_name birth_place birth_date sex phone email education disability "
    "last_employer job_title layoff_date layoff_reason layoff_evidence jkp_recipient business_interest "
    "existing_business existing_business_since consent_version consent_at consent_withdrawn_at "
    "verification verification_note verified_at source nik_flags is_synthetic "
    "business_interest_sector_id domicile_id employer_sector_id merged_into_id user_id verified_by_id "
    "duplicates_checked_at"
)

# The most frequent names (bench.registration_load's, as on ID cards) make two names in five; the
# rest come from Faker's Indonesian lists, so that a name search finds a realistic number of people.
COMMON_SHARE = 0.4
COMMON_NAME = "Siti"  # what an officer types to find a common name: thousands of hits at 1M
# One person has this name: the words are in no list above, so a search finds exactly one record.
RARE_NAME = "Ni Luh Putu Sekarwangi Tjokorda"
BIRTH_START = date(1968, 1, 1)
BIRTH_DAYS = 12_000  # births from 1968 to late 2000: ages 26 to 58
# NIK serials 1000-9999: the registrations of the load test (registration_load) use serial 1 and up.
SERIAL_FIRST, SERIALS = 1000, 9000
SCRAMBLE = 7_919_003  # coprime with SERIALS * BIRTH_DAYS: numbers -> distinct (birth day, serial)
LAYOFF_START = date(2025, 1, 1)
REGISTRATION_START = datetime(2025, 2, 1, 1, 0, tzinfo=UTC)
EDUCATION = ("sd", "smp", "sma", "sma", "sma", "sma", "diploma", "s1", "s1", "s2")
DISABILITY = ("physical", "sensory", "intellectual", "mental", "multiple")
EMPLOYERS = (
    "PT Sinar Tekstil Nusantara",
    "PT Garmen Jaya Abadi",
    "PT Sepatu Prima Indonesia",
    "PT Elektronik Mandiri",
    "PT Kurnia Plastik",
    "CV Mebel Jepara Indah",
    "PT Logistik Cepat",
    "PT Makanan Sehat Sentosa",
    "PT Otomotif Komponen Utama",
    "PT Ritel Serba Ada",
    "PT Percetakan Maju",
    "PT Kayu Lapis Kalimantan",
)
JOBS = ("Operator produksi", "Penjahit", "Staf gudang", "Sopir", "Kasir", "Teknisi", "Staf administrasi")
REASONS = ("Efisiensi perusahaan", "Pabrik tutup", "Kontrak tidak diperpanjang", "Relokasi pabrik")
INTERESTS = ("Warung makan", "Kue dan roti", "Jahit dan konveksi", "Bengkel motor", "Toko kelontong")
BIRTH_PLACES = ("Bandung", "Bekasi", "Surabaya", "Semarang", "Medan", "Makassar", "Palembang", "Bogor")
FLAGS = ("unknown_district", "birth_date_mismatch", "sex_mismatch")
DUPLICATE_EVERY = 200  # one record in 200 repeats an earlier person under another NIK
PENDING_RECENT, PENDING_OLD, RECENT_SHARE = 0.6, 0.0375, 0.2  # 15% pending, mostly recent ones


@dataclass
class Places:
    """Regencies with their population and their districts (dotted codes)."""

    regencies: list[tuple[str, int]]
    districts: dict[str, list[str]]

    def cumulative(self) -> tuple[list[str], list[float]]:
        codes = [code for code, population in self.regencies if self.districts.get(code)]
        weights = dict(self.regencies)
        return codes, list(itertools.accumulate(float(weights[code] or 1) for code in codes))


@dataclass
class Registry:
    """What the other tables need to know of the participants generated."""

    count: int = 0
    pending: int = 0
    flagged: int = 0
    verified: list[int] = field(default_factory=list)  # ids, for the waves' applicants
    domicile: dict[int, str] = field(default_factory=dict)  # id -> district code
    names: dict[int, str] = field(default_factory=dict)  # id -> full name (for certificates)
    pairs: list[tuple[int, int, float]] = field(default_factory=list)  # probable duplicates
    account_id: int = 0  # the record of the participant with an account
    nik_prefix: str = ""  # a district's 6 digits, in Kabupaten Bekasi


def nik_of(district: str, birth: date, sex: str, serial: int) -> str:
    day = birth.day + (40 if sex == "F" else 0)
    return f"{district.replace('.', '')}{day:02d}{birth:%m%y}{serial:04d}"


def _pick(random_value: float, values):
    return values[int(random_value * len(values))]


def _name(rng: random.Random, sex: str) -> str:
    draw = rng.random
    faker_given = IndonesianNames.first_names_female if sex == "F" else IndonesianNames.first_names_male
    faker_family = IndonesianNames.last_names_female if sex == "F" else IndonesianNames.last_names_male
    given = _pick(draw(), GIVEN[sex]) if draw() < COMMON_SHARE else _pick(draw(), faker_given)
    family = _pick(draw(), FAMILY) if draw() < COMMON_SHARE else _pick(draw(), faker_family)
    if draw() < 0.3:
        middle = _pick(draw(), faker_given)
        if middle != given:
            return f"{given} {middle} {family}"
    return f"{given} {family}"


def participant_rows(
    n: int,
    places: Places,
    *,
    now: datetime,
    sectors: list[str],
    verifiers: list[int],
    account: tuple[int, str],
    registry: Registry,
    consent_version: str,
    seed: int = 2026,
):
    """Yield N participant rows (ids 1..N, Python values for COPY) and fill `registry`. `account` is
    the user id and the regency of the participant who has an account; `verifiers` the users who
    verify records."""
    rng = random.Random(seed)
    draw = rng.random
    codes, cumulative = places.cumulative()
    total = cumulative[-1]
    span = (now - timedelta(hours=2) - REGISTRATION_START).total_seconds()
    account_user, account_regency = account
    recent_from = int(n * (1 - RECENT_SHARE))
    account_id = max(1, recent_from // 2)  # an older, verified record: it has been through waves
    births = [BIRTH_START + timedelta(days=day) for day in range(BIRTH_DAYS)]
    one_day, three_minutes = timedelta(days=1), timedelta(minutes=3)
    registry.count = n
    for number in range(n):
        pid = number + 1
        regency = (
            account_regency if pid == account_id else codes[bisect.bisect_left(cumulative, draw() * total)]
        )
        district = _pick(draw(), places.districts[regency])
        sex = "F" if draw() < 0.45 else "M"
        scrambled = (number * SCRAMBLE) % (SERIALS * BIRTH_DAYS)
        birth = births[scrambled // SERIALS]
        nik = nik_of(district, birth, sex, SERIAL_FIRST + scrambled % SERIALS)
        name = _name(rng, sex)
        declared_birth, declared_sex, flags = birth, sex, "[]"
        if draw() < 0.03:
            flag = _pick(draw(), FLAGS)
            flags = f'["{flag}"]'
            registry.flagged += 1
            if flag == "unknown_district":  # a district code that predates a split: 99 is unused
                nik = nik[:4] + "99" + nik[6:]
            elif flag == "birth_date_mismatch":
                declared_birth = birth + one_day
            else:
                declared_sex = "M" if sex == "F" else "F"
        duplicate = number > DUPLICATE_EVERY and number % DUPLICATE_EVERY == DUPLICATE_EVERY - 1
        duplicate = duplicate and pid != account_id
        if duplicate:  # the same person registered again under another NIK (a typo in it)
            first = pid - 1 - int(draw() * (DUPLICATE_EVERY - 1))
            name, district = registry.names[first], registry.domicile[first]
            registry.pairs.append((first, pid, round(0.6 + 0.39 * draw(), 2)))
        # Ids follow registration time, with a little jitter; the latest fifth holds most pending ones.
        created = REGISTRATION_START + timedelta(seconds=span * (number + draw()) / n)
        recent = number >= recent_from
        state = "verified"
        if draw() < (0.7 if duplicate else PENDING_RECENT if recent else PENDING_OLD):
            state = "pending"
        elif draw() < 0.03:
            state = "needs_correction" if draw() < 0.6 else "rejected"
        if pid == account_id:
            state, name, flags = "verified", RARE_NAME, "[]"
            registry.account_id = pid
            registry.nik_prefix = nik[:6]
        verified_at = None
        if state != "pending":
            verified_at = min(created + timedelta(days=1 + int(draw() * 20)), now - three_minutes)
        withdrawn = created + timedelta(days=30) if not recent and draw() < 0.004 else None
        registry.pending += state == "pending"
        if state == "verified" and withdrawn is None:
            registry.verified.append(pid)
        registry.domicile[pid] = district
        registry.names[pid] = name
        yield (
            pid,
            created,
            verified_at or created,
            nik,
            name,
            _pick(draw(), BIRTH_PLACES),
            declared_birth,
            declared_sex,
            f"+6285{pid:09d}",
            "",
            _pick(draw(), EDUCATION),
            _pick(draw(), DISABILITY) if draw() < 0.02 else "none",
            _pick(draw(), EMPLOYERS),
            _pick(draw(), JOBS),
            min(LAYOFF_START + timedelta(days=int(draw() * 640)), created.date()),
            _pick(draw(), REASONS),
            "",
            _pick(draw(), (True, False, None)),
            _pick(draw(), INTERESTS),
            "",
            None,
            consent_version,
            created,
            withdrawn,
            state,
            "Data belum lengkap" if state == "needs_correction" else "",
            verified_at,
            _pick(draw(), ("self", "self", "self", "officer", "import", "import")),
            flags,
            True,
            _pick(draw(), sectors),
            district,
            None,
            None,
            account_user if pid == account_id else None,
            _pick(draw(), verifiers) if verified_at else None,
            None if recent and draw() < 0.05 else created + three_minutes,
        )


DUPLICATE_REASONS = (
    '[{"code": "same_name_and_birth_date", "similarity": 100}, {"code": "same_phone"}]',
    '[{"code": "similar_name_same_village", "similarity": 91}]',
    '[{"code": "same_birth_date_same_village", "similarity": 88}]',
)


def duplicate_rows(registry: Registry, *, now: datetime, decider: int):
    """The probable-duplicate pairs: most still open, one in eight decided as different people."""
    for number, (first, second, score) in enumerate(registry.pairs, 1):
        decided = number % 8 == 0
        yield (
            number,
            now - timedelta(days=number % 90, minutes=number % 1440),
            now - timedelta(days=number % 30),
            first,
            second,
            score,
            DUPLICATE_REASONS[number % len(DUPLICATE_REASONS)],
            "distinct" if decided else "open",
            decider if decided else None,
            now - timedelta(days=number % 30) if decided else None,
        )


DUPLICATE_COLUMNS = columns(
    "id created_at updated_at first_id second_id score reasons status decided_by_id decided_at"
)
