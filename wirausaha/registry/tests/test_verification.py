from http import HTTPStatus

import pytest

from wirausaha.common.models import AuditEvent
from wirausaha.notifications.models import Message
from wirausaha.registry.actions import register_participant, request_nik_change, withdraw_consent
from wirausaha.registry.duplicates.actions import sync_open_duplicates
from wirausaha.registry.models import DuplicateCandidate, NikChangeRequest, Participant, Verification
from wirausaha.registry.queries import verification_queue
from wirausaha.testing import make_participant

pytestmark = pytest.mark.django_db


def test_the_queue_shows_pending_registrations_of_the_officers_area_flagged_first(bekasi_officer):
    plain = make_participant("Ani", village="32.16.01.2001")
    flagged = make_participant("Bayu", village="32.16.02.2001", sex="M")
    flagged.nik_flags = ["unknown_district"]
    flagged.save()
    twin = make_participant("Bayu Saputra", village="32.16.02.2001", sex="M")
    DuplicateCandidate.objects.create(first=plain, second=twin, score=0.9, reasons=["same_phone"])
    sync_open_duplicates([plain.pk, twin.pk])  # as the actions that queue a pair do
    make_participant("Made", village="51.71.01.1001", sex="M")  # Bali: not Bekasi's
    verified = make_participant("Citra", village="32.16.01.2001")
    verified.verification = Verification.VERIFIED
    verified.save()

    queue = list(verification_queue(bekasi_officer))

    assert [p.full_name for p in queue[:2]] == ["Ani", "Bayu Saputra"]  # probable duplicates first
    assert queue[2].full_name == "Bayu"  # then flagged NIKs
    assert {p.full_name for p in queue} == {"Ani", "Bayu", "Bayu Saputra"}


def test_withdrawn_consent_leaves_the_queue(bekasi_officer):
    person = make_participant("Ani", village="32.16.01.2001")
    withdraw_consent(person, by=bekasi_officer)
    assert list(verification_queue(bekasi_officer)) == []


def test_auditors_and_partners_have_no_queue(auditor, centre_operator):
    make_participant("Ani", village="32.16.01.2001")
    assert list(verification_queue(auditor)) == []
    assert list(verification_queue(centre_operator)) == []


def test_officer_verifies_and_the_participant_is_told(client, bekasi_officer, participant_user):
    person = participant_user.participant
    client.force_login(bekasi_officer)

    response = client.post(f"/peserta/{person.pk}/keputusan/", {"decision": "verify"})

    assert response.status_code == HTTPStatus.FOUND
    person.refresh_from_db()
    assert (person.verification, person.verified_by) == (Verification.VERIFIED, bekasi_officer)
    event = AuditEvent.objects.get(verb="participant.verified", target_id=str(person.pk))
    assert event.changes == {"verification": ["pending", "verified"]}
    assert Message.objects.filter(recipient=participant_user, subject__icontains="verifikasi").exists()


def test_rejecting_needs_a_reason_that_the_participant_then_reads(client, bekasi_officer, participant_user):
    person = participant_user.participant
    client.force_login(bekasi_officer)

    empty = client.post(f"/peserta/{person.pk}/keputusan/", {"decision": "reject", "reason": " "})
    assert empty.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "Jelaskan" in empty.content.decode() or "alasan" in empty.content.decode().lower()
    person.refresh_from_db()
    assert person.verification == Verification.PENDING

    client.post(f"/peserta/{person.pk}/keputusan/", {"decision": "reject", "reason": "Bukan korban PHK"})
    person.refresh_from_db()
    assert (person.verification, person.verification_note) == (Verification.REJECTED, "Bukan korban PHK")
    assert "Bukan korban PHK" in Message.objects.filter(recipient=participant_user).first().body
    client.force_login(participant_user)
    assert "Bukan korban PHK" in client.get("/peserta/saya/").content.decode()


def test_asking_for_a_correction_and_the_correction_send_it_back_to_the_queue(
    bekasi_officer, participant_user
):
    from wirausaha.registry.actions import request_correction, update_participant

    person = participant_user.participant
    request_correction(person, by=bekasi_officer, reason="Tanggal PHK salah")
    assert person.verification == Verification.NEEDS_CORRECTION
    update_participant(person, data={"layoff_date": "01/04/2025"}, by=participant_user)
    person.refresh_from_db()
    assert person.verification == Verification.PENDING
    assert str(person.layoff_date) == "2025-04-01"
    assert AuditEvent.objects.filter(verb="participant.updated", target_id=str(person.pk)).exists()


