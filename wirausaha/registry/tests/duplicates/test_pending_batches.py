"""The check of pending records (after an import) uses the full scan's blocking for a whole batch:
it finds the pairs the full scan finds, and its queries do not grow with the batch."""

import random
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wirausaha.common.models import AuditEvent
from wirausaha.reference.models import Region
from wirausaha.registry.duplicates.actions import PERSON_FIELDS, _person, check_pending_duplicates
from wirausaha.registry.duplicates.incremental import duplicates_among
from wirausaha.registry.duplicates.scoring import find_duplicates
from wirausaha.registry.models import DuplicateCandidate, Participant
from wirausaha.testing import make_participant

GIVEN = ["Siti", "Sri", "Dewi", "Nur", "Ayu", "Rina", "Muhammad", "Agus", "Budi", "Joko"]
FAMILY = ["Rahmawati", "Lestari", "Wahyuni", "Santoso", "Hidayat", "Saputra", "Nugroho"]


def generated(count: int, seed: int = 7) -> list[Participant]:
    """People in one district (a few villages, and some known only by the district), birth dates
    and phones from small pools so blocks collide; every tenth is registered twice under another
    NIK with a title or a slip in the name."""
    rng = random.Random(seed)
    villages = [
        *Region.objects.filter(parent_id="32.16.01").order_by("code").values_list("code", flat=True)[:3]
    ]
    villages.append("32.16.01")
    people = []
    for number in range(count):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        born = date(1980, 1, 1) + timedelta(days=rng.randrange(60))
        phone = f"+62812{rng.randrange(40):07d}" if rng.random() < 0.7 else ""
        village = rng.choice(villages)
        people.append(make_participant(name, village=village, birth_date=born, phone=phone))
        if number % 10 == 0:  # the injected duplicate
            twin = "Hj. " + name if rng.random() < 0.5 else name.replace("i", "y", 1)
            people.append(make_participant(twin, village=village, birth_date=born, phone=phone))
    return people


def everyone() -> list:
    return [_person(row) for row in Participant.objects.order_by("id").values_list(*PERSON_FIELDS)]


def test_the_batched_check_finds_the_pairs_of_the_full_scan(db):
    generated(60)
    expected = {(c.id_a, c.id_b) for c in find_duplicates(everyone()).candidates}
    assert len(expected) >= 6  # at least the injected ones

    while check_pending_duplicates(limit=7):  # pairs within a batch and across batches
        pass

    assert set(DuplicateCandidate.objects.values_list("first_id", "second_id")) == expected
    assert not Participant.objects.filter(duplicates_checked_at__isnull=True).exists()
    audited = AuditEvent.objects.filter(verb="participant.duplicates_queued")
    assert sum(event.changes["possible_duplicates"][1] for event in audited) == len(expected)


def test_the_pure_check_of_some_records_finds_the_full_scans_pairs_that_touch_them(db):
    generated(60, seed=11)
    people = everyone()
    pending = people[::3]
    ids = {person.id for person in pending}
    expected = {
        (c.id_a, c.id_b) for c in find_duplicates(people).candidates if c.id_a in ids or c.id_b in ids
    }

    found = duplicates_among(pending, people)

    assert {(c.id_a, c.id_b) for c in found.candidates} == expected
    assert expected


def queries_to_check(count: int, seed: int) -> int:
    generated(count, seed=seed)
    pending = Participant.objects.filter(duplicates_checked_at__isnull=True).count()
    with CaptureQueriesContext(connection) as queries:
        checked = check_pending_duplicates(limit=1000)
    assert checked == pending
    return len(queries)


def test_the_queries_of_a_batch_do_not_grow_with_its_size(db):
    small = queries_to_check(10, seed=1)
    large = queries_to_check(80, seed=2)

    assert DuplicateCandidate.objects.exists()
    # 12: the pairs' shared areas are read and stored in two more (sync_pair_places).
    assert small == large <= 12
