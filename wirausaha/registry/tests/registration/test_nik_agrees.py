"""The NIK against what the person typed (#23 item 5): a disagreeing birth date or sex is said at
step 1, next to the field, naming what the NIK says; a person whose KTP really says so may go on
(an officer checks the flag); empty birth date and sex are filled in from the NIK, and the region
lists start at the NIK's region. A character that is not a digit is named with its position."""

import re
from datetime import date
from http import HTTPStatus

import pytest
from django.conf import settings
from django.utils import translation

from wirausaha.registry.answers import Invalid
from wirausaha.registry.nik import build_nik
from wirausaha.registry.tests.registration.support import errors_in
from wirausaha.registry.validation import parse_nik

REGISTER = "/peserta/daftar/"
# A woman born on 15 August 1988 in Tarumajaya, Bekasi.
NIK = build_nik(district="32.16.01", birth_date=date(1988, 8, 15), sex="F", serial=7)
STEP1 = {"nik": NIK, "full_name": "Siti Aminah", "birth_place": "Bekasi", "action": "next"}


@pytest.fixture
def client(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    ("typed", "position", "character"),
    [("32160155O8880007", 9, "O"), ("3216 0155 0888 000l", 16, "l"), ("32160x5508880007", 6, "x")],
)
def test_a_character_that_is_not_a_digit_is_named_with_its_position(typed, position, character):
    with translation.override("en"), pytest.raises(Invalid) as refused:
        parse_nik(typed)

    assert f"character {position}, “{character}”, is not a digit" in str(refused.value)


def test_a_letter_o_is_told_apart_from_a_zero():
    with translation.override("en"), pytest.raises(Invalid) as refused:
        parse_nik("32160155O8880007")

    assert "not the letter O" in str(refused.value)
    assert "16 characters" not in str(refused.value)


def test_a_birth_date_and_sex_that_disagree_with_the_nik_are_said_at_step_one(client):
    response = client.post(REGISTER, {**STEP1, "birth_date": "1990-01-01", "sex": "M"})

    assert response.status_code == HTTPStatus.OK
    errors = errors_in(response)
    assert "15 August 1988" in errors["birth_date"]
    assert "a woman&#x27;s" in errors["sex"] or "a woman's" in errors["sex"]
    assert 'name="nik_checked"' in response.content.decode()


def test_a_person_whose_ktp_says_so_goes_on_and_the_record_keeps_the_flag_for_an_officer(client):
    response = client.post(REGISTER, {**STEP1, "birth_date": "1990-01-01", "sex": "M", "nik_checked": "on"})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{REGISTER}2/"
    assert client.session["registration"]["data"]["birth_date"] == "1990-01-01"


def test_an_agreeing_nik_passes_without_a_question(client):
    response = client.post(REGISTER, {**STEP1, "birth_date": "1988-08-15", "sex": "F"})

    assert response.status_code == HTTPStatus.FOUND


def test_empty_birth_date_and_sex_are_filled_in_from_the_nik_for_the_person_to_check(client):
    response = client.post(REGISTER, {**STEP1, "birth_date": "", "sex": ""}, follow=False)

    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert errors_in(response) == {}
    assert 'value="1988-08-15"' in page
    assert re.search(r'value="F"[^>]*checked', page) and not re.search(r'value="M"[^>]*checked', page)
    assert "filled in from your NIK" in page
    # Pressing Next again goes on.
    again = client.post(REGISTER, {**STEP1, "birth_date": "1988-08-15", "sex": "F"})
    assert again.status_code == HTTPStatus.FOUND


def test_the_region_lists_start_at_the_region_of_the_nik(client):
    client.post(REGISTER, {**STEP1, "birth_date": "1988-08-15", "sex": "F"})

    page = client.get(f"{REGISTER}2/").content.decode()

    assert '<option value="32" selected' in page
    assert '<option value="32.16" selected' in page
    assert '<option value="32.16.01" selected' in page
