"""Synthetic training centres and demo cohorts, planned from plain data (no Django import).

The programme counts 330 government BLK (21 run by Kemnaker, the rest by provinces and
regencies) and about 4,000 BLK Komunitas. Only the 21 Kemnaker centres are public data; for the
demo the others are planned here: one provincial BLK UPTD per province at its capital, regency
UPTDs in the most populous regencies, and community centres spread over every regency in
proportion to its population. The same inputs always give the same plan.
"""

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

UPTD_PROVINCE = "uptd_province"
UPTD_REGENCY = "uptd_regency"
COMMUNITY = "blk_komunitas"

GOVERNMENT_TOTAL = 330  # Kemnaker's 21 UPTP and the UPTDs of provinces and regencies
COMMUNITY_TOTAL = 4000
# Degrees of jitter around a district's centroid (about 1.5 km), so that centres in one district
# do not sit on the same point.
JITTER = 0.015

# The seat of each province's government (a regency/city code). Sofifi, capital of Maluku Utara,
# lies in Kota Tidore Kepulauan; Banjarbaru has been Kalimantan Selatan's capital since 2022.
PROVINCE_CAPITALS = {
    "11": "11.71",
    "12": "12.71",
    "13": "13.71",
    "14": "14.71",
    "15": "15.71",
    "16": "16.71",
    "17": "17.71",
    "18": "18.71",
    "19": "19.71",
    "21": "21.72",
    "31": "31.71",
    "32": "32.73",
    "33": "33.74",
    "34": "34.71",
    "35": "35.78",
    "36": "36.73",
    "51": "51.71",
    "52": "52.71",
    "53": "53.71",
    "61": "61.71",
    "62": "62.71",
    "63": "63.72",
    "64": "64.72",
    "65": "65.01",
    "71": "71.71",
    "72": "72.71",
    "73": "73.71",
    "74": "74.71",
    "75": "75.71",
    "76": "76.02",
    "81": "81.71",
    "82": "82.72",
    "91": "91.71",
    "92": "92.02",
    "93": "93.01",
    "94": "94.01",
    "95": "95.01",
    "96": "96.71",
}

# Hosts of community centres: (short form, full form). Many BLK Komunitas sit at Islamic boarding
# schools; others at foundations, churches' and temples' foundations, unions and cooperatives.
PESANTREN = [
    "Al-Hikmah",
    "Darul Ulum",
    "Nurul Huda",
    "Miftahul Huda",
    "Al-Falah",
    "Darussalam",
    "Al-Ikhlas",
    "Nurul Iman",
    "Al-Amin",
    "Hidayatul Mubtadiin",
    "Raudlatul Ulum",
    "Bustanul Ulum",
    "Mambaul Ulum",
    "Roudlotul Huda",
    "Al-Muhajirin",
    "Darul Falah",
    "Al-Istiqomah",
    "Al-Mubarok",
    "Nurul Falah",
    "Al-Hidayah",
    "Darul Muttaqin",
    "Babussalam",
    "Al-Furqon",
    "Sabilul Muttaqin",
    "Al-Barokah",
    "Riyadlul Jannah",
    "Miftahul Ulum",
    "Nurul Jadid",
    "Al-Anwar",
    "Darul Hikmah",
    "Baitul Quran",
    "Al-Ma'arif",
    "Manbaul Hikam",
    "Al-Islah",
    "Nurul Qur'an",
    "Darul Arqam",
    "Al-Muttaqin",
    "Tarbiyatul Islam",
    "Al-Khoiriyah",
    "Riyadhus Sholihin",
]
FOUNDATIONS = [
    "Karya Mandiri",
    "Bina Insan Mandiri",
    "Harapan Bangsa",
    "Cahaya Umat",
    "Mitra Usaha Mandiri",
    "Bina Karya",
    "Insan Cendekia",
    "Tunas Harapan",
    "Pelita Hati",
    "Amal Sejahtera",
    "Peduli Sesama",
    "Bakti Nusantara",
    "Mandiri Sejahtera",
    "Karya Bhakti",
    "Bina Potensi",
    "Cipta Karya Usaha",
    "Bangun Desa",
    "Karya Anak Bangsa",
    "Mekar Sari",
    "Sumber Rezeki",
]
CHURCH_FOUNDATIONS = [
    "Kasih Karunia",
    "Sinar Kasih",
    "Bina Kasih",
    "Pelita Kasih",
    "Imanuel",
    "Betlehem",
    "Getsemani",
    "Karya Kasih",
    "Syalom",
    "Pengharapan",
    "Santo Yosef",
    "Santa Maria",
    "Bethesda",
    "Kristus Raja",
    "Eben Haezer",
]
TEMPLE_FOUNDATIONS = [
    "Dharma Santi",
    "Widya Dharma",
    "Tri Hita Karana",
    "Saraswati",
    "Dharma Sentana",
    "Bhakti Pertiwi",
    "Giri Jaya",
    "Widya Kerti",
]
COMMUNITY_GROUPS = [
    "Serikat Pekerja Mandiri",
    "Koperasi Karya Bersama",
    "Paguyuban Pekerja Mandiri",
    "Koperasi Maju Bersama",
    "Lembaga Pemberdayaan Masyarakat",
]
# Provinces where most people are Christian (Nusa Tenggara Timur, Sulawesi Utara, Papua's six)
# or Hindu (Bali): their community centres sit at other kinds of host than pesantren.
CHRISTIAN_MAJORITY = {"53", "71", "91", "92", "93", "94", "95", "96"}
HINDU_MAJORITY = {"51"}

