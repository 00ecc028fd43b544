"""Legal names (#23 item 6): what Indonesian names contain is accepted, anything else is refused
with a message naming the character, on every way in (the rule, the registration form, the import
and the API)."""

import json
from datetime import date
from http import HTTPStatus

import pytest
from django.conf import settings
from django.utils import translation

from wirausaha.registry.models import Participant
from wirausaha.registry.names import name_problem
from wirausaha.registry.nik import build_nik
from wirausaha.registry.tests.imports.support import check, csv_bytes, errors_of, row
from wirausaha.registry.tests.registration.support import errors_in
from wirausaha.registry.validation import Invalid, parse_name

NAMES = [
    "Siti Aminah",
    "Sukarno",  # one name is a whole name
    "Ni Luh Putu Ayu",
    "Ma'ruf Amin",
    "Nu\u2019man",
    "Dr. Ir. H. Ahmad Syafi'i, S.E., M.M.",
    "Siti Nur-Aini",
    "Yohanes Élie",
    "Tan Ah Kow 陈亚九",
    "ꦱꦶꦠꦶ",  # Javanese script, with a vowel sign
    "محمد",
]
REFUSED = [
    ("<script>alert(1)</script>", 1, "<"),
    ('"><img src=x onerror=alert(1)>', 1, '"'),
    ("Siti 😀🙏 Aminah", 6, "😀"),
    ("Siti Aminah 2", 13, "2"),
    ("Siti_Aminah", 5, "_"),
    ("Siti\u200bAminah", 5, "\u200b"),
]


@pytest.mark.parametrize("name", NAMES)
def test_what_indonesian_names_contain_is_accepted(name):
    assert name_problem(name) is None
    assert parse_name(name) == name


@pytest.mark.parametrize(("name", "position", "character"), REFUSED)
def test_anything_else_is_refused_naming_the_character_and_its_place(name, position, character):
    problem = name_problem(name)
    assert (problem.code, problem.position, problem.character) == ("character", position, character)
    with translation.override("en"), pytest.raises(Invalid) as refused:
        parse_name(name)
    assert f"character {position}" in str(refused.value)


@pytest.mark.parametrize("name", ["...", "- -", "'"])
def test_a_name_needs_a_letter(name):
    assert name_problem(name).code == "no_letter"


@pytest.mark.django_db
def test_the_registration_form_refuses_an_emoji_name(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    nik = build_nik(district="32.16.01", birth_date=date(1988, 4, 12), sex="F", serial=11)
    response = client.post(
        "/peserta/daftar/",
        {
            "nik": nik,
            "full_name": "Siti 😀🙏 Aminah",
            "birth_date": "1988-04-12",
            "sex": "F",
            "action": "next",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "character 6" in errors_in(response)["full_name"]


@pytest.mark.django_db
def test_the_import_refuses_a_markup_name_on_its_row():
    result = check(csv_bytes(row(1), row(2, nama_lengkap="<script>alert(1)</script>")))

    assert (result.valid, result.invalid) == (1, 1)
    assert errors_of(result) == [(3, "nama_lengkap")]


@pytest.mark.django_db
def test_the_api_refuses_a_markup_name_with_the_field_named(client, bekasi_officer):
    client.force_login(bekasi_officer)
    body = {
        "nik": "3216014508850003",
        "full_name": '"><img src=x onerror=alert(1)>',
        "birth_date": "05/08/1985",
        "sex": "P",
        "phone": "0812-3456-7890",
        "domicile": "32.16.01.2001",
        "layoff_date": "01/03/2025",
        "consent": True,
    }

    response = client.post("/api/v1/participants", json.dumps(body), content_type="application/json")

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY, response.content
    assert "full_name" in response.content.decode()
    assert not Participant.objects.exists()
