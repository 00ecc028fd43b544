"""Self-registration in steps, through the test client: plain form posts, as a phone without
JavaScript sends them."""

import json
import re
from datetime import date
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from wirausaha.accounts.models import Role, User
from wirausaha.common.models import AuditEvent
from wirausaha.notifications.models import Message
from wirausaha.registry.consent import CONSENT_VERSION
from wirausaha.registry.models import Participant, Source, Verification
from wirausaha.registry.nik import build_nik
from wirausaha.registry.tests.registration.support import errors_in
from wirausaha.testing import make_participant

REGISTER = "/peserta/daftar/"
NIK = build_nik(district="32.16.01", birth_date=date(1988, 4, 12), sex="F", serial=4321)
NEW_PASSWORD = "kue-basah-tarumajaya-2025"
STEP_DATA = {
    1: {
        "nik": NIK,
        "full_name": "Rina Marlina",
        "birth_place": "Bekasi",
        "birth_date": "1988-04-12",
        "sex": "F",
    },
    2: {
        "phone": "0812 3456 7801",
        "email": "rina@example.id",
        "province": "32",
        "regency": "32.16",
        "district": "32.16.01",
        "village": "32.16.01.2001",
    },
    3: {
        "last_employer": "PT Tekstil Maju",
        "employer_sector": "13112",
        "job_title": "Operator pemintalan",
        "layoff_date": "2025-03-01",
        "layoff_reason": "Pabrik tutup",
        "jkp_recipient": "ya",
    },
    4: {
        "education": "sma",
        "disability": "none",
        "business_interest_sector": "10792",
        "business_interest": "Kue basah untuk warung",
        "existing_business": "",
        "existing_business_since": "",
    },
}
ACCOUNT = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "consent": "on", "action": "submit"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def client(client):
    # Messages are checked in the English source text, whatever the Indonesian translation says.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def step_url(number: int) -> str:
    return REGISTER if number == 1 else f"{REGISTER}{number}/"


def post_step(client, number: int, data: dict, action: str = "next"):
    return client.post(step_url(number), {**data, "action": action})


def fill_steps(client, upto: int = 4) -> None:
    for number in range(1, upto + 1):
        response = post_step(client, number, STEP_DATA[number])
        assert response.status_code == HTTPStatus.FOUND, errors_in(response)
        assert response["Location"] == step_url(number + 1)


def register(client, **account):
    fill_steps(client)
    return client.post(step_url(5), {**ACCOUNT, **account})


def code_sent_to(user) -> str:
    """The code in the last message of the outbox to `user` (the SMS channel sends that text)."""
    return re.search(r"\b(\d{6})\b", Message.objects.filter(recipient=user).latest("id").body).group(1)


# Each step checks its own fields and says what to fix, next to each field.


def test_step_one_says_what_to_fix_next_to_each_field(client, db):
    response = post_step(
        client, 1, {"nik": "3216 0152", "full_name": "", "birth_date": "", "birth_place": ""}
    )

    assert response.status_code == HTTPStatus.OK
    assert errors_in(response) == {
        "nik": "A NIK has exactly 16 digits; this one has 8 digits.",
        "full_name": "Enter your full name as on your KTP.",
        "birth_date": "Enter your date of birth.",
        "sex": "Choose your sex.",
    }
    html = response.content.decode()
    # The summary at the top links to each field; the field says it is invalid and why.
    assert '<a href="#id_nik">NIK: A NIK has exactly 16 digits' in html
    assert '<a href="#id_sex_0">Sex: Choose your sex.</a>' in html
    assert 'aria-invalid="true" aria-describedby="id_nik_helptext id_nik_error"' in html
    # What was typed stays in the field.
    assert 'value="3216 0152"' in html


def test_step_one_checks_the_nik_against_the_birth_date_and_age(client, db):
    response = post_step(
        client,
        1,
        {**STEP_DATA[1], "nik": "9916014204880001", "birth_date": f"{date.today().year - 10}-01-01"},
    )

    assert errors_in(response) == {
        "nik": "The first two digits of the NIK are not a province code.",
        "birth_date": "Participants must be at least 15 years old.",
    }


def test_step_two_checks_the_mobile_number_email_and_domicile(client, db):
    fill_steps(client, upto=1)

    response = post_step(client, 2, {"phone": "021 555 1234", "email": "rina@", "province": "32"})

    assert errors_in(response) == {
        "phone": "Enter a mobile number (for example 0812 3456 7890), not a landline.",
        "email": "“rina@” is not an email address.",
        "regency": "Choose your regency or city.",
    }


def test_step_two_without_javascript_fills_the_next_list_with_the_choose_button(client, db):
    fill_steps(client, upto=1)

    response = post_step(client, 2, {"phone": "0812 3456 7801", "province": "32"}, action="choose")
    assert response["Location"] == step_url(2) + "#domicile"
    html = client.get(step_url(2)).content.decode()

    assert '<option value="32" selected>Jawa Barat</option>' in html
    assert '<option value="32.16">Kabupaten Bekasi</option>' in html
    assert '<select name="district" id="id_district" disabled>' in html
    assert 'value="0812 3456 7801"' in html  # typed values are kept
    assert '<button type="submit" name="action" value="choose"' in html  # inside <noscript>


