"""The duplicate check of a batch of new records, with the full scan's blocking (scoring.py).

Pure, like scoring.py. The caller loads, for a batch of pending records, every record that could
share a block with one of them (the same phone, birth date or district: a few indexed queries for
the whole batch), and this compares each pending record with the members of its blocks only, the
same blocks and caps as `find_duplicates`: a pair it finds is a pair the full scan finds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process

from .scoring import (
    MAX_BLOCK,
    MAX_NAME_BLOCK,
    SIMILAR_NAME,
    Person,
    Scan,
    SkippedBlock,
    _candidate,
    _prefixes,
    _prepare,
    _Prepared,
)

# Above this many members, a pending record's name is compared with its block by rapidfuzz.cdist.
DIRECT = 12
# The full scan's blocks: those whose pairs are all scored, and name blocks filtered by rapidfuzz.
ALL_PAIRS = ("phone", "birth_date_district")
NAME_PAIRS = ("birth_date_name", "district_name")


def district(code: str) -> str:
    """The district (kecamatan) of a village code, or the code itself when it is a district."""
    return ".".join(code.split(".")[:3])


def _similar(pending: list[int], group: list[int], records: list[_Prepared]) -> Iterable[tuple[int, int]]:
    """(pending, member) pairs of a name block whose names are similar in either form."""
    if len(group) <= DIRECT:
        for i in pending:
            for j in group:
                if i != j and (
                    fuzz.ratio(records[i].key, records[j].key, score_cutoff=SIMILAR_NAME)
                    or fuzz.ratio(records[i].plain, records[j].plain, score_cutoff=SIMILAR_NAME)
                ):
                    yield i, j
        return
    for form in ("key", "plain"):
        scores = process.cdist(
            [getattr(records[i], form) for i in pending],
            [getattr(records[j], form) for j in group],
            scorer=fuzz.ratio,
            score_cutoff=SIMILAR_NAME,
            dtype="uint8",
        )
        for row, column in zip(*scores.nonzero(), strict=True):
            i, j = pending[row], group[column]
            if i != j:
                yield i, j


def duplicates_among(
    pending: Iterable[Person],
    others: Iterable[Person],
    *,
    name_counts: Mapping[str, int] | None = None,
    max_block: int = MAX_BLOCK,
    max_name_block: int = MAX_NAME_BLOCK,
) -> Scan:
    """Probable duplicate pairs with at least one record of `pending`, best first. `others` must hold
    every record sharing a phone, a birth date or a district with a pending one (more does no
    harm); a block then holds what the full scan's does, and a block over its cap is skipped and
    reported the same way. `name_counts` (name key to records) defaults to counts over the records
    given: the pending ones and their blocks."""
    records: list[_Prepared] = []
    seen: set[int] = set()
    for person in pending:
        if person.id not in seen:
            seen.add(person.id)
            records.append(_prepare(person))
    pending_count = len(records)
    for person in others:
        if person.id not in seen:
            seen.add(person.id)
            records.append(_prepare(person))
    counts = name_counts if name_counts is not None else Counter(record.key for record in records)

    all_pairs: dict[str, dict[tuple, list[int]]] = {kind: defaultdict(list) for kind in ALL_PAIRS}
    name_pairs: dict[str, dict[tuple, list[int]]] = {kind: defaultdict(list) for kind in NAME_PAIRS}
    for index, record in enumerate(records):
        person = record.person
        if person.phone:
            all_pairs["phone"][(person.phone.lstrip("+"),)].append(index)
        if person.birth_date:
            all_pairs["birth_date_district"][(person.birth_date, record.district)].append(index)
        for prefix in _prefixes(record.key):
            if person.birth_date:
                name_pairs["birth_date_name"][(person.birth_date, prefix)].append(index)
            name_pairs["district_name"][(record.district, prefix)].append(index)

    scan = Scan(candidates=[])
    pairs: set[tuple[int, int]] = set()
    for kind, blocks in [*all_pairs.items(), *name_pairs.items()]:
        cap = max_block if kind in all_pairs else max_name_block
        for group in blocks.values():
            mine = [i for i in group if i < pending_count]
            if not mine or len(group) < 2:
                continue
            if len(group) > cap:
                scan.skipped.append(SkippedBlock(kind, len(group), records[min(group)].person.id))
                continue
            if kind in all_pairs:
                found: Iterable[tuple[int, int]] = ((i, j) for i in mine for j in group if i != j)
            else:
                found = _similar(mine, group, records)
            pairs.update((i, j) if i < j else (j, i) for i, j in found)

    scan.compared = len(pairs)
    for i, j in pairs:
        candidate = _candidate(records[i], records[j], counts)
        if candidate is not None:
            scan.candidates.append(candidate)
    scan.candidates.sort(key=lambda c: (-c.score, c.id_a, c.id_b))
    return scan