SOURCE_NOTE = (
    "Synthetic demo record, not a real centre: {what}. Placed in a real district (Kemendagri code "
    "{district}) near its centroid."
)


@dataclass(frozen=True)
class Regency:
    code: str
    name: str
    population: int
    latitude: float
    longitude: float

    @property
    def province(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class District:
    code: str
    name: str
    latitude: float
    longitude: float

    @property
    def regency(self) -> str:
        return self.code.rsplit(".", 1)[0]


@dataclass(frozen=True)
class PlannedCentre:
    short_name: str
    name: str
    kind: str
    regency: str
    district: str
    latitude: float
    longitude: float
    operated_by: str
    address: str
    source_note: str


def largest_remainder(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split `total` over the keys in proportion to their weights (Hamilton's method): each key
    gets the floor of its exact share, and the seats left over go to the largest remainders
    (ties to the smaller key). Every key gets its exact share rounded down or up."""
    whole = sum(weights.values())
    if total <= 0 or whole <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: total * weight / whole for key, weight in weights.items()}
    counts = {key: math.floor(share) for key, share in exact.items()}
    left = total - sum(counts.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - counts[k]), k))[:left]:
        counts[key] += 1
    return counts


def _nearest(districts: Sequence[District], latitude: float, longitude: float) -> District:
    return min(
        districts, key=lambda d: ((d.latitude - latitude) ** 2 + (d.longitude - longitude) ** 2, d.code)
    )


def _jittered(rng: random.Random, district: District) -> tuple[float, float]:
    return (
        round(district.latitude + rng.uniform(-JITTER, JITTER), 6),
        round(district.longitude + rng.uniform(-JITTER, JITTER), 6),
    )


def _government_operator(regency: Regency, province_name: str) -> str:
    # Jakarta's administrative cities and regency have no government of their own.
    if " Administrasi " in f" {regency.name} ":
        return f"Pemerintah Provinsi {province_name}"
    return f"Pemerintah {regency.name}"


def government_sites(
    regencies: Sequence[Regency], provinces: Mapping[str, str], count: int
) -> list[tuple[str, Regency]]:
    """Where the `count` synthetic UPTDs go: a provincial one in each province's capital (its most
    populous regency when the capital is unknown), then regency ones in the most populous
    regencies that host none yet."""
    by_code = {regency.code: regency for regency in regencies}
    by_population = sorted(regencies, key=lambda r: (-r.population, r.code))
    sites: list[tuple[str, Regency]] = []
    for province in sorted(provinces):
        capital = by_code.get(PROVINCE_CAPITALS.get(province, ""))
        if capital is None or capital.province != province:
            capital = next((r for r in by_population if r.province == province), None)
        if capital is not None:
            sites.append((UPTD_PROVINCE, capital))
    taken = {regency.code for _, regency in sites}
    for regency in by_population:
        if len(sites) >= count:
            break
        if regency.code not in taken:
            sites.append((UPTD_REGENCY, regency))
    return sites[:count]


def _host(rng: random.Random, province: str) -> tuple[str, str]:
    """A plausible host of a community centre: (short form, full form)."""
    roll = rng.random()
    if province in HINDU_MAJORITY:
        pool = TEMPLE_FOUNDATIONS if roll < 0.6 else FOUNDATIONS
        name = rng.choice(pool)
        return f"Yayasan {name}", f"Yayasan {name}"
    if province in CHRISTIAN_MAJORITY:
        if roll < 0.55:
            name = rng.choice(CHURCH_FOUNDATIONS)
            return f"Yayasan {name}", f"Yayasan Pendidikan {name}"
        if roll < 0.9:
            name = rng.choice(FOUNDATIONS)
            return f"Yayasan {name}", f"Yayasan {name}"
        name = rng.choice(COMMUNITY_GROUPS)
        return name, name
    if roll < 0.65:
        name = rng.choice(PESANTREN)
        return f"PP {name}", f"Pondok Pesantren {name}"
    if roll < 0.9:
        name = rng.choice(FOUNDATIONS)
        return f"Yayasan {name}", f"Yayasan {name}"
    name = rng.choice(COMMUNITY_GROUPS)
    return name, name


def plan_centres(
    regencies: Iterable[Regency],
    districts: Iterable[District],
    provinces: Mapping[str, str],
    *,
    uptd_count: int,
    community_count: int = COMMUNITY_TOTAL,
    seed: int = 2025,
) -> list[PlannedCentre]:
    """The synthetic UPTDs and community centres, each in a real district of its regency.
    Short names are unique; the plan depends only on its inputs."""
    regencies = sorted(regencies, key=lambda r: r.code)
    districts_of: dict[str, list[District]] = {}
    for district in sorted(districts, key=lambda d: d.code):
        districts_of.setdefault(district.regency, []).append(district)
    regencies = [regency for regency in regencies if districts_of.get(regency.code)]
    plans: list[PlannedCentre] = []
    taken: set[str] = set()

    def unique(short_name: str) -> tuple[str, str]:
        short_name = short_name[:76]
        candidate, number = short_name, 1
        while candidate in taken:
            number += 1
            candidate = f"{short_name} {number}"
        taken.add(candidate)
        return candidate, "" if number == 1 else f" {number}"

    for kind, regency in government_sites(regencies, provinces, uptd_count):
        rng = random.Random(f"{seed}:{kind}:{regency.code}")
        district = _nearest(districts_of[regency.code], regency.latitude, regency.longitude)
        province_name = provinces.get(regency.province, regency.province)
        if kind == UPTD_PROVINCE:
            short_name, suffix = unique(f"UPTD BLK Provinsi {province_name}")
            name = f"UPTD Balai Latihan Kerja Provinsi {province_name}{suffix}"
            operated_by = f"Pemerintah Provinsi {province_name}"
            what = "provincial BLK UPTD at the province's capital"
        else:
            short_name, suffix = unique(f"UPTD BLK {regency.name}")
            name = f"UPTD Balai Latihan Kerja {regency.name}{suffix}"
            operated_by = _government_operator(regency, province_name)
            what = "regency BLK UPTD, one of the most populous regencies"
        latitude, longitude = _jittered(rng, district)
        plans.append(
            PlannedCentre(
                short_name=short_name,
                name=name,
                kind=kind,
                regency=regency.code,
                district=district.code,
                latitude=latitude,
                longitude=longitude,
                operated_by=operated_by,
                address=f"Kecamatan {district.name}, {regency.name}",
                source_note=SOURCE_NOTE.format(what=what, district=district.code),
            )
        )

    counts = largest_remainder(community_count, {r.code: r.population for r in regencies})
    for regency in regencies:
        rng = random.Random(f"{seed}:{COMMUNITY}:{regency.code}")
        own = list(districts_of[regency.code])
        rng.shuffle(own)
        for number in range(counts[regency.code]):
            district = own[number % len(own)]
            host_short, host = _host(rng, regency.province)
            short_name, suffix = unique(f"BLK Komunitas {host_short} {district.name}")
            latitude, longitude = _jittered(rng, district)
            plans.append(
                PlannedCentre(
                    short_name=short_name,
                    name=f"BLK Komunitas {host}{suffix}, Kecamatan {district.name}, {regency.name}",
                    kind=COMMUNITY,
                    regency=regency.code,
                    district=district.code,
                    latitude=latitude,
                    longitude=longitude,
                    operated_by=host,
                    address=f"Kecamatan {district.name}, {regency.name}",
                    source_note=SOURCE_NOTE.format(
                        what="community centre; regencies get them in proportion to their population",
                        district=district.code,
                    ),
                )
            )
    return plans


# Demo cohorts --------------------------------------------------------------------------------

JP_PER_DAY = 8  # a full training day: eight 45-minute lessons
DEMO_SEATS = 16
GOVERNMENT_KINDS = {"bbpvp", "bpvp", "bpkk", UPTD_PROVINCE, UPTD_REGENCY}


@dataclass(frozen=True)
class CourseOffer:
    code: str
    total_jp: int
    at_community_centres: bool


@dataclass(frozen=True)
class PlannedCohort:
    centre_id: int
    course_code: str
    starts_on: date
    ends_on: date
    seats: int


def cohort_code(centre_id: int, number: int) -> str:
    """A cohort's code: its centre and its number at that centre, e.g. KLS-00042-003."""
    return f"KLS-{centre_id:05d}-{number:03d}"


def cohort_number(code: str, centre_id: int) -> int | None:
    """The number in a code made by `cohort_code` for this centre; None for any other code."""
    prefix = f"KLS-{centre_id:05d}-"
    rest = code[len(prefix) :]
    return int(rest) if code.startswith(prefix) and rest.isdigit() else None


def training_days(total_jp: int) -> int:
    return max(1, math.ceil(total_jp / JP_PER_DAY))


def add_weekdays(start: date, days: int) -> date:
    """The date of the `days`-th weekday counted from `start` (itself the first when a weekday)."""
    current, counted = start, 0
    while True:
        if current.weekday() < 5:
            counted += 1
            if counted == days:
                return current
        current += timedelta(days=1)


def _next_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def plan_cohorts(
    centres: Iterable[tuple[int, str, str]],
    courses: Sequence[CourseOffer],
    *,
    window_start: date,
    window_end: date,
    seed: int = 2025,
) -> list[PlannedCohort]:
    """Demo cohorts of 16 seats inside the window for centres given as (id, short name, kind):
    two for a government centre, one or two for most community centres (a few have none yet).
    The first batch starts on the window's first Monday, the second six weeks later; a cohort
    that would end after the window is left out."""
    first = _next_monday(window_start)
    second = first + timedelta(weeks=6)
    planned = []
    for centre_id, short_name, kind in sorted(centres):
        rng = random.Random(f"{seed}:{short_name}")
        government = kind in GOVERNMENT_KINDS
        if government:
            how_many = 2
        else:
            roll = rng.random()
            how_many = 0 if roll < 0.1 else (2 if roll > 0.8 else 1)
        offers = [course for course in courses if government or course.at_community_centres]
        picked = rng.sample(offers, min(how_many, len(offers)))
        for course, starts_on in zip(picked, (first, second), strict=False):
            ends_on = add_weekdays(starts_on, training_days(course.total_jp))
            if ends_on <= window_end:
                planned.append(PlannedCohort(centre_id, course.code, starts_on, ends_on, DEMO_SEATS))
    return planned
