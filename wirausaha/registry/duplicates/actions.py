"""Probable duplicates: one person registered under two NIKs.

Actions (scan, queue after a registration, merge, mark distinct) own their transaction and leave
an audit event; queries.py says which pairs a user may see. The matching itself is the pure
module scoring.py.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from wirausaha.accounts.models import User
from wirausaha.accounts.scoping import verifies_participants
from wirausaha.common.audit import field_changes, new_event, record_event, snapshot
from wirausaha.common.errors import NotFound, PermissionDenied
from wirausaha.common.models import AuditEvent
from wirausaha.common.statistics import refresh_statistics
from wirausaha.reference.models import Region

from ..errors import WrongState
from ..models import DuplicateCandidate, Participant
from ..queries import participants_visible_to
from .incremental import district, duplicates_among
from .scoring import Candidate, Person, duplicates_of, find_duplicates, name_key

PERSON_FIELDS = ("id", "nik", "full_name", "birth_date", "phone", "domicile_id")
# Registration-time lookups are bounded: a phone used for hundreds of registrations (an
# officer's own number) must not make one registration slow.
LOOKUP_LIMIT = 2000
# Fields a merge may fill on the kept record when they are empty there. Identity fields (NIK, name,
# birth date, sex, domicile) are never empty; verification and consent stay the kept record's own.
FILLABLE = (
    "birth_place",
    "phone",
    "email",
    "education",
    "last_employer",
    "employer_sector",
    "job_title",
    "layoff_date",
    "layoff_reason",
    "layoff_evidence",
    "jkp_recipient",
    "business_interest_sector",
    "business_interest",
    "existing_business",
    "existing_business_since",
)


def _person(row: tuple) -> Person:
    return Person(*row[:5], village=row[5])


def _people(participants: QuerySet[Participant]) -> Iterator[Person]:
    for row in participants.order_by().values_list(*PERSON_FIELDS).iterator(chunk_size=5000):
        yield _person(row)


def _as_rows(candidates: Iterable[Candidate]) -> list[DuplicateCandidate]:
    return [
        DuplicateCandidate(
            first_id=c.id_a,
            second_id=c.id_b,
            score=c.score,
            reasons=[reason.as_json() for reason in c.reasons],
        )
        for c in candidates
    ]


def sync_open_duplicates(ids: Iterable[int]) -> None:
    """Recompute `Participant.open_duplicate` (and with it the record's place in the verification
    queue) for these records, after pairs naming them were queued or decided. A plain UPDATE: the
    record's history and `updated_at` do not change, as nothing the person gave changed."""
    ids = sorted(set(ids))
    open_pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).filter(
        Q(first_id=OuterRef("pk")) | Q(second_id=OuterRef("pk"))
    )
    for start in range(0, len(ids), 1000):
        Participant.objects.filter(pk__in=ids[start : start + 1000]).update(open_duplicate=Exists(open_pairs))


def sync_pair_places(ids: Iterable[int]) -> None:
    """Recompute where the pairs naming these records are listed (`DuplicateCandidate`'s shared
    province and regency, and whether both records are still listed), after a pair was queued, a
    record merged away or a record moved to another regency. Only the pairs that changed are
    written, with a plain UPDATE: a pair's `updated_at` is about its decision."""
    ids = sorted(set(ids))
    places = ("province_code", "regency_code", "listed")
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        rows = DuplicateCandidate.objects.filter(Q(first_id__in=chunk) | Q(second_id__in=chunk)).values_list(
            "pk",
            *places,
            *(f"{side}__{name}" for side in ("first", "second") for name in (*places[:2], "merged_into_id")),
        )
        changed = []
        for pk, *now, p1, r1, m1, p2, r2, m2 in rows:
            pair = DuplicateCandidate(
                pk=pk,
                province_code=p1 if p1 == p2 else "",
                regency_code=r1 if r1 == r2 else "",
                listed=m1 is None and m2 is None,
            )
            if [getattr(pair, name) for name in places] != now:
                changed.append(pair)
        DuplicateCandidate.objects.bulk_update(changed, places, batch_size=1000)


def sync_pairs(ids: Iterable[int]) -> None:
    """What the records' pairs decide, kept after pairs naming them were queued or decided, or one
    of them was merged away: each record's place in the verification queue, each pair's place in
    the lists."""
    ids = sorted(set(ids))
    sync_open_duplicates(ids)
    sync_pair_places(ids)