def test_officer_of_another_regency_cannot_decide(client, participant_user):
    from wirausaha.accounts.models import Role
    from wirausaha.testing import make_user

    bogor = make_user("bogor", Role.REGENCY_OFFICER, region="32.01")
    person = participant_user.participant
    client.force_login(bogor)
    response = client.post(f"/peserta/{person.pk}/keputusan/", {"decision": "verify"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    person.refresh_from_db()
    assert person.verification == Verification.PENDING


def test_a_nik_change_waits_for_an_officer_and_then_applies(client, bekasi_officer, participant_user):
    person = participant_user.participant
    old = person.nik
    new = old[:12] + "0999"
    change = request_nik_change(person, new_nik=new, reason="salah ketik", by=participant_user)
    person.refresh_from_db()
    assert person.nik == old

    client.force_login(bekasi_officer)
    client.post(f"/peserta/nik/{change.pk}/keputusan/", {"decision": "approve"})

    person.refresh_from_db()
    change.refresh_from_db()
    assert (person.nik, change.status) == (new, NikChangeRequest.Status.APPROVED)
    told = Message.objects.filter(recipient=participant_user).latest("id")
    assert (told.event, told.params["decision"]) == ("verification_decided", told.subject)
    event = AuditEvent.objects.get(verb="participant.nik_changed")
    assert old not in str(event.changes) and new not in str(event.changes)


def test_layoff_evidence_is_served_only_within_scope(
    client, bekasi_officer, bali_officer, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    letter = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%test letter\n", content_type="application/pdf")
    person = register_participant(
        data={
            "nik": "3216014508850003",
            "full_name": "Siti Rahmawati",
            "birth_date": "05/08/1985",
            "sex": "P",
            "phone": "081234567890",
            "domicile": "32.16.01.2001",
            "layoff_date": "01/03/2025",
        },
        consent=True,
        by=bekasi_officer,
        evidence=letter,
    )
    client.force_login(bali_officer)
    assert client.get(f"/peserta/{person.pk}/bukti/").status_code == HTTPStatus.NOT_FOUND
    client.force_login(bekasi_officer)
    response = client.get(f"/peserta/{person.pk}/bukti/")
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="participant.evidence_viewed").count() == 1
    assert "surat" not in Participant.objects.get(pk=person.pk).layoff_evidence.name


def test_an_officer_reading_the_site_in_english_still_writes_to_the_participant_in_indonesian(
    client, bekasi_officer, participant_user, settings
):
    person = participant_user.participant
    client.force_login(bekasi_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        f"/peserta/{person.pk}/keputusan/", {"decision": "correct", "reason": "Foto surat PHK buram"}
    )

    assert response.status_code == HTTPStatus.FOUND
    message = Message.objects.get(recipient=participant_user)
    assert (message.subject, message.body) == (
        "Mohon perbaiki pendaftaran Anda",
        "Disnaker meminta Anda memperbaiki data: Foto surat PHK buram",
    )


def test_the_queue_order_follows_the_duplicate_actions(bekasi_officer):
    """Probable duplicates first, then flagged NIKs, then the oldest: the order the actions keep in
    the record (`review_rank`) as pairs are queued and decided."""
    from wirausaha.registry.duplicates.actions import mark_distinct, queue_duplicates_of

    oldest = make_participant("Ani Lestari", village="32.16.01.2001", phone="+6281200000001")
    flagged = make_participant("Bayu Pratama", village="32.16.02.2001", sex="M", phone="+6281200000002")
    Participant.objects.filter(pk=flagged.pk).update(nik_flags=["unknown_district"])
    first = make_participant("Sri Wahyuni", village="32.16.03.2001", phone="+6281200000003")
    second = make_participant("Sri Wahyuni", village="32.16.03.2001", phone="+6281200000003")

    assert [p.full_name for p in verification_queue(bekasi_officer)][:2] == ["Bayu Pratama", "Ani Lestari"]

    (pair,) = queue_duplicates_of(second)
    queue = list(verification_queue(bekasi_officer))
    assert [p.pk for p in queue] == [first.pk, second.pk, flagged.pk, oldest.pk]
    assert queue[0].open_duplicate and queue[2].flagged

    mark_distinct(pair, by=bekasi_officer, reason="Kembar, dua orang")
    assert [p.pk for p in verification_queue(bekasi_officer)] == [flagged.pk, oldest.pk, first.pk, second.pk]


def test_the_saved_decision_names_the_person_decided_on_and_the_one_who_comes_next(client, bekasi_officer):
    first = make_participant("Ani Lestari", village="32.16.01.2001")
    make_participant("Bayu Saputra", village="32.16.02.2001", sex="M")
    client.force_login(bekasi_officer)

    response = client.post(
        f"/peserta/{first.pk}/keputusan/",
        {"decision": "correct", "reason": "Foto surat PHK buram"},
        follow=True,
    )

    page = response.content.decode()
    assert "Keputusan untuk Ani Lestari disimpan: Perlu perbaikan." in page
    assert "Berikutnya di antrean: Bayu Saputra." in page
    bayu = Participant.objects.get(full_name="Bayu Saputra")
    assert response.redirect_chain[-1][0].endswith(f"/peserta/{bayu.pk}/")


def test_the_last_decision_says_the_queue_is_empty(client, bekasi_officer):
    only = make_participant("Ani Lestari", village="32.16.01.2001")
    client.force_login(bekasi_officer)

    response = client.post(f"/peserta/{only.pk}/keputusan/", {"decision": "verify"}, follow=True)

    assert "Keputusan untuk Ani Lestari disimpan: Terverifikasi. Antrean verifikasi kosong." in (
        response.content.decode()
    )


def test_a_refused_decision_brings_its_error_into_view_and_focus(client, bekasi_officer):
    person = make_participant("Ani Lestari", village="32.16.01.2001")
    client.force_login(bekasi_officer)

    refused = client.post(f"/peserta/{person.pk}/keputusan/", {"decision": "reject", "reason": ""})

    assert refused.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    page = refused.content.decode()
    # Focusing the summary (autofocus works without JavaScript) scrolls it into view on a phone.
    summary = page[page.index('class="form-errors"') - 5 : page.index('class="form-errors"') + 120]
    assert 'tabindex="-1"' in summary and "autofocus" in summary