def test_region_lists_partial_refreshes_the_lists_for_htmx_and_drops_a_stale_choice(client, db):
    response = client.get(f"{REGISTER}wilayah/", {"province": "32", "regency": "32.16", "district": ""})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.lstrip().startswith('<fieldset id="domicile"')
    assert '<option value="32.16.01">Tarumajaya</option>' in html

    # The province changed: the regency of the old province is no longer chosen.
    html = client.get(f"{REGISTER}wilayah/", {"province": "51", "regency": "32.16"}).content.decode()
    assert "32.16" not in html
    assert '<option value="51.71">Kota Denpasar</option>' in html


def test_step_three_checks_the_layoff_date_and_kbli_code(client, db):
    fill_steps(client, upto=2)

    response = post_step(client, 3, {**STEP_DATA[3], "layoff_date": "2000-01-01", "employer_sector": "99999"})

    assert errors_in(response) == {
        "employer_sector": "“99999” is not a KBLI 2020 code.",
        "layoff_date": "The layoff date is before the participant could have worked.",
    }


def test_words_in_a_kbli_field_offer_the_matching_codes_in_place_and_the_choice_is_kept(client, db):
    fill_steps(client, upto=2)

    offered = post_step(client, 3, {**STEP_DATA[3], "employer_sector": "sepatu harian"})

    assert errors_in(offered) == {
        "employer_sector": "Choose the KBLI code for “sepatu harian” below, or type the 5-digit code."
    }
    page = offered.content.decode()
    # Found by its description ("sepatu harian"), chosen on the same page without JavaScript.
    assert 'type="radio" name="employer_sector" value="15201"' in page
    # The text box comes first and a chosen code after it: the form reads the last value sent.
    chosen = client.post(
        step_url(3), {**STEP_DATA[3], "employer_sector": ["sepatu harian", "15201"], "action": "next"}
    )
    assert chosen["Location"] == step_url(4)
    assert 'value="15201"' in client.get(step_url(3)).content.decode()


def test_words_that_match_no_kbli_code_say_so(client, db):
    fill_steps(client, upto=2)

    response = post_step(client, 3, {**STEP_DATA[3], "employer_sector": "qwxz"})

    assert errors_in(response) == {
        "employer_sector": "No KBLI code matches “qwxz”: try other words, or leave it empty."
    }


def test_step_four_checks_the_business_date(client, db):
    fill_steps(client, upto=3)

    response = post_step(client, 4, {**STEP_DATA[4], "existing_business_since": "2999-01-01"})

    assert errors_in(response) == {"existing_business_since": "This date is in the future."}


def test_steps_cannot_be_skipped(client, db):
    assert client.get(step_url(3))["Location"] == step_url(1)
    fill_steps(client, upto=1)
    assert client.get(step_url(5))["Location"] == step_url(2)


def test_back_keeps_what_was_typed_without_checking_it(client, db):
    fill_steps(client, upto=1)

    response = post_step(client, 2, {"phone": "0812 99", "province": ""}, action="back")

    assert response["Location"] == step_url(1)
    assert 'value="0812 99"' in client.get(step_url(2)).content.decode()


def test_the_next_person_on_a_shared_phone_can_clear_the_form(client, db):
    fill_steps(client, upto=2)
    assert NIK in client.get(step_url(1)).content.decode()

    response = client.post(step_url(1), {"action": "restart"})

    assert response["Location"] == step_url(1)
    assert NIK not in client.get(step_url(1)).content.decode()
    assert client.get(step_url(2))["Location"] == step_url(1)


def test_the_kbli_search_is_public(client, db):
    response = client.get(f"{REGISTER}kbli/", {"q": "kue basah"})

    assert response.status_code == HTTPStatus.OK
    assert "10792" in response.content.decode()


# The last step: review, password, consent, evidence.


def test_review_shows_everything_entered_with_edit_links(client, db):
    fill_steps(client)

    html = client.get(step_url(5)).content.decode()

    for text in (
        "Rina Marlina",
        "12 April 1988",
        "Female",
        "0812-3456-7801",
        "Sagara Makmur, Tarumajaya, Kabupaten Bekasi, Jawa Barat",
        "13112 — Industri Pemintalan Benang",
        "1 March 2025",
        "Yes",
        "Senior secondary (SMA/SMK)",
        "10792 — Industri Kue Basah",
    ):
        assert text in html, text
    for number in (1, 2, 3, 4):
        assert f'href="{step_url(number)}"' in html


def test_last_step_checks_password_and_consent_and_stores_nothing(client, db):
    fill_steps(client)

    response = client.post(
        step_url(5), {"password1": "12345678", "password2": "12345679", "action": "submit"}
    )

    errors = errors_in(response)
    assert "This password is too short. It must contain at least 10 characters." in errors["password1"]
    assert "This password is entirely numeric." in errors["password1"]
    assert errors["password2"] == "The two passwords are not the same: type the same password twice."
    assert errors["consent"] == "Tick the box to give your consent: without it you cannot register."
    assert not Participant.objects.filter(nik=NIK).exists()
    assert not User.objects.filter(username="+6281234567801").exists()