def follow_domicile(sender, participant: Participant, **kwargs) -> None:
    """Receiver of registry.actions.regency_changed, inside the correction's transaction: the
    record's pairs move to the lists of the regency (and province) it moved to."""
    sync_pair_places([participant.pk])


def _ids_of(candidates: Iterable[Candidate]) -> list[int]:
    return [person for c in candidates for person in (c.id_a, c.id_b)]


def _existing_pairs(candidates: list[Candidate]) -> set[tuple[int, int]]:
    firsts = sorted({c.id_a for c in candidates})
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(firsts), 1000):
        chunk = DuplicateCandidate.objects.filter(first_id__in=firsts[start : start + 1000])
        pairs.update(chunk.values_list("first_id", "second_id"))
    return pairs


def scan_duplicates(*, by: User | None = None, region_prefix: str | None = None) -> int:
    """Compare every record not merged away (or those living in `region_prefix`) and queue the
    probable duplicates not queued before; a pair decided once is never queued again. Returns how
    many pairs were queued."""
    participants = Participant.objects.filter(merged_into__isnull=True)
    if region_prefix:
        participants = participants.filter(
            Q(domicile_id=region_prefix) | Q(domicile__code__startswith=f"{region_prefix}.")
        )
    started = timezone.now()
    people = list(_people(participants))
    scan = find_duplicates(people)
    with transaction.atomic():
        existing = _existing_pairs(scan.candidates)
        new = [c for c in scan.candidates if (c.id_a, c.id_b) not in existing]
        DuplicateCandidate.objects.bulk_create(_as_rows(new), batch_size=1000, ignore_conflicts=True)
        sync_pairs(_ids_of(new))
        refresh_statistics(DuplicateCandidate, Participant, rows=len(new))
        # The records compared need no check of their own; one written or corrected since the
        # scan read the registry still does.
        participants.filter(duplicates_checked_at__isnull=True, updated_at__lte=started).update(
            duplicates_checked_at=timezone.now()
        )
        skipped = ", ".join(
            f"{block.kind} x{block.size} (record {block.example_id})" for block in scan.skipped
        )
        record_event(
            by,
            "registry.duplicates_scanned",
            reason=f"region {region_prefix or 'all'}; blocks too large to compare: {skipped or 'none'}",
            changes={
                "records": [None, len(people)],
                "pairs_compared": [None, scan.compared],
                "candidates_found": [None, len(scan.candidates)],
                "candidates_queued": [None, len(new)],
                "blocks_skipped": [None, len(scan.skipped)],
            },
        )
    return len(new)


def _places_of(domicile: str) -> list[str]:
    """The same village and its district; for a record known only by district, every village in it."""
    parts = domicile.split(".")
    if len(parts) >= 4:
        return [domicile, ".".join(parts[:3])]
    return [domicile, *Region.objects.filter(parent_id=domicile).values_list("code", flat=True)]


def _block_members(batch: list[Person]) -> Iterator[Person]:
    """Every record not merged away that shares a block of the full scan with one of `batch`: the
    same phone, birth date or district (the villages of the districts are read first, so that each
    condition is an indexed lookup). Two queries, whatever the size of the batch."""
    districts = {district(person.village) for person in batch}
    places = [*districts, *Region.objects.filter(parent_id__in=districts).values_list("code", flat=True)]
    where = Q(birth_date__in={person.birth_date for person in batch if person.birth_date}) | Q(
        domicile_id__in=places
    )
    if phones := {person.phone for person in batch if person.phone}:
        where |= Q(phone__in=phones)
    return _people(Participant.objects.filter(where, merged_into__isnull=True))


def check_pending_duplicates(*, limit: int = 500) -> int:
    """The duplicate check of records not checked yet (new registrations, imported rows, corrected
    names, birth dates, phones or domiciles), oldest first, at most `limit` of them, with the full
    scan's blocking: the members of their blocks are read in a few queries for the whole batch and
    compared by incremental.py. The records are claimed with row locks that other checkers skip,
    and marked checked in the same transaction: a failed check leaves them for the next run.
    Returns how many were checked."""
    with transaction.atomic():
        rows = list(
            Participant.objects.filter(duplicates_checked_at__isnull=True)
            .order_by("id")
            .select_for_update(skip_locked=True)
            .values_list(*PERSON_FIELDS, "merged_into_id")[:limit]
        )
        batch = [_person(row) for row in rows if row[-1] is None]
        if batch:
            _queue_new_pairs(batch, duplicates_among(batch, _block_members(batch)).candidates)
        checked = Participant.objects.filter(pk__in=[row[0] for row in rows])
        checked.update(duplicates_checked_at=timezone.now())
    return len(rows)


