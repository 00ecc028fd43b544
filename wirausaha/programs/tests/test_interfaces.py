"""Every interface that drives a wave: the commands, the API and the pages. Waves are built with
`make_wave` and `enrol` from support.py, through the actions where they exist."""

import json
from datetime import UTC, datetime
from http import HTTPStatus
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from wirausaha.programs.actions import (
    close_wave,
)
from wirausaha.programs.models import (
    Enrolment,
    LotteryDraw,
    Wave,
)
from wirausaha.programs.tests.support import (
    BANDUNG,
    BEKASI,
    CLOSE_AT,
    DENPASAR,
    GOLDEN_LIST,
    PUBLISHED_AFTER,
    RANDOMNESS,
    VALUE,
    S,
    crowd,
    drawn,
    enrol,
    events,
    golden_wave,
    make_wave,
)
from wirausaha.reference.models import Region
from wirausaha.registry.models import Participant, Verification

# Commands ---------------------------------------------------------------------------------


def command_json(*args) -> dict:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_screen_and_select_commands_print_counts_and_provinces_as_json(db):
    wave = make_wave(quotas={"32": 2, "51": 1})
    crowd(wave, BEKASI, 3)
    crowd(wave, DENPASAR, 1)
    enrol(wave, "Budi", verified=False)

    screened = command_json("screen", "--wave", wave.code)
    close_wave(wave, by=None, now=CLOSE_AT)
    selected = command_json("select", "--wave", wave.code, "--public-value", VALUE)

    assert screened["wave"] == wave.code
    assert (screened["eligible"], screened["ineligible"]) == (4, 1)
    assert screened["counts"][S.APPLIED] == 0
    assert set(selected) >= {"wave", "selected", "waitlisted", "ineligible", "counts", "provinces"}
    assert (selected["selected"], selected["waitlisted"], selected["ineligible"]) == (3, 1, 1)
    assert selected["counts"] == {state: selected["counts"][state] for state in S.values}
    assert selected["provinces"] == {
        "32": {"quota": 2, "selected": 2, "waitlisted": 1},
        "51": {"quota": 1, "selected": 1, "waitlisted": 0},
    }
    assert LotteryDraw.objects.get(wave=wave).drawn_by is None


def test_the_select_command_simulates_without_writing_and_draws_with_the_public_value(db):
    wave = make_wave(published_after=datetime(2099, 1, 1, tzinfo=UTC))
    crowd(wave, BEKASI, 3)
    call_command("screen", "--wave", wave.code, stdout=StringIO())
    closed = StringIO()
    call_command("close_wave", "--wave", wave.code, stdout=closed)
    assert "3 entrants frozen" in closed.getvalue()
    out = StringIO()

    call_command("select", "--wave", wave.code, "--simulate-seed", "S-2025", stdout=out)

    assert out.getvalue().startswith("SIMULATION ONLY, nothing written")
    assert not LotteryDraw.objects.exists()
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.CLOSED
    # Before the declared time, the draw is refused.
    with pytest.raises(CommandError, match="published after"):
        call_command("select", "--wave", wave.code, "--public-value", VALUE)
    Wave.objects.filter(pk=wave.pk).update(randomness_published_after=PUBLISHED_AFTER)
    out = StringIO()
    call_command("select", "--wave", wave.code, "--public-value", VALUE, stdout=out)
    assert out.getvalue().splitlines()[0] == f"{wave.code}: 2 selected, 1 waitlisted"
    assert "32: quota 2, selected 2, waitlisted 1" in out.getvalue()
    assert LotteryDraw.objects.get(wave=wave).seed in out.getvalue()


def test_the_commands_refuse_what_the_actions_refuse(db):
    wave = make_wave()
    crowd(wave, BEKASI, 1)

    with pytest.raises(CommandError, match="No wave"):
        call_command("screen", "--wave", "NOPE")
    with pytest.raises(CommandError, match="closed"):
        call_command("select", "--wave", wave.code, "--public-value", VALUE)
    with pytest.raises(CommandError, match="screen"):
        call_command("close_wave", "--wave", wave.code)
    call_command("screen", "--wave", wave.code, stdout=StringIO())
    close_wave(wave, by=None, now=CLOSE_AT)
    with pytest.raises(CommandError, match="public value"):
        call_command("select", "--wave", wave.code)
    with pytest.raises(CommandError) as failed:
        call_command("verify_lottery", "--wave", wave.code, stderr=StringIO())
    assert failed.value.returncode == 1


