"""Probable duplicates: the scan, the queue after a registration, merging, marking distinct, who
may see which pair, and the review pages."""

from datetime import date
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wirausaha.accounts.models import Role
from wirausaha.common.errors import PermissionDenied
from wirausaha.common.masking import mask_nik
from wirausaha.common.models import AuditEvent
from wirausaha.registry.actions import update_participant
from wirausaha.registry.duplicates.actions import (
    check_pending_duplicates,
    mark_distinct,
    merge_participants,
    queue_duplicates_of,
    scan_duplicates,
)
from wirausaha.registry.duplicates.queries import duplicate_candidates_visible_to
from wirausaha.registry.errors import WrongState
from wirausaha.registry.models import DuplicateCandidate, Participant
from wirausaha.registry.queries import participants_visible_to
from wirausaha.testing import make_participant, make_user

pytestmark = pytest.mark.django_db

PHONE = "+6281234567890"
BORN = date(1985, 8, 5)


def codes(candidate: DuplicateCandidate) -> set[str]:
    return {reason["code"] for reason in candidate.reasons}


def bekasi_pair(phone: str = PHONE) -> tuple[Participant, Participant]:
    """One woman registered twice in Tarumajaya (Kabupaten Bekasi) under two NIKs."""
    first = make_participant("Siti Rahmawati", village="32.16.01.2001", phone=phone)
    second = make_participant("Hj. Siti Rahmawati", village="32.16.01.2001", phone=phone)
    return first, second


@pytest.fixture
def pair():
    return bekasi_pair()


@pytest.fixture
def candidate(pair):
    scan_duplicates()
    return DuplicateCandidate.objects.get()


# -- Scan and queue -------------------------------------------------------------------------------


def test_scan_queues_probable_duplicates_with_their_reasons(pair):
    make_participant(
        "Budi Santoso", village="32.16.02.2001", sex="M", birth_date=date(1990, 1, 2), phone="+6281311112222"
    )
    make_participant("Made Wirawan", village="51.71.01.1001", sex="M", phone="+6281399998888")

    queued = scan_duplicates()

    assert queued == 1
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.first_id, candidate.second_id) == tuple(sorted(p.pk for p in pair))
    assert codes(candidate) == {"same_phone", "same_name_and_birth_date", "similar_name_same_village"}
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert 0 < candidate.score <= 1
    event = AuditEvent.objects.get(verb="registry.duplicates_scanned")
    assert event.changes["candidates_queued"] == [None, 1]
    assert event.changes["records"] == [None, 4]


def test_a_second_scan_queues_nothing_again(pair):
    assert scan_duplicates() == 1

    assert scan_duplicates() == 0
    assert DuplicateCandidate.objects.count() == 1


def test_a_scan_of_another_region_leaves_the_pair_alone(pair):
    assert scan_duplicates(region_prefix="51") == 0
    assert scan_duplicates(region_prefix="32.16") == 1


def test_a_pair_marked_distinct_is_not_queued_again(candidate, bekasi_officer):
    mark_distinct(candidate, by=bekasi_officer)

    assert scan_duplicates() == 0
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISTINCT


def test_merged_records_are_not_scanned(candidate, bekasi_officer):
    merge_participants(keep=candidate.first, drop=candidate.second, by=bekasi_officer)
    DuplicateCandidate.objects.all().delete()

    assert scan_duplicates() == 0


def test_a_new_registration_is_compared_with_records_sharing_a_key(django_assert_max_num_queries):
    first = make_participant("Siti Rahmawati", phone="+6281111111111")
    make_participant("Siti Rahmawati", village="51.71.01.1001", birth_date=date(1970, 1, 2), phone="+6282222")
    second = make_participant("Rahmawati Siti", village="32.16.01.2002", phone="+6283333333333")

    # 2 of them find the pair's shared area and store it (sync_pair_places).
    with django_assert_max_num_queries(14):
        queued = queue_duplicates_of(second)

    (candidate,) = queued
    assert (candidate.first_id, candidate.second_id) == (first.pk, second.pk)
    assert "same_name_and_birth_date" in codes(candidate)
    assert AuditEvent.objects.filter(verb="participant.duplicates_queued", target_id=str(second.pk)).exists()
    # Asking again returns the same row and queues nothing new.
    assert [c.pk for c in queue_duplicates_of(second)] == [candidate.pk]
    assert DuplicateCandidate.objects.count() == 1