def _queue_new_pairs(batch: list[Person], found: list[Candidate]) -> None:
    """Queue the pairs not queued or decided before, each with an audit event on the pending record
    that found it (the older one when both are pending), as the check one record at a time did."""
    existing = _existing_pairs(found)
    new = [c for c in found if (c.id_a, c.id_b) not in existing]
    if not new:
        return
    DuplicateCandidate.objects.bulk_create(_as_rows(new), batch_size=1000, ignore_conflicts=True)
    sync_pairs(_ids_of(new))
    people = {person.id: person for person in batch}
    queued: dict[int, int] = {}
    for c in new:
        finder = c.id_a if c.id_a in people else c.id_b
        queued[finder] = queued.get(finder, 0) + 1
    AuditEvent.objects.bulk_create(
        [
            new_event(
                None,
                "participant.duplicates_queued",
                Participant(pk=pk, nik=people[pk].nik, full_name=people[pk].full_name),
                changes={"possible_duplicates": [None, count]},
            )
            for pk, count in sorted(queued.items())
        ],
        batch_size=1000,
    )


@transaction.atomic
def queue_duplicates_of(participant: Participant) -> list[DuplicateCandidate]:
    """After a registration or a correction: compare the record with those sharing its phone, its
    birth date or its village (indexed lookups only) and queue the probable duplicates. Returns the
    queue rows of every pair found, new or not."""
    unmerged = Participant.objects.filter(merged_into__isnull=True).exclude(pk=participant.pk)
    lookups = [
        unmerged.filter(birth_date=participant.birth_date),
        unmerged.filter(domicile_id__in=_places_of(participant.domicile_id)),
    ]
    if participant.phone:
        lookups.append(unmerged.filter(phone=participant.phone))
    others: dict[int, Person] = {}
    for lookup in lookups:
        for row in lookup.order_by("-id").values_list(*PERSON_FIELDS)[:LOOKUP_LIMIT]:
            others.setdefault(row[0], _person(row))
    one = _person(tuple(getattr(participant, name) for name in PERSON_FIELDS))
    names = {one.full_name} | {other.full_name for other in others.values()}
    counts: dict[str, int] = {}
    named = (
        Participant.objects.filter(full_name__in=names, merged_into__isnull=True)
        .values("full_name")
        .annotate(n=Count("id"))
    )
    for row in named:
        key = name_key(row["full_name"])
        counts[key] = counts.get(key, 0) + row["n"]
    found = duplicates_of(one, others.values(), name_counts=counts)
    if not found:
        return []
    existing = _existing_pairs(found)
    new = [c for c in found if (c.id_a, c.id_b) not in existing]
    DuplicateCandidate.objects.bulk_create(_as_rows(new), ignore_conflicts=True)
    sync_pairs(_ids_of(new))
    if new:
        record_event(
            None,
            "participant.duplicates_queued",
            participant,
            changes={"possible_duplicates": [None, len(new)]},
        )
    pairs = Q()
    for c in found:
        pairs |= Q(first_id=c.id_a, second_id=c.id_b)
    return list(DuplicateCandidate.objects.filter(pairs).order_by("-score", "id"))


# -- Merge ----------------------------------------------------------------------------------------


def _empty(value: Any) -> bool:
    if isinstance(value, FieldFile):
        return not value.name
    return value is None or value == ""


def _attname(name: str) -> str:
    return Participant._meta.get_field(name).attname


@dataclass
class MergePlan:
    """What a merge will do, shown before it is confirmed and then carried out as shown."""

    keep: Participant
    drop: Participant
    # Field name -> the other record's value, for the kept record's empty fields.
    filled: dict[str, Any] = field(default_factory=dict)
    # Fields whose other value cannot be taken over, with why.
    not_filled: dict[str, str] = field(default_factory=dict)
    # Fields where both records have a value and they differ: the kept record's value stays.
    kept: list[str] = field(default_factory=list)
    moves_account: bool = False
    account_stays: bool = False


