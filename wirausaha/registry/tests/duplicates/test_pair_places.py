"""Where a probable-duplicate pair is listed: the office of the regency or province both records
live in, kept on the pair (shared province and regency, both records listed) by the actions that
queue pairs, merge records and move a record's domicile."""

import pytest

from wirausaha.registry.actions import update_participant
from wirausaha.registry.duplicates.actions import merge_participants, scan_duplicates, sync_pairs
from wirausaha.registry.duplicates.queries import duplicate_candidates_visible_to
from wirausaha.registry.models import DuplicateCandidate
from wirausaha.testing import make_participant

pytestmark = pytest.mark.django_db

BANDUNG = "32.73.01.1001"
DENPASAR = "51.71.01.1001"


@pytest.fixture
def candidate():
    make_participant("Siti Rahmawati", village="32.16.01.2001")
    make_participant("Hj. Siti Rahmawati", village="32.16.01.2001")
    scan_duplicates()
    return DuplicateCandidate.objects.get()


def visible(user) -> set[int]:
    return set(duplicate_candidates_visible_to(user).values_list("pk", flat=True))


def test_a_queued_pair_knows_the_regency_and_province_both_records_live_in(candidate):
    assert (candidate.province_code, candidate.regency_code, candidate.listed) == ("32", "32.16", True)


def test_pairs_are_visible_only_when_both_records_are(
    candidate, national_admin, bekasi_officer, jabar_officer, bali_officer
):
    bandung = make_participant("Siti Rahmawati", village=BANDUNG, phone="+6285555555555")
    across = DuplicateCandidate.objects.create(
        first=candidate.first, second=bandung, score=0.6, reasons=[{"code": "same_name_and_birth_date"}]
    )
    sync_pairs([candidate.first_id, bandung.pk])  # as the actions that queue a pair do

    across.refresh_from_db()
    assert (across.province_code, across.regency_code) == ("32", "")
    assert visible(bekasi_officer) == {candidate.pk}
    assert visible(jabar_officer) == {candidate.pk, across.pk}
    assert visible(national_admin) == {candidate.pk, across.pk}
    assert visible(bali_officer) == set()


def test_a_pair_follows_a_record_that_moves_to_another_regency_and_province(
    candidate, national_admin, bekasi_officer, jabar_officer, bali_officer
):
    update_participant(candidate.second, data={"domicile": BANDUNG}, by=national_admin)
    assert visible(bekasi_officer) == set()
    assert visible(jabar_officer) == {candidate.pk}

    update_participant(candidate.second, data={"domicile": DENPASAR}, by=national_admin)
    assert visible(jabar_officer) == set()
    assert visible(bali_officer) == set()
    assert visible(national_admin) == {candidate.pk}

    update_participant(candidate.second, data={"domicile": "32.16.01.2001"}, by=national_admin)
    assert visible(bekasi_officer) == {candidate.pk}


def test_every_pair_naming_a_merged_record_leaves_the_lists(candidate, national_admin, bekasi_officer):
    third = make_participant("Siti Rahmawaty", village="32.16.01.2001", phone="+6287777777777")
    other = DuplicateCandidate.objects.create(first=candidate.second, second=third, score=0.5, reasons=[])
    sync_pairs([candidate.second_id, third.pk])
    assert visible(bekasi_officer) == {candidate.pk, other.pk}

    merge_participants(keep=candidate.first, drop=candidate.second, by=bekasi_officer)

    other.refresh_from_db()
    assert other.listed is False
    assert candidate.pk not in visible(bekasi_officer) and other.pk not in visible(bekasi_officer)
    assert candidate.pk not in visible(national_admin) and other.pk not in visible(national_admin)