def test_a_registration_without_a_probable_duplicate_queues_nothing():
    make_participant("Budi Santoso", sex="M", birth_date=date(1990, 1, 2), phone="+6281111111111")
    alone = make_participant("Siti Rahmawati", phone="+6282222222222")

    assert queue_duplicates_of(alone) == []
    assert not AuditEvent.objects.filter(verb="participant.duplicates_queued").exists()


def pending() -> set[int]:
    return set(Participant.objects.filter(duplicates_checked_at__isnull=True).values_list("pk", flat=True))


def test_the_pending_check_compares_each_new_record_once_oldest_first(pair):
    first, second = pair
    third = make_participant("Budi Santoso", sex="M", birth_date=date(1990, 1, 2), phone="+6281111111111")
    assert pending() == {first.pk, second.pk, third.pk}

    assert check_pending_duplicates(limit=2) == 2
    assert pending() == {third.pk}
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.first_id, candidate.second_id) == (first.pk, second.pk)
    assert check_pending_duplicates(limit=2) == 1
    assert check_pending_duplicates() == 0
    assert DuplicateCandidate.objects.count() == 1


def test_a_merged_record_waiting_for_its_check_is_marked_without_one(candidate, bekasi_officer):
    merge_participants(keep=candidate.first, drop=candidate.second, by=bekasi_officer)
    DuplicateCandidate.objects.all().delete()
    Participant.objects.update(duplicates_checked_at=None)  # as if the merge came first

    assert check_pending_duplicates() == 2
    assert not pending()
    assert not DuplicateCandidate.objects.exists()


def test_a_correction_of_what_the_check_compares_asks_for_a_new_check(pair):
    first, _second = pair
    check_pending_duplicates()
    account = make_user("pemilik", Role.PARTICIPANT)

    update_participant(first, data={"email": "siti@example.id"}, by=account)
    assert not pending()
    update_participant(first, data={"phone": "0812 9999 0000"}, by=account)
    assert pending() == {first.pk}


def test_a_whole_scan_marks_the_records_it_compared(pair):
    outside = make_participant("I Made Suta", village="51.71.01.1001", sex="M", phone="+6285555555555")

    scan_duplicates(region_prefix="32.16")

    assert pending() == {outside.pk}


def test_the_pending_command_checks_everything_waiting_and_says_how_many(pair):
    out = StringIO()
    call_command("scan_duplicates", "--pending", stdout=out)

    assert out.getvalue().strip() == "Duplicate check: 2 records checked"
    assert DuplicateCandidate.objects.count() == 1
    assert not pending()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--loop"], "--loop works with --pending only."),
        (["--pending", "--region", "32.16"], "--region works with a whole scan only, not with --pending."),
        (["--pending", "--loop", "--interval", "0"], "--interval must be more than 0 seconds."),
    ],
)
def test_the_command_refuses_options_that_do_not_go_together(arguments, message):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("scan_duplicates", *arguments)


# -- Merge ----------------------------------------------------------------------------------------