def merge_plan(keep: Participant, drop: Participant) -> MergePlan:
    """Fill the kept record's empty fields from the other one, never overwrite; move the account
    when only the other record has one."""
    plan = MergePlan(keep=keep, drop=drop)
    for name in FILLABLE:
        attname = _attname(name)
        ours, theirs = getattr(keep, attname), getattr(drop, attname)
        if _empty(theirs):
            continue
        if not _empty(ours):
            if ours != theirs:
                plan.kept.append(name)
            continue
        if name == "layoff_date" and theirs <= keep.birth_date:
            plan.not_filled[name] = _("it is not after the kept record's date of birth")
            continue
        plan.filled[name] = getattr(drop, name)
    for name in ("full_name", "birth_date", "sex", "domicile"):
        if getattr(keep, _attname(name)) != getattr(drop, _attname(name)):
            plan.kept.append(name)
    plan.moves_account = bool(drop.user_id) and not keep.user_id
    plan.account_stays = bool(drop.user_id) and bool(keep.user_id)
    return plan


def _check_reviewer(by: User | None, participants: Iterable[Participant]) -> None:
    """A person may decide on duplicates when they verify registrations and see both records.
    `by=None` is an operator's command."""
    if by is None:
        return
    if not verifies_participants(by):
        raise PermissionDenied(_("Only the labour office or a national admin decides on duplicates."))
    ids = [participant.pk for participant in participants]
    if participants_visible_to(by).filter(pk__in=ids).count() != len(set(ids)):
        raise NotFound(_("Participant not found."))


@transaction.atomic
def merge_participants(
    *, keep: Participant, drop: Participant, by: User | None, reason: str = ""
) -> Participant:
    """Merge `drop` into `keep`. Nothing is deleted: `keep`'s empty fields are filled from `drop`
    (never overwritten), `drop`'s account moves to `keep` when `keep` has none, and `drop` stays,
    marked as merged into `keep`, out of every list."""
    if keep.pk == drop.pk:
        raise WrongState(_("A record cannot be merged into itself."))
    locked = {
        p.pk: p
        for p in Participant.objects.select_for_update().filter(pk__in=[keep.pk, drop.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise NotFound(_("Participant not found."))
    keep, drop = locked[keep.pk], locked[drop.pk]
    if keep.merged_into_id or drop.merged_into_id:
        raise WrongState(_("One of these records has been merged already."))
    _check_reviewer(by, [keep, drop])

    plan = merge_plan(keep, drop)
    fields = [_attname(name) for name in plan.filled]
    before = snapshot(keep, [*fields, "user_id"])
    for attname in fields:
        setattr(keep, attname, getattr(drop, attname))
    drop_account = drop.user_id
    drop.merged_into = keep
    if plan.moves_account:
        drop.user = None
    # The account is released by the merged record before the kept one takes it (one to one).
    drop.save(update_fields=["merged_into", "user", "updated_at"])
    if plan.moves_account:
        keep.user_id = drop_account
    keep.save(update_fields=[*fields, "user", "updated_at"])

    now = timezone.now()
    first, second = sorted((keep.pk, drop.pk))
    DuplicateCandidate.objects.filter(first_id=first, second_id=second).update(
        status=DuplicateCandidate.Status.MERGED, decided_by=by, decided_at=now, updated_at=now
    )
    sync_pairs([first, second])
    changes = field_changes(before, snapshot(keep, [*fields, "user_id"]))
    record_event(
        by, "participant.merged", keep, reason=reason, changes={**changes, "merged_from": [None, drop.pk]}
    )
    drop_changes: dict[str, list] = {"merged_into": [None, keep.pk]}
    if plan.moves_account:
        drop_changes["user_id"] = [drop_account, None]
    elif plan.account_stays:
        drop_changes["account_left_on_merged_record"] = [None, drop_account]
    record_event(by, "participant.merged_into", drop, reason=reason, changes=drop_changes)
    # The kept record may now match others that the merged one matched.
    queue_duplicates_of(keep)
    return keep


@transaction.atomic
def mark_distinct(candidate: DuplicateCandidate, *, by: User | None, reason: str = "") -> DuplicateCandidate:
    """Two different people after all: the pair leaves the queue and is never queued again."""
    candidate = (
        DuplicateCandidate.objects.select_for_update().select_related("first", "second").get(pk=candidate.pk)
    )
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise WrongState(_("This pair has been decided already."))
    _check_reviewer(by, [candidate.first, candidate.second])
    candidate.status = DuplicateCandidate.Status.DISTINCT
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    sync_pairs([candidate.first_id, candidate.second_id])
    record_event(
        by,
        "duplicate.marked_distinct",
        candidate,
        reason=reason,
        changes={
            "status": [DuplicateCandidate.Status.OPEN, DuplicateCandidate.Status.DISTINCT],
            "participants": [None, f"{candidate.first_id},{candidate.second_id}"],
        },
    )
    return candidate