def test_verify_lottery_exits_non_zero_once_the_published_list_is_tampered(db):
    wave = make_wave(quotas={"32": 1})
    crowd(wave, BEKASI, 3)
    wave = drawn(wave)
    out = StringIO()

    call_command("verify_lottery", "--wave", wave.code, stdout=out)

    assert "are reproduced" in out.getvalue()
    chosen = wave.enrolments.get(lottery_outcome="S")
    other = wave.enrolments.filter(lottery_outcome="W").first()
    Enrolment.objects.filter(pk=chosen.pk).update(lottery_outcome="W")
    Enrolment.objects.filter(pk=other.pk).update(lottery_outcome="S")
    err = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_lottery", "--wave", wave.code, stdout=StringIO(), stderr=err)
    assert failed.value.returncode == 1
    assert f"{chosen.pseudonym}: stored rank/outcome/seat 1/W/-, recomputed 1/S/-" in err.getvalue()


# The API ----------------------------------------------------------------------------------


def post_enrolment(client, code: str, body: dict | None = None):
    return client.post(
        f"/api/v1/waves/{code}/enrolments", json.dumps(body or {}), content_type="application/json"
    )


def test_the_api_lists_waves_with_quotas_drafts_only_for_admins(client, jabar_officer, national_admin):
    make_wave("PHK-2025-1", quotas={"32": 2, "51": 1})
    make_wave("PHK-2025-2", status=Wave.Status.DRAFT)

    client.force_login(jabar_officer)
    waves = client.get("/api/v1/waves").json()
    client.force_login(national_admin)
    all_waves = client.get("/api/v1/waves").json()

    assert [wave["code"] for wave in waves] == ["PHK-2025-1"]
    assert waves[0]["status"] == "open"
    assert waves[0]["programme"] == "Layanan Kewirausahaan Korban PHK 2025"
    assert sorted((q["region"], q["seats"]) for q in waves[0]["quotas"]) == [("32", 2), ("51", 1)]
    assert {wave["code"] for wave in all_waves} == {"PHK-2025-1", "PHK-2025-2"}


def test_the_api_lists_only_the_enrolments_in_the_users_scope(
    client, bekasi_officer, bali_officer, participant_user
):
    wave = make_wave()
    bekasi = crowd(wave, BEKASI, 2)
    enrol(wave, "Dewi", village=BANDUNG)
    bali = enrol(wave, "Made", village=DENPASAR)
    own = enrol(wave, "", participant=participant_user.participant)

    client.force_login(bali_officer)
    seen_in_bali = client.get(f"/api/v1/waves/{wave.code}/enrolments").json()
    client.force_login(bekasi_officer)
    seen_in_bekasi = client.get(f"/api/v1/waves/{wave.code}/enrolments").json()
    client.force_login(participant_user)
    seen_by_participant = client.get(f"/api/v1/waves/{wave.code}/enrolments").json()

    assert [e["id"] for e in seen_in_bali["items"]] == [bali.pk]
    assert {e["id"] for e in seen_in_bekasi["items"]} == {e.pk for e in bekasi} | {own.pk}
    assert seen_in_bekasi["count"] == 3
    assert [e["id"] for e in seen_by_participant["items"]] == [own.pk]
    assert seen_by_participant["items"][0]["pseudonym"] == own.pseudonym


def test_a_participant_applies_to_an_open_wave_once(client, participant_user):
    wave = make_wave()
    client.force_login(participant_user)

    first = post_enrolment(client, wave.code)
    second = post_enrolment(client, wave.code)

    assert first.status_code == HTTPStatus.CREATED
    body = first.json()
    assert (body["wave"], body["state"], body["participant_id"]) == (
        wave.code,
        S.APPLIED,
        participant_user.participant.pk,
    )
    assert second.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert second.json()["errors"][0]["field"] == "participant"
    assert Enrolment.objects.filter(wave=wave).count() == 1