def test_merge_fills_empty_fields_moves_the_account_and_deletes_nothing(candidate, bekasi_officer):
    keep, drop = candidate.first, candidate.second
    account = make_user("siti-hp", Role.PARTICIPANT)
    Participant.objects.filter(pk=keep.pk).update(phone="", email="", job_title="", birth_place="Bekasi")
    Participant.objects.filter(pk=drop.pk).update(
        phone=PHONE, email="siti@example.org", job_title="Operator jahit", birth_place="Jakarta", user=account
    )

    merged = merge_participants(
        keep=keep, drop=drop, by=bekasi_officer, reason="Same KTP shown at the office"
    )

    keep.refresh_from_db()
    drop.refresh_from_db()
    assert merged == keep
    assert (keep.email, keep.job_title, keep.phone) == ("siti@example.org", "Operator jahit", PHONE)
    assert keep.birth_place == "Bekasi"  # filled fields only: never overwritten
    assert keep.user == account and drop.user is None
    assert drop.merged_into == keep  # kept, not deleted
    assert drop.email == "siti@example.org"  # and unchanged
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.MERGED
    assert candidate.decided_by == bekasi_officer and candidate.decided_at is not None

    event = AuditEvent.objects.get(verb="participant.merged")
    assert event.actor == bekasi_officer
    assert event.target_id == str(keep.pk)
    assert event.reason == "Same KTP shown at the office"
    assert event.changes["email"] == ["", "siti@example.org"]
    assert event.changes["job_title"] == ["", "Operator jahit"]
    assert event.changes["user_id"] == [None, account.pk]
    assert event.changes["merged_from"] == [None, drop.pk]
    assert PHONE not in str(event.changes)  # the phone is masked in the trail
    assert "phone" in event.changes
    assert "birth_place" not in event.changes
    merged_into = AuditEvent.objects.get(verb="participant.merged_into")
    assert merged_into.target_id == str(drop.pk)
    assert merged_into.changes["merged_into"] == [None, keep.pk]


def test_a_merged_record_leaves_every_list(candidate, bekasi_officer):
    keep, drop = candidate.first, candidate.second

    merge_participants(keep=keep, drop=drop, by=bekasi_officer)

    visible = participants_visible_to(bekasi_officer)
    assert visible.filter(pk=keep.pk).exists()
    assert not visible.filter(pk=drop.pk).exists()
    assert not duplicate_candidates_visible_to(bekasi_officer).exists()
    assert Participant.objects.filter(pk=drop.pk).exists()


def test_when_both_records_have_an_account_each_keeps_its_own(candidate, bekasi_officer):
    keep, drop = candidate.first, candidate.second
    keep_account, drop_account = make_user("siti-a", Role.PARTICIPANT), make_user("siti-b", Role.PARTICIPANT)
    Participant.objects.filter(pk=keep.pk).update(user=keep_account)
    Participant.objects.filter(pk=drop.pk).update(user=drop_account)

    merge_participants(keep=keep, drop=drop, by=bekasi_officer)

    keep.refresh_from_db()
    drop.refresh_from_db()
    assert (keep.user, drop.user) == (keep_account, drop_account)
    event = AuditEvent.objects.get(verb="participant.merged_into")
    assert event.changes["account_left_on_merged_record"] == [None, drop_account.pk]


def test_a_layoff_date_before_the_kept_birth_date_is_not_taken_over(bekasi_officer):
    keep = make_participant("Siti Rahmawati", birth_date=date(2001, 5, 5), phone="+6281111111111")
    drop = make_participant("Siti Rahmawati", birth_date=date(2001, 5, 5), phone="+6281111111111")
    Participant.objects.filter(pk=keep.pk).update(layoff_date=None)
    Participant.objects.filter(pk=drop.pk).update(birth_date=date(1980, 1, 1), layoff_date=date(1999, 1, 1))

    merge_participants(keep=keep, drop=drop, by=bekasi_officer)

    keep.refresh_from_db()
    assert keep.layoff_date is None


def test_merge_refuses_a_record_into_itself_and_an_already_merged_one(pair, bekasi_officer):
    first, second = pair
    third = make_participant("Siti Rahmawati", phone=PHONE)

    with pytest.raises(WrongState):
        merge_participants(keep=first, drop=first, by=bekasi_officer)
    merge_participants(keep=first, drop=second, by=bekasi_officer)
    with pytest.raises(WrongState):
        merge_participants(keep=third, drop=second, by=bekasi_officer)
    with pytest.raises(WrongState):
        merge_participants(keep=second, drop=third, by=bekasi_officer)
    assert AuditEvent.objects.filter(verb="participant.merged").count() == 1


