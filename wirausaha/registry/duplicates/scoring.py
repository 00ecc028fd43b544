"""Probable duplicates under different NIKs: blocking, fuzzy name comparison and scoring.

Pure: plain records in, candidate pairs out, no Django import. The same NIK twice never gets
here (a unique constraint refuses it); this finds one person registered under two NIKs.

Blocking keeps the work near-linear. A pair is compared only when the two records share a
block: the same phone; the same birth date and district; or a name-token prefix and either the
same birth date or the same district. Each pair is then scored once on all the evidence (name
similarity with rapidfuzz, weighted by how common the name is; birth date; phone; place) and
queued when the evidence is strong enough. A block larger than its cap (a phone used for hundreds
of registrations, an officer's own number for instance) is skipped and reported, never compared
all-pairs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from rapidfuzz import fuzz, process

# Name similarity, 0-100: rapidfuzz's ratio of the normalised names, token-sorted or as written.
SAME_NAME = 97
SIMILAR_NAME = 85
# Evidence points; a pair with QUEUE_POINTS or more is queued, its score is points / 10, at most 1.
QUEUE_POINTS = 5.5
# A name shared by more records than this is common: agreeing on it proves less (Fellegi-Sunter
# frequency weighting). Counted over the records scanned, or given by the caller.
RARE_NAME_COUNT = 3
COMMON_NAME_COUNT = 30
# Blocks whose pairs are all scored (phone; birth date + district) are capped; name blocks are
# filtered by rapidfuzz in C first and may be larger.
MAX_BLOCK = 50
MAX_NAME_BLOCK = 5000


class Reason(NamedTuple):
    """One piece of evidence: a stable code, with the name similarity (0-100) where it applies."""

    code: str
    similarity: int | None = None

    def as_json(self) -> dict:
        if self.similarity is None:
            return {"code": self.code}
        return {"code": self.code, "similarity": self.similarity}


SAME_PHONE = "same_phone"
SAME_NAME_AND_BIRTH_DATE = "same_name_and_birth_date"
SIMILAR_NAME_SAME_BIRTH_DATE = "similar_name_same_birth_date"
SIMILAR_NAME_SAME_VILLAGE = "similar_name_same_village"
SAME_BIRTH_DATE_SAME_VILLAGE = "same_birth_date_same_village"
NEAR_BIRTH_DATE = "near_birth_date"
REASON_CODES = (
    SAME_PHONE,
    SAME_NAME_AND_BIRTH_DATE,
    SIMILAR_NAME_SAME_BIRTH_DATE,
    SIMILAR_NAME_SAME_VILLAGE,
    SAME_BIRTH_DATE_SAME_VILLAGE,
    NEAR_BIRTH_DATE,
)


@dataclass(frozen=True, slots=True)
class Person:
    """The fields the scoring reads. `village` is the domicile code: a village, or a district when the
    village is unknown."""

    id: int
    nik: str
    full_name: str
    birth_date: date | None
    phone: str
    village: str


class Candidate(NamedTuple):
    """A probable duplicate pair, `id_a < id_b`; `score` in (0, 1]."""

    id_a: int
    id_b: int
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class SkippedBlock:
    """A block too large to compare all-pairs. The key itself (a phone number) is not kept."""

    kind: str
    size: int
    example_id: int


@dataclass
class Scan:
    candidates: list[Candidate]
    compared: int = 0
    skipped: list[SkippedBlock] = field(default_factory=list)


# -- Name normalisation ---------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles written before a name (religious, academic, forms of address).
PREFIX_TITLES = _words(
    "h hj haji hajah hajjah kh ust ustad ustadz ustadzah dr drs dra prof ir bapak bpk pak ibu bu "
    "ny nyonya nn nona tn tuan sdr sdri saudara saudari"
)
# Academic degrees, written after a name (usually after a comma, which removes them anyway). Those
# that are also names or initials ("Ma", "St." for Siti) count as degrees only with their dots.
DEGREES = _words(
    "spd spdi se sh skom ssos sag sip ssi skm skep sked sfarm shi sthi sth amd amk "
    "mm mpd mpdi msi mh mt mkes mkom mag mba mae msc bsc phd"
)
DOTTED_DEGREES = DEGREES | _words("st sp ak ma ba dr drs dra ir")
# Spellings of Muhammad, and its abbreviations (which stand for it only at the start: a final
# "M." is usually a father's initial).
MUHAMMAD = _words(
    "mochammad mochamad mohammad mohamad muhamad muhammad muchammad muchamad mukhammad mukhamad "
    "mohammed muhammed mohamed muhamed"
)
MUHAMMAD_ABBREVIATED = _words("m muh moh mhd mohd muhd")
# Old (pre-1972) spellings still found in names, to their modern form: Djoko -> Joko,
# Soeharto -> Suharto, Tjahjo -> Cahjo, Rachmat -> Rahmat, Khairul -> Hairul.
OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "h"), ("kh", "h"))
OLD_SPELLINGS += (("ph", "f"), ("dh", "d"), ("th", "t"))
_DOUBLE = re.compile(r"([a-z])\1+")
_FINAL_Y = re.compile(r"(?<=[^aeiou])y$")  # Rizky -> Rizki, Hendry -> Hendri
_NOT_LETTER = re.compile(r"[^a-z.\s]")


def _token(raw: str) -> str:
    for old, new in OLD_SPELLINGS:
        if old in raw:
            raw = raw.replace(old, new)
    return _FINAL_Y.sub("i", _DOUBLE.sub(r"\1", raw))


def name_tokens(full_name: str) -> tuple[str, ...]:
    """The name as comparable tokens: lowercase ASCII, titles and degrees removed, old spellings
    and spellings of Muhammad made one, doubled letters single, punctuation gone."""
    text = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode().lower()
    text = text.split(",", 1)[0]  # degrees follow a comma: "Budi Santoso, S.E., M.M."
    text = _NOT_LETTER.sub(lambda m: " " if m.group() in "-_/" else "", text)
    words = text.split()
    tokens: list[str] = []
    for position, word in enumerate(words):
        bare = word.replace(".", "")
        if not bare:
            continue
        dotted = "." in word
        leading = not tokens
        trailing = position == len(words) - 1 and len(words) > 1
        if bare in PREFIX_TITLES and (leading or dotted):
            continue
        if tokens and ((dotted and bare in DOTTED_DEGREES) or (trailing and bare in DEGREES)):
            continue
        if bare in MUHAMMAD or (leading and bare in MUHAMMAD_ABBREVIATED):
            bare = "muhammad"
        tokens.append(_token(bare))
    return tuple(tokens)


def normalise_name(full_name: str) -> str:
    return " ".join(name_tokens(full_name))


@functools.lru_cache(maxsize=1 << 18)
def _forms(full_name: str) -> tuple[str, str]:
    tokens = name_tokens(full_name)
    return " ".join(sorted(tokens)), " ".join(tokens)


def name_key(full_name: str) -> str:
    """The normalised tokens sorted: one key for "Siti Aminah", "Aminah Siti" and
    "Hj. Siti Aminah, S.Pd."."""
    return _forms(full_name)[0]


def _similarity(key_a: str, plain_a: str, key_b: str, plain_b: str) -> int:
    # Sorted tokens forgive a swapped order; the written order forgives a slip in a first letter
    # (which moves a token when sorting). The better of the two counts.
    return round(max(fuzz.ratio(key_a, key_b), fuzz.ratio(plain_a, plain_b)))


def name_similarity(name_a: str, name_b: str) -> int:
    """0-100: how alike two names are once normalised, whatever their token order."""
    return _similarity(*_forms(name_a), *_forms(name_b))


# -- Scoring --------------------------------------------------------------------------------------


def _one_digit_apart(x: int, y: int, width: int) -> bool:
    return sum(p != q for p, q in zip(f"{x:0{width}d}", f"{y:0{width}d}", strict=True)) == 1


def _near_dates(a: date, b: date) -> bool:
    """A typing slip: one digit differs, day and month are swapped, or the day or the year is one
    off."""
    if abs(a.toordinal() - b.toordinal()) == 1:
        return True
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return True
    if (a.year == b.year) + (a.month == b.month) + (a.day == b.day) != 2:
        return False  # a slip touches one of the three parts
    if a.year != b.year:
        return abs(a.year - b.year) == 1 or _one_digit_apart(a.year, b.year, 4)
    if a.month != b.month:
        return _one_digit_apart(a.month, b.month, 2)
    return _one_digit_apart(a.day, b.day, 2)


def _unknown_date(day: date) -> bool:
    # 1 January is what registrations carry when the real birth date is not known.
    return day.month == 1 and day.day == 1


def _same_place(village_a: str, village_b: str) -> bool:
    """The same village, or a village and the district (its prefix) it lies in."""
    if village_a == village_b:
        return True
    short, long = sorted((village_a, village_b), key=len)
    return long.startswith(short + ".")


@functools.lru_cache(maxsize=1 << 17)
def _district(code: str) -> str:
    return ".".join(code.split(".")[:3])


@dataclass(frozen=True, slots=True)
class _Prepared:
    person: Person
    key: str
    plain: str
    district: str


def _name_points(similarity: int, count_a: int, count_b: int) -> float:
    """Agreeing on a common name proves less than on a rare one. A slip in a name makes a rare
    spelling, so two similar names that are both common are most likely two real names."""
    if similarity >= SAME_NAME:
        count = max(count_a, count_b)
        return 4 if count <= RARE_NAME_COUNT else 3 if count <= COMMON_NAME_COUNT else 2
    both_common = min(count_a, count_b) > RARE_NAME_COUNT
    if similarity >= 90:
        return 1.5 if both_common else 3
    if similarity >= SIMILAR_NAME:
        return 1 if both_common else 2
    if similarity >= 75:
        return 0 if both_common else 1
    return 0 if similarity >= 60 else -3


def _score(a: _Prepared, b: _Prepared, count_a: int, count_b: int) -> tuple[float, tuple[Reason, ...]] | None:
    """Evidence points for one pair, or None when below the queue line. The counts say how many
    records carry each name."""
    pa, pb = a.person, b.person
    similarity = _similarity(a.key, a.plain, b.key, b.plain)
    points = _name_points(similarity, count_a, count_b)
    reasons: list[Reason] = []

    same_phone = bool(pa.phone) and pa.phone == pb.phone
    if same_phone:
        points += 3
        reasons.append(Reason(SAME_PHONE))
    elif pa.phone and pb.phone:
        points -= 0.5  # people change numbers: a different one is weak evidence

    same_birth = pa.birth_date is not None and pa.birth_date == pb.birth_date
    if same_birth:
        points += 3
    elif pa.birth_date and pb.birth_date:
        if _near_dates(pa.birth_date, pb.birth_date):
            points += 1.5
            reasons.append(Reason(NEAR_BIRTH_DATE))
        elif not (_unknown_date(pa.birth_date) or _unknown_date(pb.birth_date)):
            points -= 2.5

    same_village = _same_place(pa.village, pb.village)
    if same_village:
        points += 1 if same_phone else 2  # a household shares both: count them once and a half
    elif a.district == b.district:
        points += 0.5

    if points < QUEUE_POINTS:
        return None
    if same_birth and similarity >= SAME_NAME:
        reasons.append(Reason(SAME_NAME_AND_BIRTH_DATE, similarity))
    elif same_birth and similarity >= SIMILAR_NAME:
        reasons.append(Reason(SIMILAR_NAME_SAME_BIRTH_DATE, similarity))
    if same_village and similarity >= SIMILAR_NAME:
        reasons.append(Reason(SIMILAR_NAME_SAME_VILLAGE, similarity))
    if same_village and same_birth and similarity < SIMILAR_NAME:
        reasons.append(Reason(SAME_BIRTH_DATE_SAME_VILLAGE, similarity))
    return round(min(points, 10.0) / 10, 2), tuple(reasons)


def _candidate(a: _Prepared, b: _Prepared, counts: Mapping[str, int]) -> Candidate | None:
    if a.person.nik == b.person.nik or a.person.id == b.person.id:
        return None
    scored = _score(a, b, counts.get(a.key, 1), counts.get(b.key, 1))
    if scored is None:
        return None
    id_a, id_b = sorted((a.person.id, b.person.id))
    return Candidate(id_a, id_b, *scored)


def _prepare(person: Person) -> _Prepared:
    key, plain = _forms(person.full_name)
    return _Prepared(person, key, plain, _district(person.village))


def duplicates_of(
    person: Person, others: Iterable[Person], *, name_counts: Mapping[str, int] | None = None
) -> list[Candidate]:
    """Candidates between one record and others fetched by the blocking keys (at registration).
    `name_counts` maps a name key (see name_key) to how many records carry it, when known."""
    one = _prepare(person)
    counts = name_counts or {}
    found = (_candidate(one, _prepare(other), counts) for other in others)
    return sorted((c for c in found if c is not None), key=lambda c: (-c.score, c.id_a, c.id_b))


# -- Blocking -------------------------------------------------------------------------------------

_INDEX_BITS = 22  # up to 4 million records per scan


def _prefixes(key: str) -> set[str]:
    """Name blocks: the first three letters of each token ("I" and "Ni" of Balinese names only
    when nothing else is there)."""
    tokens = key.split()
    return {token[:3] for token in tokens if len(token) > 2} or {token[:3] for token in tokens}


def _groups(entries: list[int]) -> Iterable[list[int]]:
    """Runs of equal keys in (key << _INDEX_BITS | index) integers, as index lists of size 2+."""
    entries.sort()
    mask = (1 << _INDEX_BITS) - 1
    run: list[int] = []
    current = None
    for entry in entries:
        key = entry >> _INDEX_BITS
        if key != current:
            if len(run) > 1:
                yield run
            run, current = [], key
        run.append(entry & mask)
    if len(run) > 1:
        yield run


def _similar_pairs(group: list[int], records: list[_Prepared]) -> Iterable[tuple[int, int]]:
    """Pairs in a name block whose names are similar in either form, compared by rapidfuzz."""
    forms = ([records[i].key for i in group], [records[i].plain for i in group])
    if len(group) <= 12:  # small blocks: a direct call is cheaper than setting up extract()
        for position in range(len(group) - 1):
            for offset in range(position + 1, len(group)):
                if fuzz.ratio(forms[0][position], forms[0][offset], score_cutoff=SIMILAR_NAME) or fuzz.ratio(
                    forms[1][position], forms[1][offset], score_cutoff=SIMILAR_NAME
                ):
                    yield group[position], group[offset]
        return
    for names in forms:
        for position in range(len(group) - 1):
            matches = process.extract(
                names[position],
                names[position + 1 :],
                scorer=fuzz.ratio,
                score_cutoff=SIMILAR_NAME,
                limit=None,
            )
            for _, _, offset in matches:
                yield group[position], group[position + 1 + offset]


def find_duplicates(
    people: Iterable[Person], *, max_block: int = MAX_BLOCK, max_name_block: int = MAX_NAME_BLOCK
) -> Scan:
    """All probable duplicate pairs among `people`, best first, with the blocks that were too
    large to compare."""
    records = [_prepare(person) for person in people]
    if len(records) >= 1 << _INDEX_BITS:
        raise ValueError("too many records for one scan; scan by region")
    counts = Counter(record.key for record in records)
    codes: dict[str, int] = {}

    def code(value: str) -> int:
        return codes.setdefault(value, len(codes) + 1)

    # Block keys are packed into integers (key << _INDEX_BITS | index): a million records then sort
    # in four flat lists instead of filling dictionaries of lists.
    all_pairs: dict[str, list[int]] = {"phone": [], "birth_date_district": []}
    name_pairs: dict[str, list[int]] = {"birth_date_name": [], "district_name": []}
    for index, record in enumerate(records):
        person = record.person
        if person.phone:
            digits = person.phone.lstrip("+")
            phone = int(digits) if digits.isdigit() else code(person.phone)
            all_pairs["phone"].append(phone << _INDEX_BITS | index)
        birth = person.birth_date.toordinal() if person.birth_date else 0
        district = code(record.district)
        if birth:
            all_pairs["birth_date_district"].append((birth << 24 | district) << _INDEX_BITS | index)
        for prefix in _prefixes(record.key):
            token = code(prefix)
            if birth:
                name_pairs["birth_date_name"].append((birth << 24 | token) << _INDEX_BITS | index)
            name_pairs["district_name"].append((district << 24 | token) << _INDEX_BITS | index)

    scan = Scan(candidates=[])
    pairs: set[int] = set()
    width = len(records)
    for kind, entries in all_pairs.items():
        for group in _groups(entries):
            if len(group) > max_block:
                scan.skipped.append(SkippedBlock(kind, len(group), records[group[0]].person.id))
                continue
            for position, i in enumerate(group):
                for j in group[position + 1 :]:
                    pairs.add(i * width + j if i < j else j * width + i)
        entries.clear()
    for kind, entries in name_pairs.items():
        for group in _groups(entries):
            if len(group) > max_name_block:
                scan.skipped.append(SkippedBlock(kind, len(group), records[group[0]].person.id))
                continue
            for i, j in _similar_pairs(group, records):
                pairs.add(i * width + j if i < j else j * width + i)
        entries.clear()

    scan.compared = len(pairs)
    for pair in pairs:
        i, j = divmod(pair, width)
        candidate = _candidate(records[i], records[j], counts)
        if candidate is not None:
            scan.candidates.append(candidate)
    scan.candidates.sort(key=lambda c: (-c.score, c.id_a, c.id_b))
    return scan