def test_password_may_not_resemble_the_name(client, db):
    fill_steps(client)

    response = client.post(step_url(5), {**ACCOUNT, "password1": "RinaMarlina", "password2": "RinaMarlina"})

    assert "too similar" in errors_in(response)["password1"]


def test_whole_registration_creates_the_participant_the_account_and_records_consent(client, db):
    response = register(client)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/peserta/daftar/kode/"
    participant = Participant.objects.get(nik=NIK)
    assert participant.full_name == "Rina Marlina"
    assert participant.birth_date == date(1988, 4, 12)
    assert participant.phone == "+6281234567801"
    assert participant.domicile_id == "32.16.01.2001"
    assert participant.employer_sector_id == "13112"
    assert participant.layoff_date == date(2025, 3, 1)
    assert participant.jkp_recipient is True
    assert participant.business_interest_sector_id == "10792"
    assert participant.source == Source.SELF
    assert participant.verification == Verification.PENDING
    assert participant.consent_version == CONSENT_VERSION
    assert participant.consent_at is not None
    assert participant.nik_flags == []
    user = participant.user
    assert user.username.startswith("p-") and (user.phone, user.role) == ("+6281234567801", Role.PARTICIPANT)
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(verb="participant.registered", target_id=str(participant.pk)).exists()

    # With the code sent to the phone: signed in, on the status page; the typed data left the
    # session, and no password was ever in it.
    signed_in = client.post(response["Location"], {"code": code_sent_to(user)})
    assert signed_in["Location"] == "/peserta/saya/status/"
    status = client.get(signed_in["Location"])
    assert status.status_code == HTTPStatus.OK
    assert "Your registration is received. Thank you." in status.content.decode()
    assert "Waiting for verification" in status.content.decode()
    assert "registration" not in client.session
    assert NEW_PASSWORD not in json.dumps(dict(client.session))


def test_the_password_is_never_kept_between_steps(client, db):
    fill_steps(client)
    client.post(step_url(5), {**ACCOUNT, "consent": ""})

    assert NEW_PASSWORD not in json.dumps(dict(client.session))
    assert NEW_PASSWORD not in client.get(step_url(5)).content.decode()


def test_registered_participant_logs_in_with_the_0812_format(client, db):
    register(client)
    client.post("/keluar/")

    response = client.post("/masuk/", {"username": "0812-3456-7801", "password": NEW_PASSWORD})

    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/peserta/saya/status/").status_code == HTTPStatus.OK


def test_layoff_letter_is_stored_with_the_registration(client, db):
    fill_steps(client)

    client.post(step_url(5), {**ACCOUNT, "layoff_evidence": SimpleUploadedFile("surat phk.pdf", PDF)})

    evidence = Participant.objects.get(nik=NIK).layoff_evidence
    assert evidence.name.startswith("layoff-evidence/32/") and evidence.name.endswith(".pdf")


def test_a_file_that_is_not_a_pdf_or_image_is_refused(client, db):
    fill_steps(client)

    response = client.post(
        step_url(5), {**ACCOUNT, "layoff_evidence": SimpleUploadedFile("surat.pdf", b"MZ not a pdf")}
    )

    assert errors_in(response) == {
        "layoff_evidence": "Upload a PDF, JPEG or PNG file (a scan or photo of the letter)."
    }
    assert not Participant.objects.filter(nik=NIK).exists()


def test_a_nik_registered_while_filling_in_gets_the_same_answer_and_creates_nothing(client, db):
    fill_steps(client)
    someone = make_participant("Sri Wahyuni", village="32.16.01.2002")
    Participant.objects.filter(pk=someone.pk).update(nik=NIK)

    response = client.post(step_url(5), ACCOUNT)

    assert response["Location"] == "/peserta/daftar/kode/"
    assert not User.objects.filter(phone="+6281234567801").exists()
    assert "registration" not in client.session


def test_a_signed_in_participant_is_sent_from_registration_to_the_status_page(client, participant_user):
    client.force_login(participant_user)

    assert client.get(REGISTER)["Location"] == "/peserta/saya/status/"


def test_own_pages_need_a_login_and_registration_does_not(client, db):
    assert client.get("/peserta/saya/status/")["Location"].startswith("/masuk/")
    assert client.get(REGISTER).status_code == HTTPStatus.OK


def test_registration_pages_are_indonesian_by_default(client, db):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]

    html = client.get(REGISTER).content.decode()

    assert '<html lang="id">' in html
    assert "Lanjut" in html  # "Next"


def test_the_kbli_lookup_matches_words_and_lists_five_digit_codes_only(client, db):
    html = client.get("/peserta/daftar/kbli/", {"q": "kopi"}).content.decode()

    assert "<code>10761</code>" in html  # Industri Pengolahan Kopi
    assert "<code>82190</code>" not in html  # Aktivitas Fotokopi: "kopi" inside a word
    assert "<code>1076</code>" not in html  # the four-digit group of 10761