def test_only_those_who_verify_may_merge(candidate, auditor):
    with pytest.raises(PermissionDenied):
        merge_participants(keep=candidate.first, drop=candidate.second, by=auditor)
    assert not Participant.objects.filter(merged_into__isnull=False).exists()


# -- Mark distinct --------------------------------------------------------------------------------


def test_mark_distinct_records_the_decision(candidate, bekasi_officer):
    mark_distinct(candidate, by=bekasi_officer, reason="Mother and daughter, same name")

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISTINCT
    assert candidate.decided_by == bekasi_officer
    event = AuditEvent.objects.get(verb="duplicate.marked_distinct")
    assert event.reason == "Mother and daughter, same name"
    assert event.changes["status"] == ["open", "distinct"]
    with pytest.raises(WrongState):
        mark_distinct(candidate, by=bekasi_officer)


# -- Scoping --------------------------------------------------------------------------------------


def test_bali_officer_can_neither_see_nor_decide_a_bekasi_pair(client, candidate, bali_officer):
    client.force_login(bali_officer)
    keep = candidate.first_id

    assert client.get(f"/peserta/duplikat/{candidate.pk}/").status_code == HTTPStatus.NOT_FOUND
    assert (
        client.get(f"/peserta/duplikat/{candidate.pk}/gabung/?keep={keep}").status_code
        == HTTPStatus.NOT_FOUND
    )
    merge = client.post(f"/peserta/duplikat/{candidate.pk}/gabungkan/", {"keep": keep})
    distinct = client.post(f"/peserta/duplikat/{candidate.pk}/berbeda/")
    assert merge.status_code == distinct.status_code == HTTPStatus.NOT_FOUND
    listing = client.get("/peserta/duplikat/")
    assert listing.status_code == HTTPStatus.OK
    assert candidate.first.full_name not in listing.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN


def test_roles_without_a_participant_list_get_404(client, candidate, centre_operator, participant_user):
    for user in (centre_operator, participant_user):
        client.force_login(user)
        assert client.get("/peserta/duplikat/").status_code == HTTPStatus.NOT_FOUND
        assert client.get(f"/peserta/duplikat/{candidate.pk}/").status_code == HTTPStatus.NOT_FOUND


# -- Pages ----------------------------------------------------------------------------------------