def test_a_participant_cannot_apply_to_a_closed_or_draft_wave(client, participant_user):
    closed = make_wave("PHK-2025-1", status=Wave.Status.CLOSED)
    draft = make_wave("PHK-2025-2", status=Wave.Status.DRAFT)
    client.force_login(participant_user)

    assert post_enrolment(client, closed.code).status_code == HTTPStatus.BAD_REQUEST
    assert post_enrolment(client, draft.code).status_code == HTTPStatus.NOT_FOUND
    assert not Enrolment.objects.exists()


def test_an_officer_enrols_someone_in_their_area_and_nobody_outside(
    client, bekasi_officer, bali_officer, bekasi_participant, bandung_participant, auditor
):
    wave = make_wave()

    client.force_login(bali_officer)
    outside = post_enrolment(client, wave.code, {"participant_id": bekasi_participant.pk})
    client.force_login(auditor)
    not_an_officer = post_enrolment(client, wave.code, {"participant_id": bekasi_participant.pk})
    client.force_login(bekasi_officer)
    neighbour = post_enrolment(client, wave.code, {"participant_id": bandung_participant.pk})
    nobody = post_enrolment(client, wave.code, {})
    inside = post_enrolment(client, wave.code, {"participant_id": bekasi_participant.pk})

    assert outside.status_code == HTTPStatus.NOT_FOUND
    assert not_an_officer.status_code == HTTPStatus.NOT_FOUND
    assert neighbour.status_code == HTTPStatus.NOT_FOUND
    assert nobody.status_code == HTTPStatus.NOT_FOUND
    assert inside.status_code == HTTPStatus.CREATED
    enrolment = Enrolment.objects.get(wave=wave)
    assert (enrolment.participant, enrolment.enrolled_by) == (bekasi_participant, bekasi_officer)
    assert events(enrolment) == [("", S.APPLIED, "")]


# Pages ------------------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_participant_sees_their_verdict_in_words_and_lottery_id(english, participant_user):
    wave = make_wave()
    own = enrol(wave, "", participant=participant_user.participant)  # not verified yet
    crowd(wave, BEKASI, 2)
    drawn(wave)
    english.force_login(participant_user)

    page = english.get(f"/gelombang/{wave.code}/").content.decode()

    assert 'data-state="ineligible"' in page
    assert "Not eligible" in page
    assert "The labour office has not verified your data yet." in page
    assert "Your age (39) is between 18 and 60." in page
    assert own.pseudonym in page
    # The wave's conditions, in words with their numbers.
    assert "Laid off between 1 June 2024 and 1 June 2025, the day the wave opens (12 months)" in page
    assert "Aged 18 to 60 on the opening day" in page
    assert "Women: +2 points" in page


def test_a_selected_participant_sees_their_rank_and_lottery_id(english, participant_user):
    wave = make_wave()
    Participant.objects.filter(pk=participant_user.participant.pk).update(verification=Verification.VERIFIED)
    own = enrol(wave, "", participant=participant_user.participant)
    drawn(wave)
    english.force_login(participant_user)

    page = english.get(f"/gelombang/{wave.code}/").content.decode()

    assert 'data-state="selected"' in page
    assert "rank 1 in your area" in page
    assert own.pseudonym in page
    assert "Withdraw from this wave" in page


def test_a_participant_applies_and_withdraws_on_the_wave_page(english, participant_user):
    wave = make_wave()
    english.force_login(participant_user)

    assert "Apply to this wave" in english.get(f"/gelombang/{wave.code}/").content.decode()
    english.post(f"/gelombang/{wave.code}/daftar/")
    english.post(f"/gelombang/{wave.code}/mundur/", {"reason": "moved away"})

    enrolment = Enrolment.objects.get(wave=wave)
    assert enrolment.state == S.WITHDRAWN
    assert events(enrolment)[-1] == (S.APPLIED, S.WITHDRAWN, "moved away")