def test_officer_sees_the_list_with_reasons_in_words(client, candidate, bekasi_officer):
    client.force_login(bekasi_officer)

    response = client.get("/peserta/duplikat/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    (shown,) = response.context["page"].object_list
    assert shown == candidate
    assert len(shown.reason_texts) == 3
    for text in shown.reason_texts:
        assert text in html
        assert "_" not in text  # words, not codes
    assert f"/peserta/duplikat/{candidate.pk}/" in html


def test_the_list_says_how_many_records_in_the_area_still_wait_for_their_check(
    client, candidate, bekasi_officer
):
    make_participant("Budi Santoso", sex="M", birth_date=date(1990, 1, 2), phone="+6281111111111")
    make_participant("I Made Suta", village="51.71.01.1001", sex="M", phone="+6285555555555")
    client.force_login(bekasi_officer)

    html = client.get("/peserta/duplikat/").content.decode()
    assert "1 data di wilayah Anda (baru, hasil impor, atau baru diperbaiki) masih menunggu" in html

    check_pending_duplicates()
    assert "masih menunggu" not in client.get("/peserta/duplikat/").content.decode()


def test_the_comparison_masks_niks_for_roles_that_do_not_verify(client, candidate, bekasi_officer, auditor):
    nik = candidate.first.nik

    client.force_login(bekasi_officer)
    html = client.get(f"/peserta/duplikat/{candidate.pk}/").content.decode()
    assert nik in html
    assert f"/peserta/duplikat/{candidate.pk}/gabung/" in html

    client.force_login(auditor)
    response = client.get(f"/peserta/duplikat/{candidate.pk}/")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert nik not in html and mask_nik(nik) in html
    assert PHONE not in html
    assert f"/peserta/duplikat/{candidate.pk}/gabung/" not in html  # auditors read, never decide


def test_merge_goes_through_a_confirmation_that_says_what_will_happen(client, candidate, bekasi_officer):
    keep, drop = candidate.first, candidate.second
    Participant.objects.filter(pk=keep.pk).update(email="")
    Participant.objects.filter(pk=drop.pk).update(email="siti@example.org")
    client.force_login(bekasi_officer)

    confirm = client.get(f"/peserta/duplikat/{candidate.pk}/gabung/", {"keep": keep.pk})

    assert confirm.status_code == HTTPStatus.OK
    html = confirm.content.decode()
    assert "siti@example.org" in html  # the value that will fill the kept record
    assert f'name="keep" value="{keep.pk}"' in html
    assert [value for _, value in confirm.context["filled"]] == ["siti@example.org"]
    drop.refresh_from_db()
    assert drop.merged_into is None  # nothing happens before the confirmation

    done = client.post(
        f"/peserta/duplikat/{candidate.pk}/gabungkan/", {"keep": keep.pk, "reason": "Same KTP"}
    )

    assert done.status_code == HTTPStatus.FOUND
    assert done["Location"] == "/peserta/duplikat/"
    drop.refresh_from_db()
    assert drop.merged_into == keep
    assert AuditEvent.objects.get(verb="participant.merged").reason == "Same KTP"


def test_merge_without_a_choice_of_record_asks_for_it(client, candidate, bekasi_officer):
    client.force_login(bekasi_officer)

    assert (
        client.get(f"/peserta/duplikat/{candidate.pk}/gabung/").status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    )
    stranger = make_participant("Budi Santoso", sex="M", phone="+6281311112222")
    response = client.post(f"/peserta/duplikat/{candidate.pk}/gabungkan/", {"keep": stranger.pk})
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert not Participant.objects.filter(merged_into__isnull=False).exists()


def test_an_auditor_reads_a_pair_but_is_refused_its_decisions(client, candidate, auditor):
    client.force_login(auditor)

    confirm = client.get(f"/peserta/duplikat/{candidate.pk}/gabung/", {"keep": candidate.first_id})
    merge = client.post(f"/peserta/duplikat/{candidate.pk}/gabungkan/", {"keep": candidate.first_id})
    distinct = client.post(f"/peserta/duplikat/{candidate.pk}/berbeda/")

    assert client.get(f"/peserta/duplikat/{candidate.pk}/").status_code == HTTPStatus.OK
    assert confirm.status_code == merge.status_code == distinct.status_code == HTTPStatus.FORBIDDEN
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.OPEN


def test_officer_marks_a_pair_distinct_from_the_page(client, candidate, bekasi_officer):
    client.force_login(bekasi_officer)

    response = client.post(f"/peserta/duplikat/{candidate.pk}/berbeda/", {"reason": "Twins"})

    assert response.status_code == HTTPStatus.FOUND
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISTINCT
    assert client.get(f"/peserta/duplikat/{candidate.pk}/").status_code == HTTPStatus.OK
    assert (
        client.post(f"/peserta/duplikat/{candidate.pk}/berbeda/").status_code
        == HTTPStatus.UNPROCESSABLE_ENTITY
    )


def test_scan_command_prints_a_summary(pair):
    out = StringIO()
    call_command("scan_duplicates", "--region", "32.16", stdout=out)

    assert out.getvalue().strip() == "Duplicate scan (region 32.16): 1 new possible duplicates queued"


def test_the_list_takes_as_many_queries_for_many_pairs_as_for_one(client, bekasi_officer):
    bekasi_pair("+6281111111111")
    scan_duplicates()
    client.force_login(bekasi_officer)
    client.get("/peserta/duplikat/")  # the session and language are settled once
    with CaptureQueriesContext(connection) as one:
        client.get("/peserta/duplikat/")
    bekasi_pair("+6282222222222")
    bekasi_pair("+6283333333333")
    scan_duplicates()
    with CaptureQueriesContext(connection) as many:
        response = client.get("/peserta/duplikat/")

    assert len(response.context["page"].object_list) > 1
    assert len(many) == len(one)