def test_the_admin_confirms_each_step_on_its_own_page(english, national_admin):
    wave = make_wave(published_after=datetime(2099, 1, 1, tzinfo=UTC))
    crowd(wave, BEKASI, 3)
    english.force_login(national_admin)
    base = f"/gelombang/{wave.code}/langkah"

    unscreened = english.post(f"{base}/close/")
    assert unscreened.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "3 applications are not screened yet" in unscreened.content.decode()
    assert english.post(f"{base}/screen/").status_code == HTTPStatus.FOUND

    confirm = english.get(f"{base}/close/").content.decode()
    assert RANDOMNESS in confirm and "2099-01-01 07:00 WIB" in confirm
    assert english.post(f"{base}/close/").status_code == HTTPStatus.FOUND
    wave.refresh_from_db()
    assert (wave.status, len(wave.entrants_digest)) == (Wave.Status.CLOSED, 64)
    # Closing again is refused; screening is refused once the list is frozen.
    assert english.post(f"{base}/close/").status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert english.post(f"{base}/screen/").status_code == HTTPStatus.UNPROCESSABLE_ENTITY

    confirm_draw = english.get(f"{base}/draw/").content.decode()
    assert "3 eligible applicants compete for 3 seats" in confirm_draw
    assert 'name="public_value"' in confirm_draw and wave.entrants_digest in confirm_draw
    early = english.post(f"{base}/draw/", {"public_value": VALUE})
    assert early.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert not LotteryDraw.objects.exists()
    Wave.objects.filter(pk=wave.pk).update(randomness_published_after=PUBLISHED_AFTER)
    assert english.post(f"{base}/draw/", {"public_value": VALUE}).status_code == HTTPStatus.FOUND
    wave.refresh_from_db()
    assert (wave.status, wave.public_value) == (Wave.Status.SELECTED, VALUE)

    detail = english.get(f"/gelombang/{wave.code}/").content.decode()
    assert "Published draw" in detail
    assert 'data-state="selected">Selected: 2' in detail


def test_only_a_national_admin_reaches_the_step_pages(client, jabar_officer, national_admin):
    wave = make_wave()

    client.force_login(jabar_officer)
    assert client.get(f"/gelombang/{wave.code}/langkah/close/").status_code == HTTPStatus.NOT_FOUND
    assert client.post(f"/gelombang/{wave.code}/langkah/close/").status_code == HTTPStatus.NOT_FOUND
    client.force_login(national_admin)
    assert client.get(f"/gelombang/{wave.code}/langkah/explode/").status_code == HTTPStatus.NOT_FOUND
    assert Wave.objects.get(pk=wave.pk).status == Wave.Status.OPEN


def test_the_published_results_are_public_and_show_pseudonyms_not_names(db, client):
    wave = drawn(golden_wave())
    draft = make_wave("PHK-2025-9", status=Wave.Status.DRAFT)

    page = client.get(f"/gelombang/{wave.code}/hasil/")
    found = client.get(f"/gelombang/{wave.code}/hasil/", {"id": "hhhhhhhhhh"})

    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert all(pseudonym in text for pseudonym in GOLDEN_LIST)
    assert wave.lottery_seed in text
    for region in wave.quotas.values_list("region", flat=True):  # quotas by name, not by code
        assert f">{Region.objects.get(pk=region).name}</td>" in text
    assert not any(name in text for name in Participant.objects.values_list("full_name", flat=True))
    assert "HHHHHHHHHH" in found.content.decode()
    assert "AAAAAAAAAA" not in found.content.decode()
    assert client.get(f"/gelombang/{draft.code}/hasil/").status_code == HTTPStatus.NOT_FOUND
    # The wave page itself needs a login.
    assert client.get(f"/gelombang/{wave.code}/").status_code == HTTPStatus.FOUND


def test_officers_see_applicants_of_their_area_with_masked_or_full_nik(client, bekasi_officer, auditor):
    wave = make_wave()
    bekasi = enrol(wave, "Rina Marlina", village=BEKASI)
    enrol(wave, "Made Wirawan", village=DENPASAR)

    client.force_login(bekasi_officer)
    page = client.get(f"/gelombang/{wave.code}/peserta/").content.decode()
    client.force_login(auditor)

    assert "Rina Marlina" in page and bekasi.participant.nik in page
    assert "Made Wirawan" not in page
    assert client.get(f"/gelombang/{wave.code}/peserta/").status_code == HTTPStatus.NOT_FOUND
